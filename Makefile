# Convenience targets; the README's two commands need none of them.
PYTHON ?= python3.11

.PHONY: dist test lint clean

# dist/ticketd.pyz: one executable file with ticketd and its dependencies,
# for the systemd unit (deploy/ticketd.service).
dist:
	$(PYTHON) -m pip install --quiet shiv
	mkdir -p dist
	$(PYTHON) -m shiv --console-script ticketd --output-file dist/ticketd.pyz \
		--python '/usr/bin/env python3.11' --compressed .

test:
	$(PYTHON) -m pytest

lint:
	ruff check . && ruff format --check .

clean:
	rm -rf dist build .ci/venv src/*.egg-info
