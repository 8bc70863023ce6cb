# Convenience targets; the README's two commands need none of them.
# Everything runs in the project's virtual environment (created when
# missing), never in the global Python.
PYTHON ?= python3.11
VENV ?= .venv
VENV_PYTHON := $(VENV)/bin/python

.PHONY: dist test lint clean

# dist/ticketd.pyz: one executable file with ticketd and its dependencies,
# for the systemd unit (deploy/ticketd.service).
dist: $(VENV_PYTHON)
	$(VENV_PYTHON) -m pip install --quiet shiv
	mkdir -p dist
	$(VENV_PYTHON) -m shiv --console-script ticketd --output-file dist/ticketd.pyz \
		--python '/usr/bin/env python3.11' --compressed .

$(VENV_PYTHON):
	$(PYTHON) -m venv $(VENV)

test: $(VENV_PYTHON)
	$(VENV_PYTHON) -m pytest

lint: $(VENV_PYTHON)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf dist build .ci/venv src/*.egg-info
