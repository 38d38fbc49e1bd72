# The two commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
RASA_VENV := .venv-rasa
UV := $(VENV)/bin/uv

.PHONY: help setup train run test test-fast bench lock lint chromium haproxy deploy-check
help:
	@echo "make run    set up, train if needed, seed the demo database, start everything"
	@echo "make test   set up, train if needed, run the whole test suite"
	@echo "make setup | train | bench | lint | lock | test-fast | deploy-check"

setup: $(VENV)/.synced $(RASA_VENV)/.synced node_modules/.synced chromium haproxy

# The app's environment (Python 3.11): uv installs the locked requirements, then the project.
$(VENV)/.synced: requirements/app.txt pyproject.toml
	@test -x $(VENV)/bin/python || $$(scripts/find-python 3.11) -m venv $(VENV)
	@test -x $(UV) || { $(VENV)/bin/python -m ensurepip >/dev/null 2>&1; \
		$(VENV)/bin/python -m pip install -q --disable-pip-version-check \
		"$$(grep '^uv==' requirements/app.txt)"; }
	$(UV) pip sync -q --python $(VENV)/bin/python requirements/app.txt
	$(UV) pip install -q --python $(VENV)/bin/python --no-deps -e .
	@touch $@

# Rasa's environment (Python 3.10, rasa==3.6.21), kept apart: Rasa pins SQLAlchemy 1.4 and pydantic 1.
$(RASA_VENV)/.synced: requirements/rasa.txt $(VENV)/.synced
	@py310=$$(scripts/find-python 3.10) && { test -x $(RASA_VENV)/bin/python || $(UV) venv -q --python $$py310 $(RASA_VENV); }
	$(UV) pip sync -q --python $(RASA_VENV)/bin/python requirements/rasa.txt
	@touch $@

# The web widget's assets (rasa-webchat) from the npm registry, exactly as locked.
node_modules/.synced: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	@touch $@

chromium:
	@scripts/install-chromium

# The balancer of the cluster mode (BACKORDER_INSTANCES=N backorder up), Debian's package.
haproxy:
	@scripts/install-haproxy

train: setup
	@scripts/train.sh

run: setup train
	@$(VENV)/bin/backorder seed --if-empty
	@exec $(VENV)/bin/backorder up

test: setup train
	$(VENV)/bin/pytest

test-fast: setup
	$(VENV)/bin/pytest -m "not slow"

# deploy/ checked offline (also part of `make test`): Compose and Kubernetes schemas, hadolint,
# the images' lock files against requirements/.
deploy-check: setup
	$(VENV)/bin/pytest -q tests/deploy

bench: setup train
	@for bench in bench/*.py; do $(VENV)/bin/python $$bench || exit 1; done

# What CI checks before the tests (.ci/run). rasa_components/ runs in Rasa's environment and
# keeps its `# ruff: noqa` lines for Rasa's typing; ruff still parses and formats it.
LINT_PATHS := backorder_common backend bot actions tests rasa_components bench scripts deploy
lint: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy backorder_common backend bot actions

# Re-pin every dependency after editing requirements/*.in. runtime.txt (the app image's layer,
# deploy/app.Dockerfile) takes app.txt's versions; tests/deploy/ fails when one is stale.
lock: $(VENV)/.synced
	$(UV) pip compile -q requirements/app.in --python-version 3.11 --python-platform x86_64-unknown-linux-gnu -o requirements/app.txt
	$(UV) pip compile -q requirements/rasa.in --python-version 3.10 --python-platform x86_64-unknown-linux-gnu --generate-hashes -o requirements/rasa.txt
	$(UV) pip compile -q requirements/runtime.in -c requirements/app.txt --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --generate-hashes -o requirements/runtime.txt
