#!/bin/sh
# The Rasa container's command: the server as `backorder up` runs it (bot/stack.py), listening on
# every interface of the container. endpoints.yml comes from deploy/rasa_endpoints.py (run by the
# app image before this one starts); RASA_TOKEN from the Secret.
set -eu
: "${RASA_TOKEN:?RASA_TOKEN must be set: the token of Rasa's HTTP API, shared with the gateways}"
SANIC_WORKERS="${RASA_WORKERS:-1}"
export SANIC_WORKERS
exec rasa run --enable-api --auth-token "$RASA_TOKEN" \
  --interface 0.0.0.0 --port "${RASA_PORT:-5005}" \
  --model /app/models --endpoints "${RASA_ENDPOINTS:-/etc/rasa/endpoints.yml}" \
  --credentials /app/credentials.yml
