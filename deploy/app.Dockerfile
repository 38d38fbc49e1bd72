# syntax=docker/dockerfile:1
# The app's image: backend, action server, gateway and delivery worker (one image, four commands;
# see deploy/compose.yaml and deploy/kubernetes/). Build from the repository root:
#   docker build -f deploy/app.Dockerfile -t backorder-app .
# The dependency layer is requirements/runtime.txt: the services' part of requirements/, locked by
# `make lock` at exactly the versions of requirements/app.txt that the tests ran with, with hashes.

# The web widget's bundle (rasa-webchat) and the agent console's socket.io client, exactly as
# package-lock.json pins them.
FROM node:20-bookworm-slim AS widget
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app
WORKDIR /app
# Dependencies first: this layer changes only when requirements/ does.
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --no-deps --require-hashes -r requirements/runtime.txt
# The code, run from /app as `backorder up` runs it from the repository: var/ and endpoints.yml are
# found beside the packages.
COPY pyproject.toml endpoints.yml ./
COPY backorder_common backorder_common
COPY backend backend
COPY actions actions
COPY bot bot
COPY deploy/rasa_endpoints.py deploy/rasa_endpoints.py
COPY --from=widget /app/node_modules/rasa-webchat/lib/index.js node_modules/rasa-webchat/lib/index.js
COPY --from=widget /app/node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/dist/socket.io.min.js
# The `backorder` command (backend/cli.py; the project itself is not installed: its code is /app).
RUN printf '#!/bin/sh\nexec python -m backend.cli "$@"\n' > /usr/local/bin/backorder \
    && chmod 0755 /usr/local/bin/backorder
RUN useradd --system --uid 10001 --home-dir /app backorder \
    && mkdir -p /app/var /etc/rasa && chown backorder /app/var /etc/rasa
USER 10001
EXPOSE 8000 8080 5055
# One service per container: the command says which (compose.yaml, kubernetes/).
CMD ["uvicorn", "backend.app:app", "--host", "0.0.0.0", "--port", "8000", "--no-access-log"]
