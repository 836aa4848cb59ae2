"""The stored Trending ranking: the same order and scores as adding up the hourly reads,
kept up to date when reads are written and when the hour moves on."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import trending
from articles.models import Article, ReadCount, TrendingStory
from articles.read_buffer import get_read_buffer
from articles.trending import (
    flush_reads,
    hour_of,
    record_read,
    refresh_trending,
    trending_articles,
    trending_scores,
)
from network.models import Site
from tests.factories import ArticleFactory

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


def at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_stored_ranking_has_the_order_and_scores_of_the_hourly_reads():
    now = timezone.now()
    stories = [ArticleFactory(headline=f"story {n}") for n in range(8)]
    for n, story in enumerate(stories):
        # Bulk rows, as an import or the benchmark's seed writes them: no refresh.
        ReadCount.objects.bulk_create(
            ReadCount(article=story, hour=hour_of(now) - timedelta(hours=age), count=n + age)
            for age in (0, 5, 20, 47, 60)
        )
    live = [(story.pk, story.score) for story in trending_scores(now)]

    refresh_trending(now)

    stored = list(TrendingStory.objects.order_by("-score").values_list("article", "score"))
    assert [pk for pk, _ in stored] == [pk for pk, _ in live]
    assert [score for _, score in stored] == pytest.approx([score for _, score in live])
    assert set(TrendingStory.objects.values_list("hour", flat=True)) == {hour_of(now)}


def test_reads_written_by_a_flush_reach_the_ranking_at_once(client):
    ArticleFactory(headline="Newest but unread")
    read = ArticleFactory(headline="Read", published_at=timezone.now() - timedelta(days=1))
    cache.add(trending.FLUSH_DUE_KEY, 1)  # flushed less than a minute ago
    for n in range(2):
        client.post(
            reverse("articles:read-beacon", kwargs={"pk": read.pk}),
            HTTP_USER_AGENT=BROWSER,
            HTTP_ORIGIN="http://testserver",
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    assert not TrendingStory.objects.exists()  # still in the cache's buffer

    flush_reads()

    assert TrendingStory.objects.get().article == read
    assert trending_articles(1) == [read]


def test_crawler_reads_never_reach_the_ranking(client):
    story = ArticleFactory()
    for n in range(5):
        client.post(
            reverse("articles:read-beacon", kwargs={"pk": story.pk}),
            HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)",
            HTTP_ORIGIN="http://testserver",
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    flush_reads()

    assert not TrendingStory.objects.exists()


def test_the_first_flush_of_a_new_hour_ranks_again_with_nothing_new_to_write(monkeypatch):
    now = timezone.now()
    fading = ArticleFactory(headline="fading", published_at=now - timedelta(days=3))
    steady = ArticleFactory(headline="steady", published_at=now - timedelta(days=3))
    # 60 reads 46 hours ago weigh about 4.4 now; 3 reads this hour weigh 3.
    record_read(article_id=fading.pk, when=now - timedelta(hours=46), amount=60)
    record_read(article_id=steady.pk, when=now, amount=3)
    assert [a.headline for a in trending_articles(2)] == ["fading", "steady"]

    # Three hours on, nobody has read anything: the old reads have left the window.
    at(monkeypatch, now + timedelta(hours=3))
    cache.delete(trending.trending_cache_key(Site.objects.default()))
    assert [a.headline for a in trending_articles(2)] == ["fading", "steady"]  # as stored

    assert flush_reads() == 0
    cache.delete(trending.trending_cache_key(Site.objects.default()))  # a minute later

    assert [a.headline for a in trending_articles(2)] == ["steady"]
    assert TrendingStory.objects.get().hour == hour_of(now + timedelta(hours=3))


def test_pages_never_work_the_ranking_out_even_when_the_hour_has_moved_on(
    monkeypatch, django_assert_num_queries
):
    now = timezone.now()
    record_read(article_id=ArticleFactory().pk, amount=3)
    at(monkeypatch, now + timedelta(hours=2))

    with django_assert_num_queries(1):
        trending_articles()


def test_a_ranking_stored_before_the_window_began_is_not_shown(monkeypatch):
    now = timezone.now()
    read = ArticleFactory(headline="read long ago", published_at=now - timedelta(days=5))
    ArticleFactory(headline="newest")
    record_read(article_id=read.pk, amount=30)

    at(monkeypatch, now + timedelta(hours=49))

    assert [a.headline for a in trending_articles(1)] == ["newest"]


def test_later_requests_in_the_hour_read_one_query_over_the_stored_rows(
    django_assert_num_queries,
):
    for n in range(20):
        record_read(article_id=ArticleFactory().pk, amount=n + 1)
    cache.delete(trending.trending_cache_key(Site.objects.default()))

    with django_assert_num_queries(1) as queries:
        top = trending_articles(5)

    assert "articles_readcount" not in queries.captured_queries[0]["sql"]

    assert [story.score for story in top] == sorted((story.score for story in top), reverse=True)


def test_a_story_taken_down_leaves_trending_before_the_next_ranking():
    hit, other = ArticleFactory(headline="hit"), ArticleFactory(headline="other")
    record_read(article_id=hit.pk, amount=50)
    record_read(article_id=other.pk, amount=5)

    Article.objects.filter(pk=hit.pk).update(status=Article.Status.DRAFT)
    cache.delete(trending.trending_cache_key(Site.objects.default()))

    assert [a.headline for a in trending_articles(2)] == ["other"]


def test_with_nothing_read_the_ranking_is_not_worked_out_on_any_page(
    django_assert_max_num_queries,
):
    ArticleFactory()
    for _ in range(2):
        cache.delete(trending.trending_cache_key(Site.objects.default()))
        # Stored (empty) ranking plus the latest stories: no adding-up of reads.
        with django_assert_max_num_queries(2) as queries:
            assert len(trending_articles()) == 1

        assert not any("articles_readcount" in q["sql"] for q in queries.captured_queries)
