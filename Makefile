# Gongzhi: the two commands of the README.
#   make demo   set up and run the demo on http://127.0.0.1:8000
#   make test   set up and run every check and test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check lint setup clean

$(STAMP): pyproject.toml requirements.lock package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(BIN)/python scripts/assets.py --force
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/gongzhi demo

test: $(STAMP)
	$(BIN)/python scripts/check.py

clean:
	rm -rf $(VENV) var/static
