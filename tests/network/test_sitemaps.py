"""A town's sitemaps list the author and tag pages of the stories it shows (its own and
those shared to it), never the rest of the network's."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network_stories(town_a, town_b):
    own = ArticleFactory(site=town_b, authors=[AuthorFactory(slug="b-reporter")], tags=["ferries"])
    shared = ArticleFactory(
        site=town_a, authors=[AuthorFactory(slug="a-shared-reporter")], tags=["bridge"]
    )
    shared.shared_to.add(town_b)
    ArticleFactory(site=town_a, authors=[AuthorFactory(slug="a-only-reporter")], tags=["mill"])
    ArticleFactory(
        site=town_b,
        authors=[AuthorFactory(slug="b-future-reporter")],
        tags=["someday"],
        published_at=own.published_at.replace(year=own.published_at.year + 1),
    )
    return own, shared


def test_bs_sitemaps_list_authors_and_tags_of_stories_b_shows_only(network_stories, reader_b):
    authors = reader_b.get("/sitemap-authors.xml").text
    tags = reader_b.get("/sitemap-tags.xml").text

    assert "/author/b-reporter/" in authors and "/author/a-shared-reporter/" in authors
    assert "/author/a-only-reporter/" not in authors
    assert "/author/b-future-reporter/" not in authors
    assert "/tag/ferries/" in tags and "/tag/bridge/" in tags
    assert "/tag/mill/" not in tags and "/tag/someday/" not in tags


def test_a_sitemap_entry_is_dated_by_its_newest_story_on_the_town(network_stories, reader_b):
    own, shared = network_stories
    authors = reader_b.get("/sitemap-authors.xml").text

    entry = authors[authors.index("/author/a-shared-reporter/") :]
    assert f"<lastmod>{shared.published_at.date().isoformat()}" in entry.split("</url>")[0]
    assert "/sitemap-authors.xml" in reader_b.get("/sitemap.xml").text
