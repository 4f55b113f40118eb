# Factcheck: `make run` serves the app with the demo desk, `make test` runs the whole suite.
# Both set everything up on a fresh machine: a Python >= 3.12, the .venv, the locked dependencies.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# The first interpreter >= 3.12 among: $PYTHON, .python-version's pyenv build, python3.13/3.12 on
# PATH, pyenv's builds, plain python3.
define find_python
for c in "$$PYTHON" \
  $$( [ -f .python-version ] && echo "$$HOME/.pyenv/versions/$$(cat .python-version)/bin/python3" ) \
  python3.13 python3.12 $$(ls -d /root/.pyenv/versions/3.1[3-9]*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3 2>/dev/null) python3; do \
  [ -n "$$c" ] || continue; \
  p=$$(command -v "$$c" 2>/dev/null) || continue; \
  if "$$p" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then echo "$$p"; exit 0; fi; \
done; exit 1
endef

.PHONY: run test lint format bench clean messages
.DEFAULT_GOAL := run

$(VENV)/.installed: pyproject.toml uv.lock
	@py=$$($(find_python)) || { echo "error: Factcheck needs Python >= 3.12 and none was found." \
	  "Install one (e.g. apt-get install python3.13, or pyenv install 3.12) or set PYTHON=/path/to/python3.12." >&2; exit 1; }; \
	echo "Using $$py ($$($$py --version))"; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then rm -rf $(VENV); fi; \
	[ -x $(PY) ] || "$$py" -m venv $(VENV); \
	$(VENV)/bin/pip install --quiet "uv==$(UV_VERSION)" && \
	UV_PROJECT_ENVIRONMENT=$(VENV) $(VENV)/bin/uv sync --frozen --inexact --compile-bytecode --python $(PY) --quiet && \
	touch $@

# The development server runs with DEBUG on (and a local-only secret key) unless told otherwise.
run: export DJANGO_DEBUG := $(if $(DJANGO_DEBUG),$(DJANGO_DEBUG),1)
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Factcheck on http://$(HOST):$(PORT)/  (demo users reviewer1, reviewer2, editor, revisora (Spanish), admin;" \
	  "password: $${FACTCHECK_DEMO_PASSWORD:-factcheck-demo})"
	$(PY) manage.py db_worker --interval 1 & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core (npm) for the accessibility checks in the browser tests; skipped without npm.
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.10.3
$(AXE):
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION); \
	else echo "npm not found: accessibility checks will be skipped"; fi

test: $(VENV)/.installed $(AXE)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The interface's translations (GNU gettext needed): refresh locale/*/LC_MESSAGES/django.po from the
# marked strings, translate the new entries (empty or fuzzy), then `make messages` again compiles them.
# tests/test_i18n.py fails while any entry is untranslated or a .mo is stale.
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --all --no-location --no-obsolete \
	  --ignore='.venv/*' --ignore='bench/*' --ignore='tests/*' --ignore='staticfiles/*'
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore='.venv'

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3 screenshots

# Benchmarks (not part of the tests): PostgreSQL and Redis on 127.0.0.1, wrk and nginx; writes
# bench/RESULTS.md.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is needed: apt-get install -y nginx-light" >&2; exit 1; }
	$(PY) bench/run_all.py $(BENCH_ARGS)
