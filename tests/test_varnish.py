"""A real Varnish (Debian's, with xkey) in front of gunicorn, with the VCL in deploy/.

Readers share Varnish's copy of each public page; a change on the desk purges the copies
that show it, by the keys in Surrogate-Key, within a second; readers with a session or a
comment cookie pass through to the app. Runs with ``make test-postgres`` (marker
``servers``): gunicorn on PostgreSQL and Redis, varnishd on loopback.
"""

import subprocess
import time
from pathlib import Path

import pytest

from articles.models import Correction
from comments.models import Comment
from comments.services import comment_approve
from newsroom import cdn_purge
from tests.factories import ArticleFactory, CommentFactory
from tests.test_proxy import Reader
from tests.test_servers import (
    Server,
    requires_postgres_and_redis,
    server_environment,
    stop_server,
    wait_until_healthy,
)
from tools.servers import free_port, start_gunicorn
from tools.varnish import INSTALL_HINT, Varnish, start_varnish, stop_varnish, varnishd

pytestmark = [
    pytest.mark.servers,
    pytest.mark.django_db(transaction=True),
    requires_postgres_and_redis,
]


@pytest.fixture
def behind_varnish(transactional_db, tmp_path, settings):
    """Stories A and B, committed; gunicorn behind Varnish; this process purging it too
    (it plays the editor's app server)."""
    if varnishd() is None:
        pytest.fail(INSTALL_HINT + " (.ci/run does it)")
    a = ArticleFactory(headline="Story A: the bridge reopens")
    b = ArticleFactory(headline="Story B: the library's new hours")
    app_port = free_port()
    varnish = start_varnish(tmp_path / "varnish", app_port)
    purge_url = varnish.origin + "/"
    settings.CDN_PURGE = "varnish"
    settings.CDN_PURGE_URLS = [purge_url]
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = start_gunicorn(
            app_port,
            {**server_environment(), "CDN_PURGE": "varnish", "CDN_PURGE_URL": purge_url},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    app = Server(origin=f"http://127.0.0.1:{app_port}", process=process, log=log)
    try:
        wait_until_healthy(app)
        yield {"varnish": varnish, "a": a, "b": b}
    finally:
        stop_server(app)
        stop_varnish(varnish)
        print(varnish.log_tail())


def reader(varnish: Varnish, address: str = "127.0.0.1") -> Reader:
    return Reader(address, varnish.origin)


def cached_twice(varnish: Varnish, path: str) -> dict:
    """Fetch a page until Varnish serves it from its store; its headers then."""
    first = reader(varnish).get(path)
    assert first.status == 200, (path, first.status)
    second = reader(varnish).get(path)
    assert second.headers["X-Cache"] == "hit", second.headers
    return second.headers


def test_a_published_correction_is_visible_through_varnish_within_a_second(behind_varnish):
    varnish, a = behind_varnish["varnish"], behind_varnish["a"]
    path = a.get_absolute_url()
    cached_twice(varnish, path)

    Correction.objects.create(article=a, text="An earlier version gave the wrong date.")
    saved = time.monotonic()
    while True:
        page = reader(varnish).get(path)
        if "An earlier version gave the wrong date." in page.text:
            break
        assert time.monotonic() - saved < 1.0, "the old page was still served after 1 s"
        time.sleep(0.05)

    assert page.headers["X-Cache"] == "miss"
    assert reader(varnish).get(path).headers["X-Cache"] == "hit"  # and stored again


def test_an_approved_comment_on_a_leaves_bs_copy_in_varnish_untouched(behind_varnish):
    varnish, a, b = behind_varnish["varnish"], behind_varnish["a"], behind_varnish["b"]
    held = CommentFactory(article=a, status=Comment.Status.PENDING, text="Good news at last")
    cached_twice(varnish, a.get_absolute_url())
    before = cached_twice(varnish, b.get_absolute_url())

    comment_approve(comment=held)
    assert cdn_purge.purges.wait()

    after = reader(varnish).get(b.get_absolute_url()).headers
    # The same stored object: a hit, as old as before or older, first fetched by the same
    # request (X-Varnish names this request and the one that stored the object).
    assert after["X-Cache"] == "hit"
    assert int(after["Age"]) >= int(before["Age"])
    assert after["X-Varnish"].split()[1] == before["X-Varnish"].split()[1]
    page_a = reader(varnish).get(a.get_absolute_url())
    assert page_a.headers["X-Cache"] == "miss"
    assert "Good news at last" in page_a.text


@pytest.mark.parametrize(
    "cookie",
    ["sessionid=abc123", "comments_pending=1:x", "csrftoken=x; comments_author=y", None],
    ids=["session", "own-held-comment", "saved-details", "no-cookie"],
)
def test_readers_with_session_or_comment_cookies_pass_through(behind_varnish, cookie):
    varnish, a = behind_varnish["varnish"], behind_varnish["a"]
    path = a.get_absolute_url()
    cached_twice(varnish, path)

    headers = {"Cookie": cookie} if cookie else {}
    answers = [reader(varnish).get(path, headers=headers) for _ in range(2)]

    if cookie is None:
        assert [answer.headers["X-Cache"] for answer in answers] == ["hit", "hit"]
    else:
        # Passed to the app every time (an unknown session is an anonymous reader there).
        assert [answer.headers["X-Cache"] for answer in answers] == ["miss", "miss"]
        if "comments_" in cookie:
            assert answers[1].headers["Cache-Control"] == "private, no-store"


def test_other_cookies_do_not_split_the_shared_copy(behind_varnish):
    varnish, a = behind_varnish["varnish"], behind_varnish["a"]
    cached_twice(varnish, a.get_absolute_url())
    answer = reader(varnish).get(a.get_absolute_url(), headers={"Cookie": "csrftoken=abc"})
    assert answer.headers["X-Cache"] == "hit"


def test_forms_comment_endpoints_and_the_desk_are_never_stored(behind_varnish):
    varnish, a = behind_varnish["varnish"], behind_varnish["a"]
    tokens = [reader(varnish).get(f"/comments/token/{a.pk}/") for _ in range(2)]
    assert [t.headers["X-Cache"] for t in tokens] == ["miss", "miss"]
    admin = [reader(varnish).get("/admin/login/") for _ in range(2)]
    assert [answer.headers["X-Cache"] for answer in admin] == ["miss", "miss"]
    posted = reader(varnish).post(f"/comments/post/{a.pk}/", {"text": "x"})
    assert posted.headers["X-Cache"] == "miss" and posted.status != 200


def test_only_the_app_servers_may_purge(behind_varnish):
    varnish, a = behind_varnish["varnish"], behind_varnish["a"]
    cached_twice(varnish, a.get_absolute_url())
    keys = {"xkey-purge": f"story-{a.pk}"}

    refused = reader(varnish, "127.0.0.2").request("PURGE", "/", headers=keys)
    assert refused.status == 403
    assert reader(varnish).get(a.get_absolute_url()).headers["X-Cache"] == "hit"
    allowed = reader(varnish).request("PURGE", "/", headers=keys)
    assert allowed.status == 200
    assert reader(varnish).get(a.get_absolute_url()).headers["X-Cache"] == "miss"


def test_the_vcl_passes_the_cookies_the_code_names():
    """The VCL's cookie list and the code's cookie names are the same list."""
    from comments.own_comments import COOKIE_NAMES

    vcl = (Path(__file__).resolve().parent.parent / "deploy" / "varnish.vcl").read_text()
    for name in ("sessionid", *COOKIE_NAMES):
        assert f"|{name}" in vcl or f"({name}|" in vcl, name


def test_publishing_on_one_town_purges_its_pages_and_not_another_towns(behind_varnish):
    """Two towns behind one Varnish: 127.0.0.1 (the default site) and localhost. Varnish
    keeps a copy per host; a change purges only the copies of the towns that show it."""
    from django.utils import timezone

    from network.models import Site, SiteHost
    from network.routing import ensure_default_site

    varnish = behind_varnish["varnish"]
    home_town = ensure_default_site()
    other = Site.objects.create(name="The Other Loop", slug="other", base_url="http://localhost")
    SiteHost.objects.create(site=other, host="localhost")
    other_host = {"Host": f"localhost:{varnish.origin.rsplit(':', 1)[1]}"}
    story = ArticleFactory(
        site=home_town, headline="Story D: the ferry returns", status="draft", published_at=None
    )
    assert "The Other Loop" in reader(varnish).get("/", headers=other_host).text

    def stored(headers=None) -> dict:
        reader(varnish).get("/", headers=headers or {})
        page = reader(varnish).get("/", headers=headers or {})
        assert page.headers["X-Cache"] == "hit", page.headers
        return page.headers

    def same_object(before: dict, headers=None) -> bool:
        after = reader(varnish).get("/", headers=headers or {}).headers
        return after["X-Cache"] == "hit" and (
            after["X-Varnish"].split()[1] == before["X-Varnish"].split()[1]
        )

    here, there = stored(), stored(other_host)

    story.status, story.published_at = "published", timezone.now()
    story.save()
    assert cdn_purge.purges.wait()

    assert same_object(there, other_host)  # the other town's home page: not purged
    page = reader(varnish).get("/")
    assert page.headers["X-Cache"] == "miss" and "Story D" in page.text

    here = stored()
    story.shared_to.add(other)
    assert cdn_purge.purges.wait()

    assert same_object(here)  # the home town's page: sharing changed nothing there
    shared = reader(varnish).get("/", headers=other_host)
    assert shared.headers["X-Cache"] == "miss" and "Story D" in shared.text
