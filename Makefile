# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_DB ?= demo.db

.PHONY: demo test bench browser lint typecheck docs clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,forecast]'
	rm -f $(VENV)/.installed-*
	touch $@

## demo: install everything, ingest the example corpus, print the Iran-China timeline
demo: $(STAMP)
	$(VENV)/bin/tacitus demo --db $(DEMO_DB)

## browser: install Debian's chromium for the end-to-end tests (they skip, saying why, where it cannot be had)
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  ( (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "note: could not install chromium; browser tests will be skipped" )

## test: install what tests need and run them
test: $(STAMP) browser
	$(PY) -m pytest -n 2 -q

## bench: speed and memory figures (never part of the tests)
bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy src/tacitus

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
