# RescueDesk — set-up, run, test, bench.
#   make run     set everything up, launch the GUI (embedded SQLite in the user data dir)
#   make test    set everything up, lint, run the whole test suite (SQLite + PostgreSQL)
#   make bench   set everything up, run the benchmarks
#   make mutants mutation testing of the rule, access, consent, letter, privacy and audit
#                modules (slow, not part of `make test` nor CI; see docs/mutants.md)
# Extra arguments: make run ARGS='--db URL', make test PYTEST_ARGS='-k search -x'

SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
LINT_PATHS := $(wildcard rescuedesk tests bench)
# Two pytest workers (pytest-xdist), a test file each at a time: the suite is one process's
# work otherwise, and most of it waits on one core. TEST_JOBS= runs it in one process.
TEST_JOBS ?= -n 2 --dist loadfile

.PHONY: setup run test lint bench mutants screenshots translations clean distclean

# scripts/setup.sh is idempotent and fast on re-runs: pip only runs again when
# pyproject.toml is newer than $(VENV)/.setup-stamp.
setup:
	@scripts/setup.sh

run: setup
	$(VENV)/bin/rescuedesk $(ARGS)

lint: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)

test: setup lint
	QT_QPA_PLATFORM=offscreen scripts/with-postgres.sh $(PY) -m pytest $(TEST_JOBS) $(PYTEST_ARGS)

bench: setup
	QT_QPA_PLATFORM=offscreen scripts/with-postgres.sh $(PY) -m bench $(ARGS)

# mutmut copies the package to mutants/ and, for each mutant, runs the tests that reach the
# mutated function ([tool.mutmut] in pyproject.toml: modules and test selection). Re-runs
# only test what changed. MUTANTS_JOBS=1 on a busy machine; ARGS='rescuedesk.privacy*'
# for one module. `$(VENV)/bin/mutmut show NAME` shows a survivor's diff.
MUTANTS_JOBS ?= 2
mutants: setup
	$(VENV)/bin/pip install --quiet -e '.[test,mutants]'
	QT_QPA_PLATFORM=offscreen nice -n 10 $(VENV)/bin/mutmut run --max-children $(MUTANTS_JOBS) $(ARGS)
	$(VENV)/bin/mutmut results

# After changing user-visible strings: refresh the .ts, then translate what is new.
translations: setup
	$(PY) scripts/update_translations.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m rescuedesk.ui.screenshots docs/screenshots

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis *.egg-info mutants
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -type d -prune -exec rm -rf {} + \) \
	    -o \( -name '*.qm' -path './resources/*' -exec rm -f {} + \)

distclean: clean
	rm -rf $(VENV)
