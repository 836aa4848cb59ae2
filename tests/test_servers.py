"""Two gunicorn servers sharing one PostgreSQL and one Redis behave as one site.

Nothing one server keeps in its own memory may decide what a reader of the other sees:
comments, publishing and read counts all go through the shared database and cache.
These tests start real servers, so they run only with ``-m servers`` on PostgreSQL and
Redis (``make test-postgres``); anywhere else they are skipped and say why.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections, transaction
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from articles.models import Article, ReadCount
from articles.read_buffer import get_read_buffer
from articles.trending import flush_reads, trending_scores
from comments.models import Comment
from comments.protection import form_token
from comments.services import comment_approve
from tests.factories import ArticleFactory, CommentFactory
from tools.servers import free_port, start_gunicorn, stop_process

ON_POSTGRES = connection.vendor == "postgresql"
HAS_REDIS = bool(os.environ.get("REDIS_URL"))

requires_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason=f"needs PostgreSQL (DATABASE_URL=postgres://...); the database is {connection.vendor}",
)
requires_postgres_and_redis = pytest.mark.skipif(
    not (ON_POSTGRES and HAS_REDIS),
    reason="starts gunicorn servers sharing PostgreSQL and Redis: set DATABASE_URL=postgres://... "
    "and REDIS_URL (make test-postgres)",
)

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]

EDITOR = "night-editor"
PASSWORD = "a-long-passphrase-for-the-desk"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
STARTUP_SECONDS = 30


# --- a small browser over urllib -------------------------------------------------------


class DontFollowRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 comes back to the caller, as it is


@dataclass
class Response:
    status: int
    headers: Message
    text: str


class Browser:
    """One reader or editor at one server. Without cookies it is a new anonymous reader
    on every request; with them it keeps a session (one jar per server, since cookies do
    not tell ports apart)."""

    def __init__(self, origin: str, *, cookies: bool = False, user_agent: str = BROWSER) -> None:
        self.origin = origin
        self.user_agent = user_agent
        handlers = [urllib.request.ProxyHandler({}), DontFollowRedirects()]
        if cookies:
            handlers.append(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(
            self.origin + path,
            data=body,
            headers={"User-Agent": self.user_agent, **(headers or {})},
        )
        try:
            with self.opener.open(request, timeout=20) as response:
                return Response(response.status, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Response(error.code, error.headers, error.read().decode())

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request(path, data=data, **kwargs)

    def log_in(self, username: str, password: str) -> None:
        """Through the admin's own login form, as an editor's browser does."""
        login = "/admin/login/?next=/admin/"
        form = self.get(login)
        assert form.status == 200, form.status
        answer = self.post(
            login,
            {
                "csrfmiddlewaretoken": csrf_token(form.text),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
            headers={"Referer": self.origin + login},
        )
        assert answer.status == 302 and answer.headers["Location"] == "/admin/", (
            answer.status,
            answer.text[:2000],
        )

    def admin_action(self, changelist: str, action: str, pk: int) -> None:
        """Tick one row of an admin list, pick an action, press Go."""
        page = self.get(changelist)
        assert page.status == 200, (page.status, page.text[:2000])
        answer = self.post(
            changelist,
            {
                "csrfmiddlewaretoken": csrf_token(page.text),
                "action": action,
                "_selected_action": str(pk),
                "index": "0",
            },
            headers={"Referer": self.origin + changelist},
        )
        assert answer.status == 302, (answer.status, answer.text[:2000])


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the admin form"
    return found.group(1)


def reply_form_token(browser: "Browser", html: str) -> str:
    """This reader's own token, fetched as the page's script does when they start typing."""
    found = re.search(r'name="token" value="[^"]+" data-fresh-token="([^"]+)"', html)
    assert found, "no reply form on the story page"
    answer = browser.get(found.group(1))
    assert answer.status == 200, answer.status
    return json.loads(answer.text)["token"]


def wait_until(check: Callable[[], bool], *, timeout: float, every: float = 0.1) -> float:
    """Seconds until ``check()`` held; fails the test if it never did within ``timeout``."""
    started = time.monotonic()
    while True:
        if check():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"still not true after {timeout} s")
        time.sleep(every)


# --- two servers ---------------------------------------------------------------------


@dataclass
class Server:
    origin: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Site:
    a: Server
    b: Server
    story: Article
    draft: Article


def database_url_for_servers() -> str:
    """The database pytest-django made for this run (test_<name>), for the servers."""
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def server_environment() -> dict[str, str]:
    return {
        **os.environ,
        # pytest-django exported the test settings; the servers run the real ones.
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url_for_servers(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "COMMENTS_MIN_SECONDS": "0",
        "COMMENTS_NOTIFY_MODERATORS": "0",
        # As behind a load balancer on this machine: readers are told apart by the
        # X-Forwarded-For it would send (the tests send it themselves).
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1/32",
        "PAGE_CACHE_SECONDS": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }


def start_server(name: str, log_dir: Path, **env: str) -> Server:
    port = free_port()
    log = log_dir / f"gunicorn-{name}.log"
    with log.open("wb") as out:
        process = start_gunicorn(
            port, {**server_environment(), **env}, stdout=out, stderr=subprocess.STDOUT
        )
    return Server(origin=f"http://127.0.0.1:{port}", process=process, log=log)


def wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn at {server.origin} exited:\n{server.log_tail()}")
        try:
            health = Browser(server.origin).get("/healthz")
        except OSError:
            health = None  # not listening yet
        if health is not None and health.status == 200:
            assert json.loads(health.text) == {"status": "ok", "database": "ok", "cache": "ok"}
            return
        time.sleep(0.1)
    pytest.fail(f"gunicorn at {server.origin} not healthy in {STARTUP_SECONDS} s")


def stop_server(server: Server) -> None:
    stop_process(server.process, timeout=20)
    print(f"--- gunicorn {server.origin} (exit {server.process.returncode}) ---")
    print(server.log_tail())


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    """A superuser, a published story and a draft, committed; then servers A and B."""
    user = get_user_model()(
        username=EDITOR, email="desk@example.com", is_staff=True, is_superuser=True
    )
    # Hashed as the servers expect (the test settings hash with MD5, which they refuse).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save()
    story = ArticleFactory(headline="Library extends its weekend hours")
    draft = ArticleFactory(
        headline="Council approves the downtown bus loop",
        status=Article.Status.DRAFT,
        published_at=None,
    )

    servers: list[Server] = []
    try:
        for name in ("a", "b"):
            servers.append(start_server(name, tmp_path))
        for server in servers:
            wait_until_healthy(server)
        yield Site(a=servers[0], b=servers[1], story=story, draft=draft)
    finally:
        # Before pytest-django empties the database, which their connections would block.
        for server in servers:
            stop_server(server)


# --- tests ---------------------------------------------------------------------------


@requires_postgres_and_redis
def test_comment_posted_on_one_server_and_approved_on_the_other_shows_on_both(two_servers):
    site = two_servers
    story_url = site.story.get_absolute_url()
    text = "The new Saturday hours will help those of us who work weekdays"

    reader = Browser(site.a.origin)
    page = reader.get(story_url)
    assert page.status == 200
    posted = reader.post(
        reverse("comments:post", kwargs={"article_id": site.story.pk}),
        {
            "name": "Ines Alvarez",
            "email": "ines.alvarez@example.org",
            "website": "",
            "text": text,
            "parent": "",
            "homepage": "",
            "token": reply_form_token(reader, page.text),
        },
        headers={"Origin": site.a.origin},
    )
    assert posted.status == 302, (posted.status, posted.text[:2000])
    comment = Comment.objects.get(text=text)
    assert comment.status == Comment.Status.PENDING

    # Held: neither server shows it, and both now hold the story page in the page cache.
    for server in (site.a, site.b):
        assert text not in Browser(server.origin).get(story_url).text
        again = Browser(server.origin).get(story_url)
        assert again.headers["X-Page-Cache"] == "hit"
        assert text not in again.text

    editor = Browser(site.b.origin, cookies=True)
    editor.log_in(EDITOR, PASSWORD)
    editor.admin_action("/admin/comments/comment/?status=all", "approve", comment.pk)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    for server in (site.a, site.b):
        took = wait_until(lambda s=server: text in Browser(s.origin).get(story_url).text, timeout=2)
        print(f"approved comment shown by {server.origin} after {took:.2f} s")


@requires_postgres_and_redis
def test_story_published_on_one_server_is_on_the_other_servers_home_page(two_servers):
    site = two_servers
    headline = site.draft.headline
    home = Browser(site.a.origin).get("/")
    assert home.status == 200
    assert site.story.headline in home.text
    assert headline not in home.text
    assert Browser(site.a.origin).get("/").headers["X-Page-Cache"] == "hit"

    editor = Browser(site.b.origin, cookies=True)
    editor.log_in(EDITOR, PASSWORD)
    editor.admin_action("/admin/articles/article/", "publish", site.draft.pk)
    site.draft.refresh_from_db()
    assert site.draft.is_public

    took = wait_until(
        lambda: headline in Browser(site.a.origin).get("/").text, timeout=65, every=0.25
    )
    print(f"published story on {site.a.origin}'s home page after {took:.2f} s")


@requires_postgres_and_redis
def test_reads_counted_on_both_servers_add_up_exactly(two_servers):
    site = two_servers
    # This process drains the same Redis hash the servers fill.
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    beacon = reverse("articles:read-beacon", kwargs={"pk": site.story.pk})
    reads = [(site.a.origin, i) for i in range(30)] + [(site.b.origin, i) for i in range(30, 50)]

    def read(origin_and_reader: tuple[str, int]) -> int:
        origin, i = origin_and_reader
        headers = {"Origin": origin, "X-Forwarded-For": f"198.51.100.{i + 1}"}
        return Browser(origin).post(beacon, {}, headers=headers).status

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(read, reads))
    assert statuses == [204] * 50

    flush_reads()

    assert get_read_buffer().drain() == {}
    total = ReadCount.objects.filter(article=site.story).aggregate(n=Sum("count"))["n"]
    assert total == 50
    ranking = list(trending_scores())
    assert ranking and ranking[0].pk == site.story.pk


@requires_postgres
def test_comments_posted_concurrently_are_each_stored_exactly_once(settings):
    settings.COMMENTS_NOTIFY_MODERATORS = False
    story = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": story.pk})
    texts = {i: f"Comment {i} of many on the bus loop, sent at the same time" for i in range(200)}
    statuses: dict[int, int] = {}
    failures: list[BaseException] = []
    threads_count = 16
    start = threading.Barrier(threads_count)

    def post_share(numbers: list[int]) -> None:
        try:
            start.wait(timeout=30)
            for i in numbers:
                response = Client().post(
                    url,
                    {
                        "name": f"Reader {i}",
                        "email": f"reader{i}@example.net",
                        "website": "",
                        "text": texts[i],
                        "parent": "",
                        "homepage": "",
                        "token": form_token(story.pk, fresh=True),
                    },
                    REMOTE_ADDR=f"10.1.{i // 200}.{i % 200 + 1}",
                    HTTP_USER_AGENT=BROWSER,
                    HTTP_ORIGIN="http://testserver",
                )
                statuses[i] = response.status_code
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=post_share, args=(list(range(n, 200, threads_count)),))
        for n in range(threads_count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert statuses == dict.fromkeys(texts, 302)
    assert Comment.objects.count() == 200
    stored = list(Comment.objects.filter(article=story).values_list("text", flat=True))
    assert sorted(stored) == sorted(texts.values())


class StalePage(AssertionError):
    """A page still shows what readers saw before a committed change."""


@requires_postgres_and_redis
def test_page_rendered_while_an_approval_commits_is_not_kept_stale(two_servers):
    site = two_servers
    story_url = site.story.get_absolute_url()
    comment = CommentFactory(
        article=site.story,
        text="The branch on Elm Street should get the same hours",
        status=Comment.Status.PENDING,
    )
    assert comment.text not in Browser(site.a.origin).get(story_url).text

    with transaction.atomic():
        comment_approve(comment=comment)
        # A reader of server A arrives while the approval is being written.
        assert comment.text not in Browser(site.a.origin).get(story_url).text

    deadline = time.monotonic() + 2
    while comment.text not in Browser(site.a.origin).get(story_url).text:
        if time.monotonic() > deadline:
            raise StalePage(f"{story_url} on {site.a.origin} still lacks the approved comment")
        time.sleep(0.1)
