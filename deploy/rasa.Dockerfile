# syntax=docker/dockerfile:1
# Rasa's image with the trained model: Rasa 3.6 on Python 3.10, our graph components
# (rasa_components/) and a model trained from this source tree while the image is built (about
# 5 minutes of CPU; nothing is downloaded at training or run time). Build from the repository root:
#   docker build -f deploy/rasa.Dockerfile -t backorder-rasa .
# The dependency layer is requirements/rasa.txt itself (locked by `make lock`, with hashes).

FROM python:3.10-slim-bookworm AS base
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONWARNINGS=ignore::DeprecationWarning
WORKDIR /app
COPY requirements/rasa.txt requirements/rasa.txt
RUN pip install --no-deps --require-hashes -r requirements/rasa.txt
COPY rasa_components rasa_components

# The model, trained as scripts/train.sh trains it.
FROM base AS train
COPY domain.yml config.yml ./
COPY data data
RUN rasa train --fixed-model-name current --out models --quiet

FROM base
COPY credentials.yml ./
COPY --from=train /app/models/current.tar.gz models/current.tar.gz
COPY --chmod=0755 deploy/rasa-run.sh /usr/local/bin/rasa-run
RUN useradd --system --uid 10001 --home-dir /app backorder \
    && mkdir -p /etc/rasa && chown backorder /app /etc/rasa
USER 10001
EXPOSE 5005
CMD ["rasa-run"]
