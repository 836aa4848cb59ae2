"""Retired keys go to the CDN after the commit, in the background, never failing a save.

Each CDN's API is played by a local HTTP server that records what it is sent.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsroom import cdn_purge
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class RecordingServer:
    """An HTTP server on loopback that answers every request with ``status`` (after
    ``delay`` seconds) and keeps what it was sent."""

    def __init__(self, status: int = 200, delay: float = 0.0) -> None:
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": self.headers,  # names in any case
                        "body": body,
                    }
                )
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_POST = do_PURGE = handle_one

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def cdn():
    servers = []

    def start(**kwargs) -> RecordingServer:
        servers.append(RecordingServer(**kwargs))
        return servers[-1]

    yield start
    cdn_purge.purges.wait()
    for server in servers:
        server.close()


def publish_a_correction(django_capture_on_commit_callbacks):
    story = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        story.body = "<p>Corrected.</p>"
        story.save()
    assert cdn_purge.purges.wait()
    return story


def test_varnish_gets_a_purge_naming_the_retired_keys(
    cdn, settings, django_capture_on_commit_callbacks
):
    first, second = cdn(), cdn()
    settings.CDN_PURGE = "varnish"
    settings.CDN_PURGE_URLS = [first.url + "/", second.url + "/"]

    story = publish_a_correction(django_capture_on_commit_callbacks)

    for server in (first, second):  # every Varnish server is told
        assert [r["method"] for r in server.requests] == ["PURGE"]
        keys = server.requests[0]["headers"]["xkey-purge"].split()
        assert f"story-{story.pk}" in keys


def test_fastly_gets_a_batch_purge_by_surrogate_key(
    cdn, settings, django_capture_on_commit_callbacks
):
    fastly = cdn()
    settings.CDN_PURGE = "fastly"
    settings.CDN_PURGE_URLS = [fastly.url]
    settings.CDN_PURGE_TOKEN = "fastly-secret-token"
    settings.CDN_PURGE_SERVICE = "SU1Z0isxPaozGVKXdv0eY"

    story = publish_a_correction(django_capture_on_commit_callbacks)

    (request,) = fastly.requests
    assert (request["method"], request["path"]) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert request["headers"]["Fastly-Key"] == "fastly-secret-token"
    assert f"story-{story.pk}" in json.loads(request["body"])["surrogate_keys"]


def test_cloudflare_gets_a_purge_by_cache_tags(
    cdn, settings, client, django_capture_on_commit_callbacks
):
    cloudflare = cdn()
    settings.CDN_PURGE = "cloudflare"
    settings.CDN_PURGE_URLS = [cloudflare.url]
    settings.CDN_PURGE_TOKEN = "cf-secret-token"
    settings.CDN_PURGE_SERVICE = "023e105f4ecef8ad9ca31a8372d0c353"

    story = publish_a_correction(django_capture_on_commit_callbacks)

    (request,) = cloudflare.requests
    assert request["path"] == "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
    assert request["headers"]["Authorization"] == "Bearer cf-secret-token"
    assert f"story-{story.pk}" in json.loads(request["body"])["tags"]
    # Cloudflare reads a page's tags from Cache-Tag, comma-separated.
    tags = client.get(story.get_absolute_url())["Cache-Tag"].split(",")
    assert f"story-{story.pk}" in tags


def test_many_keys_go_in_batches_the_cdn_accepts(cdn, settings):
    cloudflare = cdn()
    settings.CDN_PURGE = "cloudflare"
    settings.CDN_PURGE_URLS = [cloudflare.url]
    settings.CDN_PURGE_TOKEN = "t"
    settings.CDN_PURGE_SERVICE = "z"

    assert cdn_purge.send([f"story-{n}" for n in range(75)])

    sizes = [len(json.loads(request["body"])["tags"]) for request in cloudflare.requests]
    assert sorted(sizes) == [15, 30, 30]


def test_nothing_is_sent_before_the_commit_or_when_the_change_is_rolled_back(
    cdn, settings, django_capture_on_commit_callbacks
):
    varnish = cdn()
    settings.CDN_PURGE = "varnish"
    settings.CDN_PURGE_URLS = [varnish.url]
    story = ArticleFactory()

    with django_capture_on_commit_callbacks(execute=False):
        story.body = "<p>Never committed.</p>"
        story.save()
    cdn_purge.purges.wait()

    assert varnish.requests == []


def test_a_failing_cdn_never_fails_the_save_and_is_logged_without_the_token(
    cdn, settings, caplog, django_capture_on_commit_callbacks
):
    fastly = cdn(status=503)
    settings.CDN_PURGE = "fastly"
    settings.CDN_PURGE_URLS = [fastly.url]
    settings.CDN_PURGE_TOKEN = "do-not-log-me"
    settings.CDN_PURGE_SERVICE = "svc"

    publish_a_correction(django_capture_on_commit_callbacks)

    assert len(fastly.requests) == 1
    assert "CDN purge (fastly) of" in caplog.text and "HTTP 503" in caplog.text
    assert "do-not-log-me" not in caplog.text


def test_a_slow_cdn_does_not_slow_the_save(cdn, settings, django_capture_on_commit_callbacks):
    varnish = cdn(delay=2.0)
    settings.CDN_PURGE = "varnish"
    settings.CDN_PURGE_URLS = [varnish.url]
    settings.CDN_PURGE_TIMEOUT = 0.5
    story = ArticleFactory()

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        story.body = "<p>Saved at once.</p>"
        story.save()
    saved_in = time.monotonic() - started

    assert saved_in < 0.5
    assert cdn_purge.purges.wait(timeout=3)  # given up after its timeout
    assert len(varnish.requests) == 1


def test_an_unreachable_cdn_is_logged(settings, caplog):
    settings.CDN_PURGE = "varnish"
    settings.CDN_PURGE_URLS = ["http://127.0.0.1:9/"]  # the discard port: nobody listens
    assert cdn_purge.send(["home"]) is False
    assert "CDN purge (varnish) of 1 keys failed" in caplog.text


def test_without_a_cdn_nothing_is_queued(settings, django_capture_on_commit_callbacks):
    settings.CDN_PURGE = "none"
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory()
    assert cdn_purge.purges.queue.unfinished_tasks == 0
