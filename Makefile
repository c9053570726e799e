# chanhe-budget — `make help` lists the targets.
# Each target creates (or reuses) the project's own virtual environment in .venv
# and installs the package from pyproject.toml into it.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED   := data/raw/2025/洛阳市瀍河回族区行政审批和政务信息管理局.txt

.DEFAULT_GOAL := help
.PHONY: help venv report reports corpus figures tables test test-fast lint bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "chanhe-budget needs Python 3.11+, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP) ## create or update the virtual environment

report: $(STAMP) ## the main job: build (or reuse, when current) the report of the bundled disclosure, print where its HTML is
	$(BIN)/chanhe-budget report "$(SEED)"

reports: $(STAMP) ## build every catalogued document (and data/raw) in parallel, the corpus report and reports/index.html
	$(BIN)/chanhe-budget report --all

corpus: $(STAMP) ## compare departments and years: reports/corpus/corpus.html
	$(BIN)/chanhe-budget report --corpus

figures: $(STAMP) ## print the key figures of the bundled disclosure
	$(BIN)/chanhe-budget figures "$(SEED)"

tables: $(STAMP) ## write the bundled disclosure's tables to data/processed/ as CSV
	$(BIN)/chanhe-budget tables "$(SEED)" --out data/processed/2025

test: $(STAMP) ## lint and run the whole test suite
	$(BIN)/ruff check chanhe_budget tests benchmarks
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## the tests without the papermill notebook runs
	$(BIN)/python -m pytest -q -m "not notebook"

lint: $(STAMP) ## ruff only
	$(BIN)/ruff check chanhe_budget tests benchmarks

bench: $(STAMP) ## print the benchmark figures (parse, PDF, audit, reports, corpus)
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_corpus.py

clean: ## remove the environment and caches (reports/ and data/ are kept)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info
