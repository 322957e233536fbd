#!/bin/sh
# Start from a Deployment whose containers crash: its command names a program the image does not have.
set -e
kubectl apply -f web-deployment.yaml
