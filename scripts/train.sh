#!/usr/bin/env bash
# Trains models/current.tar.gz unless the training data is exactly what the model was trained on.
set -euo pipefail
files=$( { echo domain.yml; echo config.yml; find data -name "*.yml"; find rasa_components -name "*.py"; } | LC_ALL=C sort)
fingerprint=$( { sha256sum $files; cat requirements/rasa.txt; } | sha256sum | cut -c1-16)
if [ -f models/current.tar.gz ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$fingerprint" ]; then
  echo "model is up to date (models/current.tar.gz, data fingerprint $fingerprint)"
  exit 0
fi
echo "training the Rasa model (data fingerprint $fingerprint)..."
start=$(date +%s)
SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONWARNINGS=ignore .venv-rasa/bin/rasa train --fixed-model-name current --out models --quiet
echo "$fingerprint" > models/.fingerprint
echo "trained models/current.tar.gz in $(( $(date +%s) - start )) s"
