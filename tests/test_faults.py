"""When the database or the cache goes away, readers get the site's own pages, never a
traceback, and nothing a commenter typed is lost."""

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as if the database server had gone away."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def test_public_pages_answer_503_with_the_sites_own_page_when_the_database_is_down(
    client, database_down
):
    for url in ["/", "/section/news/", "/2026/01/01/some-story/", "/author/sam/"]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 503, url
        assert "We’ll be back in a minute" in html
        assert "Traceback" not in html and "OperationalError" not in html
        assert response["Retry-After"] == "60"


def test_health_check_says_the_database_failed(client, database_down):
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unavailable")
    assert response.json()["cache"] == "ok"


def test_health_check_is_200_when_all_is_well(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_comment_posted_while_the_database_is_down_comes_back_to_be_sent_again(
    client, comment_data, monkeypatch
):
    story = ArticleFactory()
    data = comment_data(story, text="Please keep this thought for me.", name="Dee")
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.post(reverse("comments:post", kwargs={"article_id": story.pk}), data)

    html = response.content.decode()
    assert response.status_code == 503
    assert "try again in a minute" in html
    assert "Please keep this thought for me." in html
    assert "not posted yet" in html


@override_settings(CACHES=DEAD_REDIS)
def test_site_keeps_serving_uncached_when_redis_is_down(client, caplog, comment_data):
    assert caches["default"].__class__.__name__ == "ResilientRedisCache"
    story = ArticleFactory(headline="Still readable")
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    posted = client.post(
        reverse("comments:post", kwargs={"article_id": story.pk}), comment_data(story)
    )
    beacon = client.post(
        reverse("articles:read-beacon", kwargs={"pk": story.pk}),
        HTTP_USER_AGENT="Mozilla/5.0 Chrome/126",
    )
    health = client.get("/healthz")

    assert first.status_code == second.status_code == 200
    assert "Still readable" in second.content.decode()
    assert second["X-Page-Cache"] == "miss"  # nothing could be stored
    assert posted.status_code == 302  # the comment is stored in the database
    from comments.models import Comment

    assert Comment.objects.filter(article=story).count() == 1
    assert beacon.status_code == 204  # the read may be lost; the reader sees nothing
    assert health.status_code == 503 and health.json()["cache"] == "unavailable"
    assert "Cache unavailable" in caplog.text
