"""A page's number of SQL queries does not grow with what is on it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Author, Section
from articles.trending import record_read
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    SectionFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


def build_site(size: int):
    """A site with `size` stories, and one story with `size` bylines, tags and comments."""
    community = SectionFactory(name="Community", slug="community")
    authors = [AuthorFactory(email=f"staff{n}@thelocalloop.example") for n in range(size)]
    tags = [f"tag-{n}" for n in range(size)]
    story = ArticleFactory(section=community, authors=authors, tags=tags, lead_image=jpeg_file())
    for _ in range(size - 1):
        other = ArticleFactory(section=community, authors=authors[:3], tags=tags[:3])
        record_read(article_id=other.pk)
    parent = None
    for n in range(size):
        parent = CommentFactory(article=story, parent=parent if n % 2 else None)
    return story


def page_urls(story):
    return {
        "home": reverse("articles:home"),
        "home page 2": reverse("articles:home") + "?page=2",
        "section": story.section.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "tag-0"}),
        "author": story.byline_authors[0].get_absolute_url(),
        "story": story.get_absolute_url(),
    }


def count_queries(client, url):
    # Every fragment cold: a change retires only the fragments that show it.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["home", "home page 2", "section", "tag", "author", "story"])
def test_page_makes_the_same_number_of_queries_with_3_or_30_of_everything(client, page):
    small = count_queries(client, page_urls(build_site(3))[page])
    Article.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()
    large = count_queries(client, page_urls(build_site(30))[page])

    print(f"\n{page}: {large} SQL queries")
    assert small == large
    # With every cache empty: sidebar lists, events, footer pages, and the next
    # scheduled story (asked once per emptied cache, see scheduled_retirement).
    assert large <= 13


def build_newsroom(stories: int):
    """`stories` stories (3 in 10 in Community), and one with 500 comments, 5 bylines, 10 tags."""
    from django.utils import timezone

    from articles.models import Byline
    from comments.models import Comment
    from comments.services import refresh_comment_counts

    community = SectionFactory(name="Community", slug="community")
    news = SectionFactory(name="News", slug="news")
    authors = [AuthorFactory(email=f"staff{n}@thelocalloop.example") for n in range(5)]
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"bulk-{n}",
            dek="A summary.",
            body="<p>Text.</p>",
            section=community if n % 10 < 3 else news,
            status=Article.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=n + 5),
        )
        for n in range(stories - 1)
    )
    Byline.objects.bulk_create(
        Byline(article=article, author=authors[0]) for article in Article.objects.all()
    )
    story = ArticleFactory(
        section=community,
        authors=authors[1:],
        tags=[f"tag-{n}" for n in range(10)],
        lead_image=jpeg_file(),
    )
    Byline.objects.create(article=story, author=authors[0], order=9)
    for article_id in Article.objects.order_by("?").values_list("pk", flat=True)[:50]:
        record_read(article_id=article_id, amount=3)
    Comment.objects.bulk_create(
        Comment(
            article=story,
            name=f"Reader {n}",
            email=f"r{n}@example.org",
            text="Hi.",
            status=Comment.Status.APPROVED,
        )
        for n in range(500)
    )
    refresh_comment_counts([story.pk])
    return story


def newsroom_pages(story):
    return {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", kwargs={"slug": "community"}),
        "tag": reverse("articles:tag", kwargs={"slug": "tag-0"}),
        "author": story.byline_authors[0].get_absolute_url(),
        "story": story.get_absolute_url(),
    }


def cold_query_counts(client, story) -> dict[str, int]:
    from django.core.cache import cache

    counts = {}
    for page, url in newsroom_pages(story).items():
        cache.clear()  # the page cache and Trending's cache would hide the real work
        counts[page] = count_queries(client, url)
    return counts


def test_pages_need_at_most_13_queries_with_10000_stories_as_with_10(client):
    small = cold_query_counts(client, build_newsroom(10))
    Article.objects.all().delete()
    Author.objects.all().delete()
    Section.objects.all().delete()

    story = build_newsroom(10_000)
    large = cold_query_counts(client, story)

    print(f"\nSQL queries, 10 stories: {small}\nSQL queries, 10,000 stories: {large}")
    assert Article.objects.count() == 10_000
    assert story.comments.count() == 500 and len(story.byline_authors) == 5
    assert small == large
    assert max(large.values()) <= 13  # 12, and the next scheduled story
