# netreach — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8080
export HOST PORT

INSTALLED := $(VENV)/.installed
WIDGET    := widget/dist/.built

.PHONY: run test install lock audit widget wheel migrate demo eval reference screenshots bench bench-full bench-relay bench-connections bench-queue bench-scaleout bench-soak bench-widget lint translations settings-doc clean

run: $(INSTALLED) $(WIDGET)
	$(BIN)/netreach migrate
	$(BIN)/netreach demo
	$(BIN)/netreach serve --host $(HOST) --port $(PORT)

# the widget's unit tests (node --test) first: pytest's summary stays the last line
test: $(INSTALLED) $(WIDGET)
	cd widget && npm test
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

install: $(INSTALLED)

$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "netreach needs Python >= 3.11 (found %s); set PYTHON=python3.11 or newer" % sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# every dependency exactly as locked, each file checked against its hash; then netreach
	# itself (editable), adding nothing (the lock holds '.[dev]' whole)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# after a change of dependencies in pyproject.toml: the lock again, with hashes (pip-tools in a
# tool venv of its own, so it never lands in the project's)
lock:
	test -x .tools/bin/pip-compile || ($(PYTHON) -m venv .tools && .tools/bin/pip install --quiet pip-tools pip-audit)
	.tools/bin/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml
	# the dev extra names netreach itself (its postgres and redis extras): that line is no
	# dependency of the lock, and it has no hash
	.tools/bin/python -c 'import re, pathlib; p = pathlib.Path("requirements.lock"); p.write_text(re.sub(r"# WARNING: pip install will require[^\n]*\n#[^\n]*\nnetreach @ [^\n]*\n(    #[^\n]*\n)*", "", p.read_text()))'

# known vulnerabilities in the locked dependencies (advisories from PyPI); .ci/run runs it
audit:
	.ci/audit

widget: $(WIDGET)

$(WIDGET): widget/package.json widget/package-lock.json widget/build.mjs $(wildcard widget/src/*)
	@node -e 'const v=process.versions.node.split(".")[0]; if (v < 18) { console.error("netreach needs Node >= 18 (found " + process.versions.node + ")"); process.exit(1) }'
	cd widget && npm ci --no-audit --no-fund --loglevel=error
	cd widget && node build.mjs
	touch $@

# dist/netreach-*.whl: the server with its templates, catalogs, migrations and the built widget
# inside (pip install 'netreach-….whl[postgres,redis]' for PostgreSQL and Redis)
wheel: $(INSTALLED) $(WIDGET)
	@test -s widget/dist/loader.js || { echo "make wheel: the widget is not built (widget/dist/loader.js is missing): run make widget" >&2; exit 1; }
	rm -rf build dist
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .
	@ls dist/netreach-*.whl

migrate: $(INSTALLED)
	$(BIN)/netreach migrate

demo: $(INSTALLED)
	$(BIN)/netreach demo

eval: $(INSTALLED)
	$(BIN)/python bench/crisis_eval.py

# the detector's fast paths against the straightforward reading on every text of the training
# corpus (~49 CPU minutes; `make test` reads an eighth of it): after a lexicon or detector change
reference: $(INSTALLED)
	NETREACH_REFERENCE=full $(BIN)/python -m pytest -n 2 -q tests/moderation/test_reference.py

# the README's pictures, made by a browser test (needs Chromium: apt-get install chromium)
screenshots: $(INSTALLED) $(WIDGET)
	NETREACH_SCREENSHOTS=1 NETREACH_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q tests/browser/test_screenshots_browser.py

bench: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/run_all.py

bench-full: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/run_all.py --full

bench-relay: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/relay.py

bench-connections: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/connections.py

bench-queue: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/queue_burst.py

bench-scaleout: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/scaleout.py

bench-soak: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/soak.py

bench-widget: $(INSTALLED) $(WIDGET)
	$(BIN)/python bench/widget_weight.py

lint: $(INSTALLED) $(WIDGET)
	$(BIN)/ruff check server moderation tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	cd widget && npm run lint && npm run typecheck

# the settings table in README.md, generated from server/settings.py (tests fail when it is stale)
settings-doc: $(INSTALLED)
	$(BIN)/python -c 'from server.settings import write_settings_table; write_settings_table("README.md")'

translations: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -o server/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i server/translations/messages.pot -d server/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) widget/node_modules widget/dist build dist
