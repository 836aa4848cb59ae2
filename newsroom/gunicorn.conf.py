"""gunicorn settings for `make serve` and the benchmark; each can be overridden by the
environment (GUNICORN_BIND, GUNICORN_WORKERS) or on the command line."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
wsgi_app = "newsroom.wsgi:application"
# Requests are short; a stuck one is killed rather than holding a worker.
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
