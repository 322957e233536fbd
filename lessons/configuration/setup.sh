#!/bin/sh
# Start from a Deployment whose pod needs a ConfigMap that nobody created, behind a Service.
set -e
kubectl apply -f web-deployment.yaml -f web-service.yaml
