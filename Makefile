# The front door: `make run` sets up and serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup install install-dev messages demo test lint format worker beat benchmarks clean

# Without REDIS_URL there is no beat: a loop sends due reminders to the console every minute.
run: setup demo
	@if [ -z "$$REDIS_URL" ]; then \
		$(MANAGE) deliver_reminders --every 60 & loop=$$!; \
		trap 'kill $$loop 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT); \
	else \
		$(MANAGE) runserver $(HOST):$(PORT); \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Compiled catalogues are build output: GNU gettext when present, otherwise Babel (a Python package).
messages: $(BIN)/python
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv -v0; \
	else \
		for po in locale/*/LC_MESSAGES/django.po; do \
			$(BIN)/pybabel compile -i $$po -o $${po%.po}.mo -l $$(echo $$po | cut -d/ -f2) -q || exit 1; \
		done; \
	fi

setup: install messages
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) collectstatic --no-input -v0

demo:
	$(MANAGE) seed_demo

test: install-dev messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker:
	$(BIN)/celery -A miaproject worker -Q default,mail,reports -l info

beat:
	$(BIN)/celery -A miaproject beat -l info

benchmarks: install-dev messages
	$(BIN)/python benchmarks/queries.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
