"""A page's number of SQL queries does not grow with what is on it."""

import pytest
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
    assert large <= 10
