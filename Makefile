# ENT Coach — the two everyday commands are `make run` and `make test`; both set up .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What the system must provide (Python with venv, Qt's libraries); see the script's header.
SYSTEM_DEPS := scripts/system-deps.sh

.PHONY: run test system lint content bench bench-seances bundle screenshots clean

# A .venv without pip (left by a Python that could not make one) is made again.
$(STAMP): pyproject.toml
	$(BIN)/python -m pip --version >/dev/null 2>&1 || { $(SYSTEM_DEPS) python $(PYTHON) && $(PYTHON) -m venv --clear $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Qt's system libraries (Linux): checked in a blink on every run, installed when missing.
system:
	@$(SYSTEM_DEPS) install

run: system $(STAMP)
	$(BIN)/ent-coach $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ent_coach tests bench scripts

content: $(STAMP)
	$(BIN)/ent-coach check-content

test: system lint content
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: system $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

# Coaching séances: importing progress files (a few minutes) and the tutor's dashboard.
bench-seances: system $(STAMP)
	$(BIN)/python bench/coaching_import.py
	$(BIN)/python bench/coaching_import_memory.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/coaching_dashboard.py

bundle: system $(STAMP)
	@$(SYSTEM_DEPS) bundle
	$(BIN)/pyinstaller --noconfirm --clean build.spec
	QT_QPA_PLATFORM=offscreen dist/ent-coach/ent-coach self-test

screenshots: system $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

clean:
	rm -rf build dist .pytest_cache .ruff_cache
