# Only python3, make and pip are assumed. Every target builds .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest bench diagrams golden clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[diagrams]"
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]" --config-settings editable_mode=strict
	touch $@ $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/orderguard demo

test: $(STAMP_DEV) lint typecheck pytest

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP_DEV)
	$(BIN)/mypy -p orderguard

pytest: $(STAMP_DEV)
	$(BIN)/python -m pytest

bench: $(STAMP_DEV)
	$(BIN)/python -m benchmarks

diagrams: $(STAMP_DEV)
	$(BIN)/orderguard diagram --all --out docs/diagrams

golden: $(STAMP_DEV)
	$(BIN)/python -m tests.regen_golden

clean:
	rm -rf $(VENV) build dist *.egg-info
