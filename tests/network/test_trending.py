"""Reads belong to the town they were made on, and each town's readers decide its Trending."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import trending
from articles.models import ReadCount, TrendingStory
from articles.read_buffer import get_read_buffer
from articles.trending import flush_reads, record_read, refresh_trending, trending_articles
from network.models import Site, SiteHost
from tests.factories import ArticleFactory

from .conftest import A_HOST, B_HOST

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.fixture(autouse=True)
def fresh_state():
    get_read_buffer().drain()
    trending.forget_process_memory()
    cache.clear()
    yield
    get_read_buffer().drain()
    trending.forget_process_memory()


def read(host: str, story, ip: str = "192.0.2.1"):
    """The story page's beacon, sent from a page of the town at ``host``."""
    return Client(HTTP_HOST=host).post(
        reverse("articles:read-beacon", kwargs={"pk": story.pk}),
        HTTP_USER_AGENT=BROWSER,
        HTTP_ORIGIN=f"http://{host}",
        REMOTE_ADDR=ip,
    )


def reads_on(story, site) -> int:
    flush_reads()
    return sum(ReadCount.objects.filter(article=story, site=site).values_list("count", flat=True))


def test_a_read_belongs_to_the_town_whose_page_it_was_made_on(town_a, town_b):
    story = ArticleFactory(site=town_a)
    story.shared_to.add(town_b)

    read(A_HOST, story, ip="192.0.2.1")
    read(B_HOST, story, ip="192.0.2.2")
    read(B_HOST, story, ip="192.0.2.3")

    assert reads_on(story, town_a) == 1
    assert reads_on(story, town_b) == 2
    # The story's total, as the newsletter's "most read" adds it up: every town's reads.
    assert sum(ReadCount.objects.filter(article=story).values_list("count", flat=True)) == 3


def test_a_read_on_a_town_that_does_not_show_the_story_is_refused_like_any_other(town_a, town_b):
    story = ArticleFactory(site=town_a)  # not shared to B

    refused = read(B_HOST, story, ip="192.0.2.9")
    counted = read(A_HOST, ArticleFactory(site=town_a), ip="192.0.2.9")

    assert refused.status_code == counted.status_code == 204
    assert refused.content == counted.content == b""
    assert reads_on(story, town_b) == 0
    assert reads_on(story, town_a) == 0
    assert not ReadCount.objects.filter(article=story).exists()


def test_a_story_taken_back_from_a_town_stops_counting_there(town_a, town_b):
    story = ArticleFactory(site=town_a)
    story.shared_to.add(town_b)
    read(B_HOST, story, ip="192.0.2.1")
    story.shared_to.remove(town_b)
    trending.forget_process_memory()  # each process remembers for a minute

    read(B_HOST, story, ip="192.0.2.2")

    assert reads_on(story, town_b) == 1


def test_each_towns_own_readers_decide_its_trending(town_a, town_b):
    hour_ago = timezone.now() - timedelta(hours=1)
    local = ArticleFactory(site=town_a, headline="A's council story", published_at=hour_ago)
    shared = ArticleFactory(site=town_a, headline="The river report", published_at=hour_ago)
    shared.shared_to.add(town_b)
    ArticleFactory(site=town_b, headline="B's newest, unread")
    record_read(article_id=local.pk, site_id=town_a.pk, amount=20, refresh=False)
    record_read(article_id=shared.pk, site_id=town_a.pk, amount=2, refresh=False)
    record_read(article_id=shared.pk, site_id=town_b.pk, amount=5, refresh=False)

    refresh_trending()

    assert [s.headline for s in trending_articles(2, site=town_a)] == [
        "A's council story",
        "The river report",
    ]
    # B's Trending is B's readers': the shared story, with B's 5 reads, not A's 22.
    on_b = trending_articles(5, site=town_b)
    assert [s.headline for s in on_b] == ["The river report"]
    assert on_b[0].score == pytest.approx(5)


def test_a_shared_story_read_on_b_is_in_bs_trending_sidebar_and_not_in_as(
    town_a, town_b, reader_a, reader_b
):
    hour_ago = timezone.now() - timedelta(hours=1)
    shared = ArticleFactory(site=town_a, headline="The river report", published_at=hour_ago)
    shared.shared_to.add(town_b)
    a_story = ArticleFactory(site=town_a, headline="The school board", published_at=hour_ago)
    # Newer than both, so the list falling back to the latest would put it first.
    ArticleFactory(site=town_b, headline="B's newest, unread")
    for n in range(3):
        read(B_HOST, shared, ip=f"192.0.2.{n}")
    read(A_HOST, a_story, ip="192.0.2.50")
    flush_reads()
    cache.clear()

    b_trending = trending_list(reader_b.get("/search/?q=nothing").text)
    a_trending = trending_list(reader_a.get("/search/?q=nothing").text)

    # B's ranking: its readers read the shared story, so it leads B's list.
    assert "The river report" in b_trending
    assert "B's newest" not in b_trending
    assert "The school board" in a_trending
    assert "The river report" not in a_trending


def trending_list(html: str) -> str:
    start = html.index('id="trending-heading"')
    return html[start : html.index("</section>", start)]


def test_a_story_taken_back_leaves_that_towns_stored_ranking_at_once(town_a, town_b):
    story = ArticleFactory(site=town_a, headline="The river report")
    story.shared_to.add(town_b)
    record_read(article_id=story.pk, site_id=town_b.pk, amount=9)
    assert TrendingStory.objects.filter(site=town_b, article=story).exists()

    story.shared_to.remove(town_b)
    cache.clear()

    assert story.pk not in [s.pk for s in trending_articles(5, site=town_b)]


def add_towns(count: int, first: int = 0) -> list[Site]:
    towns = []
    for n in range(first, first + count):
        town = Site.objects.create(
            name=f"Town {n}", slug=f"town-{n}", base_url=f"https://t{n}.example"
        )
        SiteHost.objects.create(site=town, host=f"t{n}.example")
        towns.append(town)
    return towns


def rank_and_read(towns: list[Site]) -> tuple[int, int]:
    """Queries to rank every town, and to read one town's stored Trending."""
    for town in towns:
        for n in range(3):
            story = ArticleFactory(site=town)
            record_read(article_id=story.pk, site_id=town.pk, amount=n + 1, refresh=False)
    with CaptureQueriesContext(connection) as ranking:
        refresh_trending()
    cache.clear()
    with CaptureQueriesContext(connection) as page:
        stories = trending_articles(5, site=towns[0])
    assert len(stories) == 3
    return len(ranking), len(page)


def test_one_job_ranks_every_town_and_a_page_reads_its_town_in_one_query_for_2_or_20_towns(
    town_a,
):
    two = rank_and_read([town_a, *add_towns(1)])
    ReadCount.objects.all().delete()
    twenty = rank_and_read([town_a, *add_towns(19, first=1)])

    print(f"\nqueries (rank every town, read one): 2 towns {two}, 20 towns {twenty}")
    assert two == twenty
    assert twenty[1] == 1
    assert TrendingStory.objects.values("site").distinct().count() == 20


def test_editors_see_a_storys_total_reads_with_each_towns_share(town_a, town_b, admin_client):
    story = ArticleFactory(site=town_a)
    story.shared_to.add(town_b)
    for n in range(2):
        read(A_HOST, story, ip=f"192.0.2.{n}")
    for n in range(3):
        read(B_HOST, story, ip=f"192.0.2.{10 + n}")
    flush_reads()

    change = reverse("admin:articles_article_change", args=[story.pk])
    form = admin_client.get(change, HTTP_HOST=A_HOST).text

    assert "5 in all: The Town B Loop 3, The Town A Loop 2" in form


def test_each_towns_stored_top_is_its_live_ranking_cut_at_the_stored_length(
    town_a, town_b, monkeypatch
):
    from articles.trending import ranking, trending_scores

    monkeypatch.setattr(ranking, "TRENDING_STORED", 4)
    now = timezone.now()
    hour = trending.hour_of(now)
    stories = [ArticleFactory(site=town_a, headline=f"story {n}") for n in range(7)]
    for story in stories[::2]:
        story.shared_to.add(town_b)
    for n, story in enumerate(stories):
        for age in (0, 3, 30, 60):  # the last one is outside the window
            record_read(
                article_id=story.pk,
                site_id=town_a.pk,
                when=hour - timedelta(hours=age),
                amount=(n * 7) % 5 + 1,
                refresh=False,
            )
            if story in stories[::2]:
                record_read(
                    article_id=story.pk,
                    site_id=town_b.pk,
                    when=hour - timedelta(hours=age),
                    amount=10 - n,
                    refresh=False,
                )

    refresh_trending(now)

    for town in (town_a, town_b):
        live = [(s.pk, s.score) for s in trending_scores(now, site=town)][:4]
        stored = list(
            TrendingStory.objects.filter(site=town)
            .order_by("-score", "-article__published_at", "-article")
            .values_list("article", "score")
        )
        assert [pk for pk, _ in stored] == [pk for pk, _ in live]
        assert [score for _, score in stored] == pytest.approx([score for _, score in live])


def test_reads_buffered_before_reads_had_a_town_are_the_default_sites(town_a, town_b):
    """A server still running the code before this change buffers "<hour>:<story>"."""
    story = ArticleFactory(site=town_a)
    hour = int(trending.hour_of(timezone.now()).timestamp())
    get_read_buffer().add(f"{hour}:{story.pk}", 3)
    get_read_buffer().add(f"{hour}:{town_b.pk}:{story.pk}", 2)

    assert flush_reads() == 5

    assert reads_on(story, Site.objects.default()) == 3
    assert reads_on(story, town_b) == 2
