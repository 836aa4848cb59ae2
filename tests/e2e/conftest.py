"""Real-browser tests: Debian's Chromium driven by Playwright against the live test server.

Nothing is downloaded: Playwright uses /usr/bin/chromium, and axe-core and the Nu Html
Checker come from the npm registry into tests/e2e/node_modules (`make e2e` installs them).
"""

import io
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's database calls
# from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if str(HERE) in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A browser page that remembers console errors and failed requests."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requested_hosts: set[str] = set()
        self.page.on("request", lambda r: self.requested_hosts.add(urlsplit(r.url).netloc))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._request_failed)
        self.page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def _request_failed(self, request) -> None:
        # A request the browser itself dropped (the page moved on) is not the site failing.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.failure} {request.url}")


@pytest.fixture
def open_page(browser):
    """A fresh browser context (no cookies) per call, like a new reader."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return Watched(context)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def site(live_server, settings):
    """The demo newsroom, served by the test run on 127.0.0.1."""
    settings.COMMENTS_MIN_SECONDS = 0
    call_command("seed_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
