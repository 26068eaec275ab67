# The two commands a newcomer types: `make demo` and `make test`. Both set up .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bench browse clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/humas demo

# The browser test needs Debian's chromium: installed here when missing (as root, as CI runs).
test: $(STAMP)
	.ci/install-system-packages
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python benchmarks/crawl.py
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/dedup.py
	$(BIN)/python benchmarks/faults.py

browse: $(STAMP)
	$(BIN)/humas browse

clean:
	rm -rf $(VENV) corpus.db corpus.db-wal corpus.db-shm
