# Only python3, make and pip are assumed. Every target builds .venv itself.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: dev demo test lint typecheck pytest bench diagrams golden clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[diagrams,client,server]"
	touch $@

# A strict editable install links each module file, so a new module needs a reinstall:
# the stamp records the module list and is rewritten only when that list changes.
MODULES := $(VENV)/.modules
$(shell mkdir -p $(VENV) && find guard statemachine policies diagrams -name '*.py' 2>/dev/null \
	| sort > $(MODULES).new && (cmp -s $(MODULES).new $(MODULES) || mv $(MODULES).new $(MODULES)))

$(STAMP_DEV): pyproject.toml $(MODULES) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]" --config-settings editable_mode=strict
	touch $@ $(STAMP_RUN)

dev: $(STAMP_DEV)

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

# make bench BENCH_ARGS='--json bench.json' saves the run; '--quick' is a smoke test.
BENCH_ARGS ?=
bench: $(STAMP_DEV)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

diagrams: $(STAMP_DEV)
	$(BIN)/orderguard diagram --all --out docs/diagrams

golden: $(STAMP_DEV)
	$(BIN)/python -m tests.regen_golden

clean:
	rm -rf $(VENV) build dist *.egg-info
