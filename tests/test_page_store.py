"""Stored pages live long (hours, not a minute) and stay right: the sidebar is stored apart
and put in as each page is served, a scheduled story retires its lists when it goes public,
and a page is never kept past a change it foresees (midnight, its comments closing)."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import RequestFactory
from django.utils import timezone

from articles import page_slots
from articles.page_keys import expires
from newsroom.page_cache import page_key, store_seconds
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def recent_news(html: str) -> str:
    return html.split('id="recent-news-heading"')[1].split("</section>")[0]


@pytest.fixture
def stories():
    section = SectionFactory(name="News", slug="news")
    return [ArticleFactory(headline=f"Story {n}", section=section) for n in range(3)]


def test_a_stored_page_is_kept_until_the_towns_midnight_at_most(settings):
    settings.PAGE_CACHE_SECONDS = 24 * 3600
    denver = ZoneInfo("America/Denver")
    request = RequestFactory().get("/")
    with timezone.override(denver):
        morning = datetime(2026, 11, 28, 10, 0, tzinfo=denver)
        late = datetime(2026, 11, 28, 23, 59, 30, tzinfo=denver)
        assert store_seconds(request, morning) == 14 * 3600
        assert store_seconds(request, late) == 30
    settings.PAGE_CACHE_SECONDS = 60
    assert store_seconds(request, morning) == 60


def test_a_page_is_not_kept_past_the_moment_its_comments_close(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=30, seconds=-20))

    response = client.get(story.get_absolute_url())

    closes = story.published_at + timedelta(days=30)
    assert response.wsgi_request.page_expires_at == closes
    assert store_seconds(response.wsgi_request, timezone.now()) <= 20
    assert "Leave a Reply" in response.content.decode()


def test_the_earliest_foreseen_change_wins():
    request = RequestFactory().get("/")
    soon, later = timezone.now() + timedelta(minutes=5), timezone.now() + timedelta(hours=5)
    expires(request, later)
    expires(request, soon)
    expires(request, None)
    assert request.page_expires_at == soon


def test_a_stored_page_is_served_with_the_towns_current_sidebar(client, stories):
    first = stories[0]
    client.get(first.get_absolute_url())
    ArticleFactory(headline="Just published", section=stories[1].section)

    page = client.get(first.get_absolute_url())

    assert page["X-Page-Cache"] == "hit"
    assert "Just published" in recent_news(page.content.decode())
    assert page_slots.MARKER.decode() not in page.content.decode()
    assert page.get("Content-Length") in (None, str(len(page.content)))


def test_a_hit_with_the_sidebar_stored_asks_the_database_nothing(
    client, stories, django_assert_num_queries
):
    url = stories[0].get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_page_names_its_own_keys_and_its_sidebars_for_the_cdn(client, stories):
    story = stories[0]
    client.get(story.get_absolute_url())
    hit = client.get(story.get_absolute_url())
    keys = set(hit["Surrogate-Key"].split())
    town = hit.wsgi_request.site.pk
    assert {f"story-{story.pk}", f"comments-{story.pk}", f"sidebar-{town}"} <= keys


def test_pages_never_show_the_sidebars_marker(client, stories):
    for url in ["/", stories[0].get_absolute_url(), "/section/news/", "/no-such-page/"]:
        for _ in range(2):
            html = client.get(url).content.decode()
            assert page_slots.MARKER.decode() not in html, url
            assert 'id="recent-news-heading"' in html, url


def test_staff_get_the_sidebar_rendered_in_their_own_page(client, stories):
    client.force_login(get_user_model().objects.create_user("desk", is_staff=True))
    html = client.get(stories[0].get_absolute_url()).content.decode()
    assert "Story 2" in recent_news(html)
    assert page_slots.MARKER.decode() not in html


def test_a_page_stored_by_an_older_release_is_rendered_again(client, stories):
    url = stories[0].get_absolute_url()
    request = RequestFactory().get(url)
    request.site = None
    cache.set(page_key(request), (b"old", {}, 0, []), timeout=60)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert response.content != b"old"


def test_a_scheduled_story_retires_its_lists_when_it_goes_public(client, stories):
    due = timezone.now() + timedelta(seconds=1.5)
    ArticleFactory(headline="Scheduled story", section=stories[0].section, published_at=due)
    story_page = stories[0].get_absolute_url()
    for url in ["/", "/section/news/", "/feed/", story_page]:
        client.get(url)
        page = client.get(url)
        assert page["X-Page-Cache"] == "hit" and "Scheduled story" not in page.content.decode()

    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.2)

    for url in ["/", "/section/news/", "/feed/"]:
        page = client.get(url)
        assert page["X-Page-Cache"] == "miss", url
        assert "Scheduled story" in page.content.decode(), url
    page = client.get(story_page)
    assert page["X-Page-Cache"] == "hit"  # it does not list stories; its sidebar does
    assert "Scheduled story" in recent_news(page.content.decode())


def test_a_stored_page_is_served_without_its_sidebar_while_the_database_is_away(
    client, stories, settings, monkeypatch
):
    settings.FRAGMENT_CACHE_SECONDS = 0  # the sidebar is rendered for every page served
    url = stories[0].get_absolute_url()
    client.get(url)

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    page = client.get(url)

    assert page.status_code == 200 and page["X-Page-Cache"] == "hit"
    assert "Story 0" in page.content.decode()
    assert 'id="recent-news-heading"' not in page.content.decode()
    assert "no-store" in page["Cache-Control"]  # not kept by a CDN without its sidebar
