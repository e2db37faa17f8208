# graphkit: the README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out

.PHONY: setup browser demo data lint test clean stop

## setup: create .venv and install graphkit with exact versions (constraints.txt)
setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test,bench,analysis,data]'
	touch $@

## browser: Debian's chromium + chromium-driver for the browser tests (needs root or sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium chromium-driver; }

## demo: set-up, then the main job on the local Neo4j (left running)
demo: setup
	@$(BIN)/graphkit neo4j status >/dev/null 2>&1 || $(BIN)/graphkit neo4j start
	$(BIN)/graphkit validate datasets
	$(BIN)/graphkit load datasets
	$(BIN)/graphkit stats
	$(BIN)/graphkit centrality --top 10 --format table
	$(BIN)/graphkit render --view cooperation --out $(OUT)/cooperation.html
	$(BIN)/graphkit render --view forums --out $(OUT)/forums.html
	$(BIN)/graphkit report --out $(OUT)/report.html

## data: rebuild the bundled rows that come from a standard source file (kept under datasets/raw/, or a pinned package's data), the source tiers and the coverage tables
data: setup
	$(BIN)/python datasets/scripts/build_votes.py
	$(BIN)/python datasets/scripts/build_stakeholders.py
	$(BIN)/python datasets/scripts/build_un_members.py
	$(BIN)/python datasets/scripts/build_igo_members.py
	$(BIN)/python datasets/scripts/mark_early_memberships.py
	$(BIN)/python datasets/scripts/classify_sources.py
	$(BIN)/python datasets/scripts/coverage.py --write
	$(BIN)/graphkit validate datasets

## lint: ruff (lint and format) and mypy, as make test runs them
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## test: set-up, lint and type checks, then every test against a real Neo4j the test session starts and stops
test: setup browser lint
	$(BIN)/python -m pytest

stop:
	-$(BIN)/graphkit neo4j stop

clean: stop
	rm -rf $(VENV) .graphkit $(OUT) .pytest_cache dist .mypy_cache .ruff_cache
