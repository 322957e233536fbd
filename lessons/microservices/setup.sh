#!/bin/sh
# Start from the shop already running as three services, one of which (catalog) has a Service whose selector has a
# typo, so it selects no pods: the lesson's first job is to find and fix that.
set -e
kubectl apply -f auth.yaml -f catalog.yaml -f orders.yaml
for d in auth catalog orders; do kubectl rollout status "deployment/$d" --timeout=600s; done
