"""The lists' teasers, rendered by Jinja2, are the markup the Django teaser template gives."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, jpeg_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    ArticleFactory(
        headline='Rosa\'s "big" <market> & more',
        dek="Stalls & <b>music</b>",
        lead_image=jpeg_file(),
        authors=[AuthorFactory(name="Sam O'Neil"), AuthorFactory(name="Lee"), AuthorFactory()],
        modified_at=timezone.now(),
    )
    ArticleFactory(contributor_name="A neighbour", dek="")
    one = ArticleFactory(authors=[AuthorFactory(name="Solo")])
    CommentFactory(article=one)
    two = ArticleFactory(published_at=timezone.now() - timedelta(days=200))
    CommentFactory(article=two)
    CommentFactory(article=two)
    return list(Article.objects.published().for_listing())


def django_teasers(stories, lead=False) -> str:
    template = Template(
        '{% for story in stories %}{% include "includes/story_teaser.html" %}{% endfor %}'
    )
    return template.render(Context({"stories": stories, "is_lead": lead}))


def jinja_teasers(stories, lead=False) -> str:
    tag = "{% lead_teaser story %}" if lead else "{% teasers stories %}"
    return Template("{% load teasers %}" + tag).render(
        Context({"stories": stories, "story": stories[0] if stories else None})
    )


def test_a_list_of_teasers_is_the_same_markup_in_both_engines(stories):
    assert parse_html(jinja_teasers(stories)) == parse_html(django_teasers(stories))
    assert "Rosa&#x27;s" in django_teasers(stories) or "Rosa&#39;s" in jinja_teasers(stories)
    assert "<market>" not in jinja_teasers(stories)  # escaped


def test_the_lead_teaser_is_the_same_markup_in_both_engines(stories):
    lead = [story for story in stories if story.lead_image][:1]
    assert 'loading="lazy"' not in jinja_teasers(lead, lead=True)
    assert parse_html(jinja_teasers(lead, lead=True)) == parse_html(django_teasers(lead, lead=True))


def test_no_stories_print_nothing():
    assert jinja_teasers([]).strip() == ""
