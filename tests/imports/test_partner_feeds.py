"""The syndication desk: partner feeds read into drafts, the command's report, the admin list
of partner drafts, and a published partner story's attribution.

Feeds are served by a real HTTP server on 127.0.0.1 from the files in tests/fixtures/feeds/;
nothing here leaves the machine.
"""

import io
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from articles.models import Article, Section, Source
from imports import partner_feeds, public_web
from imports.partner_feeds import ingest_all, ingest_source
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"

TRAIL = "https://krdo.example/news/2026/11/24/fountain-creek-trail-reopens/"
SNOW = "https://krdo.example/news/2026/11/24/snow-closes-passes/"
SCHOOL = "https://krdo.example/news/2026/11/23/four-day-week/"
WATER = "https://valleyledger.example/2026/11/24/water-rates-rise/"
LIBRARY = "https://valleyledger.example/2026/11/22/library-sunday-hours/"


# A partner's web server


@dataclass
class Route:
    body: bytes = b""
    content_type: str = RSS
    status: int = 200
    delay: float = 0
    trickle: float = 0  # seconds between 64-byte pieces of the body
    headers: dict = field(default_factory=dict)


class FeedServer:
    """A real HTTP server on 127.0.0.1; tests set what each path answers."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                time.sleep(route.delay)
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    piece = 64 if route.trickle else max(len(route.body), 1)
                    for start in range(0, len(route.body), piece):
                        self.wfile.write(route.body[start : start + piece])
                        time.sleep(route.trickle)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the reader gave up waiting, as it should

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def serve(self, path: str, filename: str, content_type: str = RSS, **options) -> str:
        self.routes[path] = Route((FEEDS / filename).read_bytes(), content_type, **options)
        return self.url(path)


@pytest.fixture
def feed_server(settings):
    # The test server is on loopback, which the desk refuses unless its host is named.
    settings.PARTNER_FEEDS_ALLOWED_HOSTS = ["127.0.0.1"]
    server = FeedServer()
    server.serve("/krdo.rss", "krdo.rss")
    server.serve("/ledger.atom", "valley-ledger.atom", ATOM)
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


# The newsroom's partners


@pytest.fixture
def sections():
    return {
        "town": Section.objects.create(name="Around Town", slug="around-town", order=0),
        "government": Section.objects.create(
            name="Local Government", slug="local-government", order=5
        ),
    }


@pytest.fixture
def krdo(feed_server, sections):
    """A TV station whose agreement asks for rel=canonical; no section set for its feed."""
    return Source.objects.create(
        name="KRDO",
        slug="krdo",
        region="Colorado Springs metro",
        homepage="https://krdo.example/",
        feed_url=feed_server.url("/krdo.rss"),
        indexing=Source.Indexing.CANONICAL,
    )


@pytest.fixture
def ledger(feed_server, sections):
    """A nonprofit newsroom under the default policy, filed under Local Government."""
    return Source.objects.create(
        name="Valley Ledger",
        slug="valley-ledger",
        region="Pueblo County",
        homepage="https://valleyledger.example/",
        feed_url=feed_server.url("/ledger.atom"),
        section=sections["government"],
        indexing=Source.Indexing.NOINDEX,
    )


def partner(feed_server, name: str, path: str) -> Source:
    slug = name.lower().replace(" ", "-")
    return Source.objects.create(name=name, slug=slug, feed_url=feed_server.url(path))


def story(original_url: str) -> Article:
    return Article.objects.get(original_url=original_url)


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("chief", "c@example.org", "pw"))
    return client


# What an RSS feed brings in


def test_each_rss_item_becomes_a_draft_with_source_link_headline_summary_and_date(krdo):
    result = ingest_source(krdo)

    assert result.error == ""
    assert len(result.new) == 3 and result.already_had == 0
    trail = story(TRAIL)
    assert trail.source == krdo
    assert trail.source_guid == "https://krdo.example/?p=1001"
    assert trail.headline == "Fountain Creek trail reopens after flood repairs"
    assert trail.slug == "fountain-creek-trail-reopens-after-flood-repairs"
    assert trail.status == Article.Status.DRAFT
    assert trail.created_by is None
    # pubDate "Tue, 24 Nov 2026 14:30:00 -0700", kept in UTC
    assert trail.published_at == datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
    # No section on the Source: filed under the first section of the site.
    assert trail.section.name == "Around Town"
    assert trail.bylines.count() == 0


def test_summary_is_plain_text_and_body_is_the_cleaned_full_text(krdo):
    ingest_source(krdo)
    trail = story(TRAIL)

    assert trail.dek == (
        "The 2.4-mile stretch between Cottonwood Park and the Venetucci bridge is open again. "
        "Crews rebuilt three washed-out culverts."
    )
    # content:encoded is the body; the partner's script, image and handlers are gone.
    assert "<h2>What changed</h2>" in trail.body
    assert "raised the trail bed by two feet" in trail.body
    for dropped in ("<script", "trackRead", "document.write", "<img", "tracker.example", "onclick"):
        assert dropped not in trail.body and dropped not in trail.dek

    # Escaped HTML in a description (no CDATA) is read as HTML, then cleaned.
    snow = story(SNOW)
    assert snow.source_guid == SNOW  # a permalink GUID
    assert snow.dek == (
        "CDOT closed Monarch and Wolf Creek passes at 4 p.m. & expects to reopen them by "
        "Wednesday morning. Check the road map before you leave."
    )
    assert "<em>Wednesday morning</em>" in snow.body and "onmouseover" not in snow.body
    assert snow.published_at == datetime(2026, 11, 24, 19, 5, tzinfo=UTC)


def test_item_without_guid_is_known_by_its_link(krdo):
    ingest_source(krdo)

    school = story(SCHOOL)
    assert school.source_guid == SCHOOL
    assert school.headline == "School board weighs four-day week & later start for 2027"
    assert (
        school.body
        == "<p>District 11 trustees will hear public comment on Dec. 3 before any vote.</p>"
    )


def test_item_with_neither_guid_nor_link_is_reported_and_the_rest_are_kept(krdo):
    result = ingest_source(krdo)

    assert [(item.label, item.reason) for item in result.failed] == [
        (
            "“Programming note: the 6 p.m. newscast moves to 6:30 on Thursday”",
            "it has no GUID and no link",
        )
    ]
    assert not Article.objects.filter(headline__startswith="Programming note").exists()
    assert Article.objects.filter(source=krdo).count() == 3


UNUSABLE = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>KRDO</title><link>https://krdo.example/</link>
  <item><guid>krdo-1</guid><link>https://krdo.example/untitled/</link>
    <description>A photo gallery.</description></item>
  <item><title>Archive</title><guid>krdo-2</guid><link>ftp://files.krdo.example/x</link></item>
  <item><title>Crosswalk added on Platte</title><guid>krdo-3</guid>
    <link>https://krdo.example/crosswalk/</link></item>
</channel></rss>"""


def test_unusable_items_are_skipped_and_tried_again_next_time(krdo, feed_server):
    feed_server.routes["/krdo.rss"] = Route(UNUSABLE)

    first = ingest_source(krdo)
    second = ingest_source(krdo)

    assert [a.headline for a in first.new] == ["Crosswalk added on Platte"]
    assert [item.reason for item in first.failed] == [
        "it has no title",
        "its link is not a web address: ftp://files.krdo.example/x",
    ]
    assert (len(second.new), second.already_had, len(second.failed)) == (0, 1, 2)
    assert story("https://krdo.example/crosswalk/").dek == ""


# What an Atom feed brings in


def test_each_atom_entry_becomes_a_draft_in_the_sources_section(ledger):
    result = ingest_source(ledger)

    assert len(result.new) == 2 and not result.failed and not result.error
    water = story(WATER)
    assert water.source_guid == "tag:valleyledger.example,2026:story/4812"
    assert water.headline == "Water rates rise 6% in January after council vote"
    assert water.section.name == "Local Government"
    assert water.dek == "The average household bill goes up $3.40 a month."
    assert "<h3>Who voted no</h3>" in water.body
    assert "<iframe" not in water.body and "stealCookies" not in water.dek
    # <published> wins over <updated>; both converted to UTC.
    assert water.published_at == datetime(2026, 11, 24, 16, 15, tzinfo=UTC)


def test_plain_text_atom_summary_is_escaped_into_paragraphs_and_dated_by_its_update(ledger):
    ingest_source(ledger)
    library = story(LIBRARY)

    assert library.source_guid == "urn:uuid:6f1c1b2e-8a5d-4c1e-9d3f-2b7c4a1e0f55"
    assert library.published_at == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    assert library.body.count("<p>") == 2
    assert "(&lt; $90,000 a year)" in library.body
    assert library.dek.endswith("reserve & a state grant (< $90,000 a year); no new tax.")


# Drafts only, and never twice


def test_ingested_stories_stay_drafts_the_public_cannot_see(krdo, ledger, reader):
    ingest_all()

    assert Article.objects.filter(source__isnull=False).count() == 5
    assert not Article.objects.published().exists()
    for article in Article.objects.all():
        assert article.status == Article.Status.DRAFT
        assert reader.get(article.get_absolute_url()).status_code == 404
    home = reader.get("/")
    assert "Fountain Creek trail" not in home.content.decode()


def test_running_twice_creates_nothing_new(krdo, ledger):
    ingest_all()
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at"))

    again = ingest_all()

    assert [(len(r.new), r.already_had) for r in again] == [(0, 3), (0, 2)]
    assert list(Article.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_a_new_item_in_the_feed_is_added_on_the_next_run(krdo, feed_server):
    ingest_source(krdo)
    # The partner adds a story and edits a headline of an item that has no GUID.
    feed_server.serve("/krdo.rss", "krdo-next.rss")

    result = ingest_source(krdo)

    assert [a.headline for a in result.new] == ["Holiday lights switch on downtown Friday"]
    assert result.already_had == 3
    assert Article.objects.filter(original_url=SCHOOL).count() == 1
    assert story(SCHOOL).headline.endswith("for 2027")  # our draft is not overwritten


def test_a_draft_the_desk_deleted_is_not_brought_back(krdo):
    ingest_source(krdo)
    story(TRAIL).delete()

    result = ingest_source(krdo)

    assert result.new == [] and result.already_had == 3
    assert not Article.objects.filter(original_url=TRAIL).exists()


def test_the_database_refuses_a_second_story_for_the_same_partner_item(krdo):
    ingest_source(krdo)
    trail = story(TRAIL)

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            headline="Copy",
            slug="copy",
            section=trail.section,
            source=krdo,
            source_guid=trail.source_guid,
        )


def test_the_same_guid_from_two_partners_is_two_stories(krdo, feed_server, sections):
    sister = partner(feed_server, "KRDO Sister Station", "/krdo.rss")
    ingest_source(krdo)

    result = ingest_source(sister)

    assert len(result.new) == 3
    assert Article.objects.filter(original_url=TRAIL).count() == 2
    assert story_slugs(TRAIL) == {
        "fountain-creek-trail-reopens-after-flood-repairs",
        "fountain-creek-trail-reopens-after-flood-repairs-2",
    }


def story_slugs(original_url: str) -> set[str]:
    return set(Article.objects.filter(original_url=original_url).values_list("slug", flat=True))


def test_a_taken_slug_gets_a_number(krdo):
    ArticleFactory(slug="fountain-creek-trail-reopens-after-flood-repairs")

    ingest_source(krdo)

    assert story(TRAIL).slug == "fountain-creek-trail-reopens-after-flood-repairs-2"


def test_with_no_section_on_the_site_drafts_go_to_a_new_news_section(feed_server):
    source = partner(feed_server, "KRDO", "/krdo.rss")

    ingest_source(source)

    assert story(TRAIL).section.name == "News"
    assert Section.objects.count() == 1


# Feeds that fail


def test_failing_feeds_are_reported_and_the_others_are_read(krdo, ledger, feed_server):
    feed_server.serve("/slow.rss", "krdo.rss", delay=2)
    feed_server.serve("/moved", "not-a-feed.html", "text/html; charset=utf-8")
    feed_server.serve("/broken.rss", "broken.rss")
    feed_server.routes["/error.rss"] = Route(b"<h1>Internal Server Error</h1>", "text/html", 500)
    slow = partner(feed_server, "Slow Times", "/slow.rss")
    moved = partner(feed_server, "Old Town Gazette", "/moved")
    broken = partner(feed_server, "Broken Record", "/broken.rss")
    down = partner(feed_server, "Down Daily", "/error.rss")

    started = time.monotonic()
    results = {r.source.name: r for r in ingest_all(timeout=0.5)}

    assert time.monotonic() - started < 2
    assert results["Slow Times"].error == "timed out after 0.5 s"
    assert results["Old Town Gazette"].error == (
        "the address does not answer with an RSS or Atom feed (it is text/html)"
    )
    assert results["Broken Record"].error.startswith("the feed is malformed XML (mismatched tag")
    assert results["Down Daily"].error == "the server answered HTTP 500 Internal Server Error"
    assert len(results["KRDO"].new) == 3 and len(results["Valley Ledger"].new) == 2
    assert not Article.objects.filter(source__in=[slow, moved, broken, down]).exists()


def test_a_feed_that_trickles_in_is_cut_off_at_the_time_limit(krdo, feed_server):
    feed_server.serve("/krdo.rss", "krdo.rss", trickle=0.05)  # about 2.5 s in all

    started = time.monotonic()
    result = ingest_source(krdo, timeout=0.5)

    assert result.error == "timed out after 0.5 s"
    assert time.monotonic() - started < 1.5
    assert not Article.objects.exists()


def test_an_unreachable_server_is_reported(feed_server, sections):
    source = Source.objects.create(name="Gone", slug="gone", feed_url="http://127.0.0.1:9/feed")

    (result,) = ingest_all([source])

    assert result.error.startswith("the server could not be reached")


def test_a_feed_over_the_size_limit_is_refused(krdo, monkeypatch):
    monkeypatch.setattr(partner_feeds, "MAX_FEED_BYTES", 1024)

    result = ingest_source(krdo)

    assert result.error == "the feed is larger than 1 KB"
    assert not Article.objects.exists()


def test_a_redirect_to_a_local_file_is_not_followed(krdo, feed_server):
    feed_server.routes["/krdo.rss"] = Route(
        status=302, headers={"Location": f"file://{FEEDS / 'krdo.rss'}"}
    )

    result = ingest_source(krdo)

    assert result.error and not Article.objects.exists()


@pytest.mark.parametrize(
    "feed_url",
    [
        "http://127.0.0.1:{port}/krdo.rss",  # the test server itself, not allowed this time
        "http://localhost:{port}/krdo.rss",  # a name that leads to loopback
        "http://[::1]:{port}/krdo.rss",
        "http://2130706433:{port}/krdo.rss",  # 127.0.0.1 written as one number
        "http://[::ffff:127.0.0.1]:{port}/krdo.rss",
        "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
        "http://10.0.0.7/feed",
        "http://192.168.1.1/feed",
        "http://172.16.5.4/feed",
        "http://100.64.0.1/feed",  # shared address space (carrier-grade NAT)
        "http://0.0.0.0:{port}/krdo.rss",
        "http://[fd00::1]/feed",
        "http://[fe80::1]/feed",
        "http://224.0.0.1/feed",
        "https://127.0.0.1:{port}/krdo.rss",
    ],
)
def test_feed_addresses_on_the_servers_own_network_are_refused(
    feed_url, feed_server, sections, settings
):
    settings.PARTNER_FEEDS_ALLOWED_HOSTS = []
    url = feed_url.format(port=feed_server.httpd.server_port)
    source = Source.objects.create(name="Inside", slug="inside", feed_url=url)

    (result,) = ingest_all([source])

    assert result.error.startswith("not read: "), result.error
    assert "public addresses only" in result.error
    assert feed_server.requests == []  # nothing was ever asked of the server
    assert not Article.objects.exists()


def test_a_redirect_into_the_servers_own_network_is_refused(krdo, feed_server):
    # The partner's (allowed) server answers with a redirect to a host that is not allowed.
    port = feed_server.httpd.server_port
    feed_server.routes["/krdo.rss"] = Route(
        status=302, headers={"Location": f"http://localhost:{port}/ledger.atom"}
    )

    result = ingest_source(krdo)

    assert result.error.startswith("not read: localhost is this server itself")
    assert [path for path, _ in feed_server.requests] == ["/krdo.rss"]
    assert not Article.objects.exists()


def test_a_named_host_is_allowed_even_on_the_servers_own_network(feed_server, sections, settings):
    settings.PARTNER_FEEDS_ALLOWED_HOSTS = ["localhost"]
    url = f"http://localhost:{feed_server.httpd.server_port}/krdo.rss"
    source = Source.objects.create(name="Mirror", slug="mirror", feed_url=url)

    (result,) = ingest_all([source])

    assert result.ok, result.error
    assert len(result.new) == 3


def test_public_addresses_are_not_refused():
    import ipaddress

    for public in ["93.184.215.14", "2606:4700::6810:84e5", "8.8.8.8"]:
        assert public_web.address_refusal(ipaddress.ip_address(public)) == ""


def test_a_body_that_names_a_local_file_is_not_read_as_that_file(krdo, feed_server):
    feed_server.routes["/krdo.rss"] = Route(str(FEEDS / "krdo.rss").encode(), "text/plain")

    result = ingest_source(krdo)

    assert "does not answer with an RSS or Atom feed" in result.error
    assert not Article.objects.exists()


def test_the_request_names_the_site(krdo, feed_server):
    ingest_source(krdo)

    (path, headers), *_ = feed_server.requests
    assert path == "/krdo.rss"
    assert settings.SITE_NAME in headers["User-Agent"]
    assert "application/rss+xml" in headers["Accept"]


# The command


def run(*args) -> str:
    out = io.StringIO()
    call_command("ingest_feeds", *args, stdout=out)
    return out.getvalue()


def test_command_says_what_came_in_from_where(krdo, ledger, feed_server):
    feed_server.serve("/moved", "not-a-feed.html", "text/html")
    partner(feed_server, "Old Town Gazette", "/moved")

    first = run()

    assert first.splitlines() == [
        "KRDO: 3 new drafts, 0 already brought in, 1 item skipped",
        "  skipped “Programming note: the 6 p.m. newscast moves to 6:30 on Thursday”: "
        "it has no GUID and no link",
        "Old Town Gazette: error — the address does not answer with an RSS or Atom feed "
        "(it is text/html)",
        "Valley Ledger: 2 new drafts, 0 already brought in",
        "5 new drafts from 3 feeds; 1 could not be read.",
    ]
    second = run()
    assert "KRDO: 0 new drafts, 3 already brought in, 1 item skipped" in second
    assert "Valley Ledger: 0 new drafts, 2 already brought in" in second
    assert second.splitlines()[-1] == "0 new drafts from 3 feeds; 1 could not be read."


def test_command_reads_only_the_named_sources_and_lists_headlines_when_verbose(krdo, ledger):
    out = run("--source", "valley-ledger", "--verbosity", "2")

    assert out.splitlines() == [
        "Valley Ledger: 2 new drafts, 0 already brought in",
        "  new: Water rates rise 6% in January after council vote",
        "  new: Library extends Sunday hours at three branches",
        "2 new drafts from 1 feed.",
    ]
    assert not Article.objects.filter(source=krdo).exists()


def test_command_honours_the_timeout(krdo, feed_server):
    feed_server.serve("/krdo.rss", "krdo.rss", delay=2)

    with pytest.raises(CommandError, match="No feed could be read"):
        out = io.StringIO()
        call_command("ingest_feeds", "--timeout", "0.3", stdout=out)
    assert out.getvalue().splitlines()[0] == "KRDO: error — timed out after 0.3 s"


def test_command_fails_only_when_every_feed_failed(krdo, ledger, feed_server):
    feed_server.routes["/krdo.rss"] = Route(b"oops", "text/plain", 503)

    assert "KRDO: error — the server answered HTTP 503" in run()  # no CommandError

    feed_server.routes["/ledger.atom"] = Route(b"oops", "text/plain", 503)
    with pytest.raises(CommandError, match="No feed could be read"):
        run()


def test_command_refuses_unknown_sources_and_sources_without_a_feed(krdo, sections):
    Source.objects.create(name="Print Only", slug="print-only")

    with pytest.raises(CommandError, match="no source is called nope; print-only has no feed"):
        run("--source", "nope", "--source", "print-only")
    assert not Article.objects.exists()


def test_command_with_no_feeds_configured_says_so(sections):
    Source.objects.create(name="Print Only", slug="print-only")

    assert run() == "No source has a feed URL; nothing to read.\n"


# The desk in the admin


def test_editor_sees_the_new_partner_drafts_with_partner_link_and_date(krdo, ledger, editor_client):
    ingest_all()
    ArticleFactory(
        headline="Council budget hearing", status=Article.Status.DRAFT, published_at=None
    )

    page = editor_client.get(reverse("admin:articles_article_partner_drafts"))

    assert page.status_code == 200
    html = page.content.decode()
    for url in (TRAIL, SNOW, SCHOOL, WATER, LIBRARY):
        article = story(url)
        assert f'href="{url}"' in html
        assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "KRDO (Colorado Springs metro)" in html and "Valley Ledger (Pueblo County)" in html
    assert "Nov 24, 2026" in html
    assert "Council budget hearing" not in html
    assert "5 drafts from partners." in html

    only_ledger = editor_client.get(
        reverse("admin:articles_article_partner_drafts"), {"source": "valley-ledger"}
    ).content.decode()
    assert WATER in only_ledger and TRAIL not in only_ledger


def test_published_partner_stories_leave_the_partner_drafts_list(krdo, superuser_client):
    ingest_source(krdo)
    trail = story(TRAIL)
    trail.status = Article.Status.PUBLISHED
    trail.save()

    html = superuser_client.get(reverse("admin:articles_article_partner_drafts")).content.decode()

    assert TRAIL not in html and SNOW in html


def test_writers_cannot_open_the_partner_desk(client, django_user_model):
    writer = django_user_model.objects.create_user("writer", "w@example.org", "pw")
    writer.is_staff = True
    writer.save()
    writer.groups.add(Group.objects.get(name="Writers"))
    client.force_login(writer)

    assert client.get(reverse("admin:articles_article_partner_drafts")).status_code == 403


def test_story_list_links_the_desk_and_filters_new_partner_drafts(krdo, superuser_client):
    ingest_source(krdo)
    ArticleFactory(headline="Council budget hearing")
    changelist = reverse("admin:articles_article_changelist")

    full = superuser_client.get(changelist).content.decode()
    filtered = superuser_client.get(changelist, {"partner": "new"}).content.decode()

    assert reverse("admin:articles_article_partner_drafts") in full
    assert "From a partner: new drafts" in full
    assert "Fountain Creek trail" in filtered and "Council budget hearing" not in filtered


def test_source_list_counts_new_drafts_and_reads_feeds_on_request(krdo, ledger, superuser_client):
    changelist = reverse("admin:articles_source_changelist")

    response = superuser_client.post(
        changelist,
        {"action": "read_feeds", "_selected_action": [krdo.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "KRDO: 3 new drafts, 0 already brought in, 1 item skipped" in html
    assert not Article.objects.filter(source=ledger).exists()
    desk = reverse("admin:articles_article_partner_drafts")
    assert f'<a href="{desk}?source=krdo">3</a>' in html


# Published by an editor: the attribution and the search engines' policy


def publish(editor_client, article: Article) -> Article:
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public
    return article


def attribution(html: str) -> str:
    start = html.index('<p class="attribution">')
    return " ".join(strip_tags(html[start : html.index("</p>", start)]).split())


def test_published_rss_story_credits_the_partner_and_points_canonical_at_the_original(
    krdo, editor_client, reader
):
    ingest_source(krdo)
    trail = publish(editor_client, story(TRAIL))

    page = reader.get(trail.get_absolute_url())

    assert page.status_code == 200
    html = page.content.decode()
    assert attribution(html) == (
        "Original reporting: KRDO (Colorado Springs metro) — read the source article."
    )
    assert f'<a href="{TRAIL}">read the source article</a>' in html
    assert f'<link rel="canonical" href="{TRAIL}">' in html
    assert "Googlebot-News" not in html
    assert trail in Article.objects.published()


def test_published_atom_story_credits_the_partner_and_stays_out_of_google_news(
    ledger, editor_client, reader
):
    ingest_source(ledger)
    water = publish(editor_client, story(WATER))

    html = reader.get(water.get_absolute_url()).content.decode()

    assert attribution(html) == (
        "Original reporting: Valley Ledger (Pueblo County) — read the source article."
    )
    assert f'<link rel="canonical" href="http://testserver{water.get_absolute_url()}">' in html
    assert '<meta name="Googlebot-News" content="noindex">' in html
