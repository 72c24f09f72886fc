# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HASH   := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
STAMP  := $(VENV)/.installed-$(HASH)
DEMO_STAMP := $(VENV)/.installed-demo-$(HASH)
DEMO_DB ?= demo.db

.PHONY: demo test test-fast bench browser lint typecheck docs clean model

# Every extra and the test tools (pyproject.toml lists the extras: web, parquet, distributed, plot,
# forecast, gazetteer; [all] is all of them).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[all,test]'
	rm -f $(VENV)/.installed-*
	touch $@

# What the demo needs: every extra, no test tools (nothing to do when the test install is there).
$(DEMO_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -f $(STAMP) || ( $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[all]' )
	rm -f $(VENV)/.installed-demo-*
	touch $@

## demo: install everything, ingest the example corpus, print the Iran-China timeline
demo: $(DEMO_STAMP)
	$(VENV)/bin/tacitus demo --db $(DEMO_DB)

## browser: install Debian's chromium for the end-to-end tests (they skip, saying why, where it cannot be had)
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  ( (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "note: could not install chromium; browser tests will be skipped" )

## test: install what tests need and run them all (CI runs this), the core-only install test included
test: $(STAMP) browser
	$(PY) -m pytest -n 2 -q

## test-fast: the edit loop, under 2 minutes: every test but the slow and the browser ones
test-fast: $(STAMP)
	$(PY) -m pytest -n 2 -q -m "not slow and not browser"

## bench: speed and memory figures (never part of the tests)
bench: $(STAMP)
	$(PY) -m bench

## model: retrain the event model from training/ (and ../shared's GSR TRAIN half and NGEC stories when present)
model: $(STAMP)
	$(PY) tools/train_event_model.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy src/tacitus

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
