"""Telling the CDN which page keys were retired: Varnish (xkey), Fastly or Cloudflare.

``CDN_PURGE`` chooses (``none`` by default). Purges leave in the background, from one
thread per process that sends what has queued up in one go, each request with a timeout
(``CDN_PURGE_TIMEOUT``): an editor's save never waits for the CDN, and never fails
because of it. A failed purge is logged (the service and the reason, never the token);
the CDN then serves the old page until it expires (``max-age``, a minute).
"""

import json
import logging
import os
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)

# Keys per request: Varnish reads them from one header (8 KB by default); Fastly takes
# 256 keys per batch purge; Cloudflare takes 30 tags per call on most plans.
BATCH = {"varnish": 100, "fastly": 256, "cloudflare": 30}


def chunks(keys: list[str], size: int) -> list[list[str]]:
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def varnish_requests(keys: list[str]) -> list[urllib.request.Request]:
    """One PURGE per Varnish server and batch, the keys in ``xkey-purge`` (see the VCL)."""
    return [
        urllib.request.Request(url, method="PURGE", headers={"xkey-purge": " ".join(batch)})
        for url in settings.CDN_PURGE_URLS
        for batch in chunks(keys, BATCH["varnish"])
    ]


def fastly_requests(keys: list[str]) -> list[urllib.request.Request]:
    """Fastly's purge by surrogate keys, in batches: ``POST /service/<id>/purge``."""
    base = (settings.CDN_PURGE_URLS or ["https://api.fastly.com"])[0].rstrip("/")
    url = f"{base}/service/{settings.CDN_PURGE_SERVICE}/purge"
    headers = {"Fastly-Key": settings.CDN_PURGE_TOKEN, "Accept": "application/json"}
    return json_posts(url, "surrogate_keys", keys, BATCH["fastly"], headers)


def cloudflare_requests(keys: list[str]) -> list[urllib.request.Request]:
    """Cloudflare's purge by cache tags (the ``Cache-Tag`` header the pages carry)."""
    base = (settings.CDN_PURGE_URLS or ["https://api.cloudflare.com"])[0].rstrip("/")
    url = f"{base}/client/v4/zones/{settings.CDN_PURGE_SERVICE}/purge_cache"
    headers = {"Authorization": f"Bearer {settings.CDN_PURGE_TOKEN}"}
    return json_posts(url, "tags", keys, BATCH["cloudflare"], headers)


def json_posts(
    url: str, field: str, keys: list[str], size: int, headers: dict[str, str]
) -> list[urllib.request.Request]:
    """The keys in batches of ``size``, each POSTed as ``{field: [keys]}``."""
    return [
        urllib.request.Request(
            url,
            method="POST",
            data=json.dumps({field: batch}).encode(),
            headers={**headers, "Content-Type": "application/json"},
        )
        for batch in chunks(keys, size)
    ]


REQUESTS = {
    "varnish": varnish_requests,
    "fastly": fastly_requests,
    "cloudflare": cloudflare_requests,
}


def send(keys: Iterable[str]) -> bool:
    """Send the purges now (the background thread calls this). False if any failed."""
    service = settings.CDN_PURGE
    keys = sorted(set(keys))
    if service not in REQUESTS or not keys:
        return True
    ok = True
    for request in REQUESTS[service](keys):
        try:
            with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            ok = False
            logger.warning(
                "CDN purge (%s) of %d keys was refused: HTTP %s", service, len(keys), error.code
            )
        except (OSError, ValueError) as error:
            ok = False
            # The reason's class and text only: the request's headers hold the token.
            logger.warning(
                "CDN purge (%s) of %d keys failed: %s", service, len(keys), type(error).__name__
            )
    return ok


class PurgeQueue:
    """Keys waiting to be purged, and the one thread (per process) that sends them."""

    def __init__(self) -> None:
        self.queue: queue.Queue[frozenset[str]] = queue.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.pid = 0

    def put(self, keys: frozenset[str]) -> None:
        self.start()
        self.queue.put(keys)

    def start(self) -> None:
        with self.lock:
            # A gunicorn worker forked from a parent that had a thread has none of its own.
            if self.thread is None or not self.thread.is_alive() or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self.run, name="cdn-purge", daemon=True)
                self.thread.start()

    def run(self) -> None:
        while True:
            batch = set(self.queue.get())
            taken = 1
            while True:  # everything queued meanwhile goes in the same requests
                try:
                    batch |= self.queue.get_nowait()
                    taken += 1
                except queue.Empty:
                    break
            try:
                send(batch)
            except Exception:  # never let the thread die: later purges still go out
                logger.exception("CDN purge failed")
            finally:
                for _ in range(taken):
                    self.queue.task_done()

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued has been sent (for tests and tools)."""
        deadline = time.monotonic() + timeout
        while self.queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True


purges = PurgeQueue()


def purge_later(keys: Iterable[str]) -> None:
    """Queue these keys for the CDN, if one is configured."""
    keys = frozenset(keys)
    if settings.CDN_PURGE != "none" and keys:
        purges.put(keys)
