from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ReadCount
from articles.trending import record_read, trending_articles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def beacon(client, article, **headers):
    return client.post(
        reverse("articles:read-beacon", kwargs={"pk": article.pk}),
        HTTP_USER_AGENT=headers.pop("user_agent", BROWSER),
        **headers,
    )


def reads(article):
    return sum(ReadCount.objects.filter(article=article).values_list("count", flat=True))


def test_beacon_counts_a_read_of_a_published_story(client):
    story = ArticleFactory()

    assert beacon(client, story).status_code == 204
    beacon(client, story)

    assert reads(story) == 2
    assert ReadCount.objects.get(article=story).hour.minute == 0


@pytest.mark.parametrize(
    "user_agent",
    ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "", "HeadlessChrome/120"],
)
def test_beacon_ignores_bots(client, user_agent):
    story = ArticleFactory()
    beacon(client, story, user_agent=user_agent)
    assert reads(story) == 0


def test_beacon_ignores_prefetches(client):
    story = ArticleFactory()
    beacon(client, story, HTTP_SEC_PURPOSE="prefetch")
    assert reads(story) == 0


def test_beacon_ignores_unpublished_stories(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert beacon(client, draft).status_code == 204
    assert reads(draft) == 0


def test_beacon_only_accepts_posts(client):
    story = ArticleFactory()
    assert client.get(reverse("articles:read-beacon", kwargs={"pk": story.pk})).status_code == 405


def test_story_page_carries_the_beacon_address(client):
    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'data-read-beacon="/read/{story.pk}/"' in html


def test_trending_ranks_by_reads_in_the_window_then_by_recency():
    now = timezone.now()
    quiet = ArticleFactory(headline="quiet", published_at=now - timedelta(hours=1))
    busy = ArticleFactory(headline="busy", published_at=now - timedelta(hours=5))
    tie_old = ArticleFactory(headline="tie old", published_at=now - timedelta(hours=9))
    tie_new = ArticleFactory(headline="tie new", published_at=now - timedelta(hours=8))
    stale = ArticleFactory(headline="stale", published_at=now - timedelta(days=9))
    for _ in range(5):
        record_read(article_id=busy.pk)
    for story in (tie_old, tie_new):
        record_read(article_id=story.pk)
        record_read(article_id=story.pk, when=now - timedelta(hours=30))
    record_read(article_id=quiet.pk)
    for _ in range(50):  # lots of reads, but long ago
        record_read(article_id=stale.pk, when=now - timedelta(days=8))

    assert [a.headline for a in trending_articles(4)] == ["busy", "tie new", "tie old", "quiet"]


def test_trending_leaves_out_unpublished_stories():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    live = ArticleFactory()
    record_read(article_id=draft.pk)
    record_read(article_id=live.pk)

    assert trending_articles() == [live]


def test_trending_falls_back_to_the_latest_stories_when_nobody_has_read_anything():
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    newer = ArticleFactory()

    assert trending_articles() == [newer, older]


def test_trending_sidebar_shows_the_most_read_story_first(client):
    ArticleFactory(headline="Newest but unread")
    read = ArticleFactory(headline="Read a lot", published_at=timezone.now() - timedelta(days=1))
    for _ in range(3):
        beacon(client, read)

    html = client.get("/").content.decode()
    start = html.index(">Trending</h2>")
    trending = html[start : html.index("</section>", start)]
    assert "Read a lot" in trending
    assert "Newest but unread" not in trending
