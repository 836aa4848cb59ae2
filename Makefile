# The two commands a newcomer needs are `make run` and `make test`; everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres serve lint format migrations-check clean bench bench-evening bench-newsletter bench-network e2e a11y

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
# the tests that start two gunicorn servers sharing them (and three newsletter senders),
# one behind a real nginx and one behind a real Varnish (apt-get install nginx varnish
# varnish-modules; .ci/run does it).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/3

test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest -m "not e2e and not servers"
	DATABASE_URL=$(POSTGRES_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest -m servers tests/test_servers.py tests/test_proxy.py tests/test_varnish.py tests/newsletter/test_concurrent_senders.py

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
	$(BIN)/python -m tools.bench

# A busy evening: Zipf readers over 2,000 stories for 60 s while comments are approved and a
# story is published; the page-cache hit ratio and p99. Needs wrk and a Redis database it
# may empty: make bench-evening BENCH_REDIS_URL=redis://127.0.0.1:6379/N
# (BENCH_ROOT=/path/to/another/checkout runs that code instead, e.g. the code before a change).
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
bench-evening: install
	$(BIN)/python -m tools.bench_evening --redis-url $(BENCH_REDIS_URL) $(if $(BENCH_ROOT),--root $(BENCH_ROOT))

# One daily digest to 5,000, 20,000 and 50,000 subscribers through a local SMTP sink:
# time and peak memory of `send_newsletter` at each size (BENCH_DATABASE_URL: PostgreSQL).
bench-newsletter: install
	$(BIN)/python -m tools.bench_newsletter $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

# One town of 1,000 stories against town 0 of 200 such towns (200,000 stories), both on
# PostgreSQL: each page's SQL queries, requests/s and p99 side by side, host routing, and
# EXPLAIN ANALYZE of the slowest queries. Drops and creates BENCH_NETWORK_DATABASE_URL
# (and the same name with _one); BENCH_NETWORK_OPTIONS=--reuse keeps them once seeded.
BENCH_NETWORK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_network
bench-network: install
	$(BIN)/python -m tools.bench_network --database-url $(BENCH_NETWORK_DATABASE_URL) $(BENCH_NETWORK_OPTIONS)
