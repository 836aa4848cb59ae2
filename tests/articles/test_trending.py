from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from articles import trending
from articles.models import Article, ReadCount
from articles.read_buffer import get_read_buffer
from articles.trending import counting, flush_reads, hour_of, record_read, trending_articles
from network.models import Site
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.fixture(autouse=True)
def empty_read_buffer():
    get_read_buffer().drain()
    trending.forget_process_memory()
    yield
    get_read_buffer().drain()
    trending.forget_process_memory()


def beacon(client, article, ip="192.0.2.1", **headers):
    """The story page's beacon, as a browser sends it from the page (with its Origin)."""
    headers.setdefault("HTTP_ORIGIN", "http://testserver")
    return client.post(
        reverse("articles:read-beacon", kwargs={"pk": article.pk}),
        HTTP_USER_AGENT=headers.pop("user_agent", BROWSER),
        REMOTE_ADDR=ip,
        **headers,
    )


def reads(article):
    flush_reads()
    return sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))


# Counting


def test_each_reader_counts_once_per_story_per_half_hour(client, settings):
    story = ArticleFactory()

    assert beacon(client, story, ip="192.0.2.1").status_code == 204
    beacon(client, story, ip="192.0.2.1")  # the same reader again: not counted
    beacon(client, story, ip="192.0.2.2")
    beacon(client, story, ip="192.0.2.2", user_agent=BROWSER + " Firefox")  # another browser

    assert reads(story) == 3
    assert ReadCount.objects.get(article=story).hour == hour_of(timezone.now())


def test_a_reader_counts_again_after_the_repeat_window(client, settings):
    settings.READ_REPEAT_SECONDS = 1  # half an hour, shortened for the test
    story = ArticleFactory()
    beacon(client, story)
    __import__("time").sleep(1.1)

    beacon(client, story)

    assert reads(story) == 2


def test_readers_are_recognised_by_a_hash_with_a_salt_that_changes_daily(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.200", HTTP_USER_AGENT=BROWSER)
    today = timezone.now()

    fingerprint = trending.reader_fingerprint(request, today)

    assert "203.0.113.200" not in fingerprint
    assert fingerprint == trending.reader_fingerprint(request, today)
    assert fingerprint != trending.reader_fingerprint(request, today + timedelta(days=1))
    assert {f.name for f in ReadCount._meta.fields} == {"id", "article", "site", "hour", "count"}


@pytest.mark.parametrize(
    "user_agent",
    ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "", "HeadlessChrome/120"],
)
def test_bots_do_not_count(client, user_agent):
    story = ArticleFactory()
    beacon(client, story, user_agent=user_agent)
    assert reads(story) == 0


def test_prefetches_do_not_count(client):
    story = ArticleFactory()
    beacon(client, story, HTTP_SEC_PURPOSE="prefetch")
    beacon(client, story, ip="192.0.2.9", HTTP_PURPOSE="prefetch")
    assert reads(story) == 0


def test_unpublished_and_scheduled_stories_do_not_count(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=3))
    assert beacon(client, draft).status_code == 204
    beacon(client, scheduled)
    assert reads(draft) == 0 and reads(scheduled) == 0


def test_previews_do_not_count_because_they_carry_no_beacon(admin_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    html = admin_client.get(reverse("articles:preview", kwargs={"pk": draft.pk})).content
    assert b"data-read-beacon" not in html and b"read-pixel" not in html


def test_beacon_only_accepts_posts(client):
    story = ArticleFactory()
    assert client.get(reverse("articles:read-beacon", kwargs={"pk": story.pk})).status_code == 405


def test_story_page_carries_the_beacon_and_a_no_javascript_pixel(client):
    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'data-read-beacon="/read/{story.pk}/"' in html
    assert f'<noscript><img class="read-pixel" src="/read/{story.pk}/pixel.gif"' in html


def test_no_javascript_pixel_counts_a_read(client):
    story = ArticleFactory()
    response = client.get(
        reverse("articles:read-pixel", kwargs={"pk": story.pk}),
        HTTP_USER_AGENT=BROWSER,
        HTTP_REFERER="http://testserver" + story.get_absolute_url(),
    )
    assert response["Content-Type"] == "image/gif"
    assert reads(story) == 1


# One reader is one reader, whatever the headers say


def test_one_address_rotating_its_browser_counts_as_a_few_readers_at_most(client, settings):
    settings.READERS_PER_ADDRESS = 3
    story = ArticleFactory()
    for n in range(300):
        beacon(client, story, ip="198.51.100.7", user_agent=f"{BROWSER} build/{n}")
    beacon(client, story, ip="198.51.100.8")  # a neighbour on another address still counts

    assert reads(story) == 3 + 1


def test_the_bound_is_per_story(client, settings):
    settings.READERS_PER_ADDRESS = 2
    first, second = ArticleFactory(), ArticleFactory()
    for n in range(5):
        beacon(client, first, ip="198.51.100.7", user_agent=f"{BROWSER} build/{n}")
        beacon(client, second, ip="198.51.100.7", user_agent=f"{BROWSER} build/{n}")
    assert (reads(first), reads(second)) == (2, 2)


def test_an_ipv6_reader_counts_by_its_64_network(client, settings):
    settings.READERS_PER_ADDRESS = 1
    story = ArticleFactory()
    for n in range(1, 20):  # one household's phone rotating its privacy addresses
        beacon(client, story, ip=f"2001:db8:1:2::{n:x}", user_agent=f"{BROWSER} {n}")
    beacon(client, story, ip="2001:db8:1:3::1")  # the next street

    assert reads(story) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "", "HTTP_REFERER": "https://elsewhere.example/page"},
        {"HTTP_ORIGIN": ""},  # neither: nothing shows it came from one of our pages
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_beacons_from_other_sites_count_nothing(client, headers):
    story = ArticleFactory()
    assert beacon(client, story, **headers).status_code == 204  # nothing to learn from
    assert reads(story) == 0


def test_a_pixel_embedded_on_another_site_counts_nothing(client):
    story = ArticleFactory()
    pixel = reverse("articles:read-pixel", kwargs={"pk": story.pk})
    client.get(pixel, HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://elsewhere.example/")
    client.get(pixel, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.50")  # no referrer at all
    assert reads(story) == 0


def test_a_beacon_sent_by_the_page_itself_counts(client):
    story = ArticleFactory()
    beacon(client, story, HTTP_SEC_FETCH_SITE="same-origin")
    assert reads(story) == 1


def test_a_beacon_with_a_forged_forwarded_for_counts_the_connections_address(client):
    story = ArticleFactory()
    for n in range(10):  # no trusted proxy: the header is the client's own invention
        beacon(client, story, ip="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert reads(story) == 1


def test_a_beacon_with_unicode_digits_or_a_huge_id_counts_nothing(client):
    story = ArticleFactory(pk=3)
    for path in ["/read/\u0663/", "/read/" + "9" * 40 + "/"]:
        response = client.post(path, HTTP_USER_AGENT=BROWSER, HTTP_ORIGIN="http://testserver")
        assert response.status_code in {204, 404}
    assert reads(story) == 0


# The buffer


def test_reads_wait_in_the_cache_until_a_minute_has_passed(client):
    story = ArticleFactory()
    beacon(client, story, ip="192.0.2.1")  # the first read after a quiet minute flushes
    beacon(client, story, ip="192.0.2.2")
    beacon(client, story, ip="192.0.2.3")

    in_database = sum(ReadCount.objects.filter(article=story).values_list("count", flat=True))
    assert in_database == 1

    cache.delete(trending.FLUSH_DUE_KEY)  # a minute later
    trending.forget_process_memory()
    beacon(client, story, ip="192.0.2.4")
    in_database = sum(ReadCount.objects.filter(article=story).values_list("count", flat=True))
    assert in_database == 4


def test_flush_views_command_writes_the_buffer(client):
    story = ArticleFactory()
    cache.add(trending.FLUSH_DUE_KEY, 1)
    beacon(client, story, ip="192.0.2.1")
    beacon(client, story, ip="192.0.2.2")
    assert not ReadCount.objects.exists()

    out = __import__("io").StringIO()
    call_command("flush_views", stdout=out)

    assert "Wrote 2 buffered reads" in out.getvalue()
    assert ReadCount.objects.get(article=story).count == 2
    call_command("flush_views", stdout=out)  # nothing left: safe to repeat
    assert ReadCount.objects.get(article=story).count == 2


def test_a_failed_flush_keeps_the_counts_for_the_next_one(client, monkeypatch):
    story = ArticleFactory()
    cache.add(trending.FLUSH_DUE_KEY, 1)
    beacon(client, story, ip="192.0.2.1")
    beacon(client, story, ip="192.0.2.2")
    record_read(article_id=story.pk, when=timezone.now() - timedelta(hours=2), amount=5)

    def broken(counts):
        raise DatabaseError("database went away")

    monkeypatch.setattr(counting, "_write_counts", broken)
    with pytest.raises(DatabaseError):
        flush_reads()
    monkeypatch.undo()

    assert flush_reads() == 2
    assert sum(ReadCount.objects.filter(article=story).values_list("count", flat=True)) == 7


# Ranking


def test_recent_reads_weigh_more_than_old_ones():
    now = timezone.now()
    fresh = ArticleFactory(headline="fresh", published_at=now - timedelta(days=1))
    yesterday = ArticleFactory(headline="yesterday", published_at=now - timedelta(hours=2))
    record_read(article_id=fresh.pk, when=now, amount=10)
    # 14 reads 12 hours ago weigh 7 now: fewer than 10 fresh reads.
    record_read(article_id=yesterday.pk, when=now - timedelta(hours=12), amount=14)

    assert [a.headline for a in trending_articles(2)] == ["fresh", "yesterday"]


def test_decay_has_the_configured_half_life(settings):
    now = timezone.now()
    weights = trending.decay_weights(now)
    assert weights[hour_of(now)] == 1.0
    assert weights[hour_of(now) - timedelta(hours=12)] == pytest.approx(0.5)
    assert weights[hour_of(now) - timedelta(hours=24)] == pytest.approx(0.25)
    settings.TRENDING_HALF_LIFE_HOURS = 6
    assert trending.decay_weights(now)[hour_of(now) - timedelta(hours=12)] == pytest.approx(0.25)


def test_reads_outside_the_48_hour_window_do_not_count():
    now = timezone.now()
    old_hit = ArticleFactory(headline="old hit")
    small = ArticleFactory(headline="small", published_at=now - timedelta(days=3))
    record_read(article_id=old_hit.pk, when=now - timedelta(hours=49), amount=1000)
    record_read(article_id=small.pk, when=now - timedelta(hours=47), amount=1)

    assert [a.headline for a in trending.trending_scores()] == ["small"]


def test_ties_go_to_the_more_recent_story():
    now = timezone.now()
    older = ArticleFactory(headline="older", published_at=now - timedelta(hours=9))
    newer = ArticleFactory(headline="newer", published_at=now - timedelta(hours=8))
    for story in (older, newer):
        record_read(article_id=story.pk, when=now, amount=3)

    assert [a.headline for a in trending_articles(2)] == ["newer", "older"]


def test_trending_leaves_out_unpublished_stories():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    live = ArticleFactory()
    record_read(article_id=draft.pk, amount=50)
    record_read(article_id=live.pk)

    assert trending_articles() == [live]


def test_trending_is_one_query(django_assert_num_queries):
    for n in range(20):
        record_read(article_id=ArticleFactory().pk, amount=n + 1)
    with django_assert_num_queries(1):
        list(trending.trending_scores()[:5])


def test_trending_is_cached_for_a_minute():
    quiet, loud = ArticleFactory(headline="quiet"), ArticleFactory(headline="loud")
    record_read(article_id=quiet.pk, amount=2)
    assert trending_articles(1)[0].headline == "quiet"

    record_read(article_id=loud.pk, amount=50)
    assert trending_articles(1)[0].headline == "quiet"
    cache.delete(trending.trending_cache_key(Site.objects.default()))  # a minute later
    assert trending_articles(1)[0].headline == "loud"


def test_with_no_reads_trending_shows_the_latest_stories():
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    newer = ArticleFactory()

    assert trending_articles() == [newer, older]


def test_trending_sidebar_shows_the_most_read_story(client):
    ArticleFactory(headline="Newest but unread")
    read = ArticleFactory(headline="Read a lot", published_at=timezone.now() - timedelta(days=1))
    for n in range(3):
        beacon(client, read, ip=f"192.0.2.{n}")
    flush_reads()

    html = client.get("/").content.decode()
    start = html.index(">Trending</h2>")
    block = html[start : html.index("</section>", start)]
    assert "Read a lot" in block
    assert "Newest but unread" not in block
