from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_stories_whose_time_has_come():
    live = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(published_at=timezone.now() + timedelta(hours=2))  # scheduled

    assert list(Article.objects.published()) == [live]


def test_scheduled_story_becomes_public_when_its_time_comes():
    story = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=story.pk).exists()

    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=story.pk).exists()


def test_publishing_sets_the_publish_time_once():
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    story.status = Article.Status.PUBLISHED
    story.save()
    first = story.published_at
    assert first is not None

    story.headline = "A better headline"
    story.save()
    assert story.published_at == first


def test_database_refuses_a_published_story_without_a_publish_time():
    story = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=story.pk).update(published_at=None)


def test_body_is_sanitized_on_save():
    story = ArticleFactory(
        body='<p onclick="steal()">Hello <script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><iframe src="https://evil.example"></iframe>'
        '<span style="color:red">styled</span></p><h2>Kept</h2>'
    )
    story.refresh_from_db()
    assert "<script" not in story.body
    assert "onclick" not in story.body
    assert "javascript:" not in story.body
    assert "<iframe" not in story.body
    assert "style=" not in story.body
    assert "<h2>Kept</h2>" in story.body


def test_story_address_is_its_local_publish_date_and_slug():
    story = ArticleFactory(
        slug="council-votes", published_at=timezone.make_aware(timezone.datetime(2026, 3, 7, 12))
    )
    assert story.get_absolute_url() == "/2026/03/07/council-votes/"
