# Everything a fresh machine with Python 3.11 needs, nothing installed by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

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
