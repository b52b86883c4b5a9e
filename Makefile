# Spravka: `make run` serves the help center, `make test` runs the suite.
# Both set up the virtualenv first, so they work on a fresh clone.

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus
INDEX  ?= var/index
PORT   ?= 5000
HOST   ?= 127.0.0.1

export PYTHONDONTWRITEBYTECODE = 1

.PHONY: install index index-if-needed run serve test lint eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

index: install
	$(BIN)/python -m indexer build --corpus $(CORPUS) --index $(INDEX)

index-if-needed: install
	@test -f $(INDEX)/CURRENT || $(BIN)/python -m indexer build --corpus $(CORPUS) --index $(INDEX)

run: index-if-needed
	SPRAVKA_INDEX=$(INDEX) $(BIN)/python -m web --host $(HOST) --port $(PORT)

serve: index-if-needed
	SPRAVKA_INDEX=$(INDEX) $(BIN)/gunicorn --workers 4 --bind $(HOST):$(PORT) 'web:create_app()'

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf var/ .pytest_cache
