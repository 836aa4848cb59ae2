# The two commands a newcomer needs are `make run` and `make test`; everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres serve lint format migrations-check clean bench e2e a11y

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install migrations-check
	$(BIN)/python -m pytest

# The same suite on PostgreSQL and Redis (both run on 127.0.0.1 here and in CI), plus
# the tests that start two gunicorn servers sharing them.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/3

test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest -m "not e2e"
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest -m servers tests/test_servers.py

serve: install
	DJANGO_STATIC_MANIFEST=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	DJANGO_STATIC_MANIFEST=1 $(BIN)/python -m gunicorn -c newsroom/gunicorn.conf.py

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache

E2E_NODE := tests/e2e/node_modules/.installed-stamp

$(E2E_NODE): tests/e2e/package.json tests/e2e/package-lock.json
	cd tests/e2e && npm ci --ignore-scripts --no-audit --no-fund
	touch $(E2E_NODE)

# The browser tests need Debian's chromium (and a Java runtime for the Nu checker):
#   apt-get install chromium default-jre-headless   (.ci/run does it)
e2e: install $(E2E_NODE)
	$(BIN)/python -m pytest -m e2e tests/e2e --liveserver 127.0.0.1

a11y: install $(E2E_NODE)
	$(BIN)/python -m pytest -m a11y tests/e2e --liveserver 127.0.0.1 -s

bench: install
	$(BIN)/python -m newsroom.bench
