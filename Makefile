# ENT Coach — the two everyday commands are `make run` and `make test`; both set up .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint content bench bench-seances bundle screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ent-coach $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ent_coach tests bench scripts

content: $(STAMP)
	$(BIN)/ent-coach check-content

test: lint content
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

# Coaching séances: importing progress files (a few minutes) and the tutor's dashboard.
bench-seances: $(STAMP)
	$(BIN)/python bench/coaching_import.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/coaching_dashboard.py

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/ent-coach/ent-coach self-test

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

clean:
	rm -rf build dist .pytest_cache .ruff_cache
