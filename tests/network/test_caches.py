"""Caches are per town: a page or fragment stored for one town never shows on another,
and sharing a story or renaming a town retires what it changes."""

import pytest
from django.core.cache import cache

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_page_stored_for_one_town_is_never_served_to_another(town_a, town_b, reader_a, reader_b):
    ArticleFactory(site=town_a, headline="Only in town A")
    first = reader_a.get("/")
    assert reader_a.get("/")["X-Page-Cache"] == "hit"
    b_home = reader_b.get("/")
    assert b_home["X-Page-Cache"] == "miss"
    assert "The Town A Loop" in first.text and "The Town B Loop" not in first.text
    assert "The Town B Loop" in b_home.text and "The Town A Loop" not in b_home.text
    assert "Only in town A" not in b_home.text


def test_the_sidebar_fragment_is_kept_per_town(town_a, town_b, reader_a, reader_b, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the fragments alone
    ArticleFactory(site=town_a, headline="A council story")
    ArticleFactory(site=town_b, headline="B library story")
    a_page = reader_a.get("/search/?q=nothing-at-all").text
    b_page = reader_b.get("/search/?q=nothing-at-all").text
    assert "A council story" in a_page and "B library story" not in a_page
    assert "B library story" in b_page and "A council story" not in b_page


def test_sharing_a_story_retires_the_other_towns_lists(town_a, town_b, reader_b):
    story = ArticleFactory(site=town_a, headline="Network desk: the river report")
    assert "the river report" not in reader_b.get("/").text
    assert reader_b.get("/")["X-Page-Cache"] == "hit"
    story.shared_to.add(town_b)
    shared = reader_b.get("/")
    assert shared["X-Page-Cache"] == "miss"
    assert "the river report" in shared.text
    story.shared_to.remove(town_b)
    assert "the river report" not in reader_b.get("/").text


def test_renaming_a_town_retires_its_stored_pages(town_b, reader_b):
    reader_b.get("/")
    assert reader_b.get("/")["X-Page-Cache"] == "hit"
    town_b.name = "The Riverside Loop"
    town_b.save()
    renamed = reader_b.get("/")
    assert renamed["X-Page-Cache"] == "miss"
    assert "The Riverside Loop" in renamed.text


def test_bs_section_page_is_retired_when_a_story_shared_from_as_same_slug_section_changes(
    town_a, town_b, reader_b
):
    from tests.factories import SectionFactory

    news_of_a = SectionFactory(site=town_a, name="News", slug="news")
    SectionFactory(site=town_b, name="News", slug="news")
    story = ArticleFactory(site=town_a, section=news_of_a, headline="Shared flood warning")
    story.shared_to.add(town_b)
    assert "Shared flood warning" in reader_b.get("/section/news/").text
    assert reader_b.get("/section/news/")["X-Page-Cache"] == "hit"

    story.headline = "Flood warning lifted"
    story.save()
    again = reader_b.get("/section/news/")
    assert again["X-Page-Cache"] == "miss" and "Flood warning lifted" in again.text
    ArticleFactory(site=town_a, section=news_of_a, headline="Second shared story").shared_to.add(
        town_b
    )
    assert "Second shared story" in reader_b.get("/section/news/").text
