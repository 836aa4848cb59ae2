"""A town's newest stories (home, Recent News, the feeds, the tag, author and source pages)
are read with a bound that changes no result: every slice of the list is the one
``on_site()`` gives."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from network.models import Site
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bound is given to PostgreSQL only"
)


@pytest.fixture
def towns():
    """Town 0 with own stories, some at the same minute, and stories shared to it from
    town 1 that fall between them; town 2 with fewer own stories than a page."""
    home = Site.objects.default()
    other = Site.objects.create(name="Town 1", slug="town-1")
    small = Site.objects.create(name="Town 2", slug="town-2")
    now = timezone.now()
    sections = {site: SectionFactory(site=site, slug="news") for site in (home, other, small)}

    def story(site, hours, **fields):
        return ArticleFactory(
            site=site,
            section=sections[site],
            published_at=now - timedelta(hours=hours),
            **fields,
        )

    for hours in range(1, 30):
        story(home, hours, tags=["river"] if hours % 2 else [])
        story(home, hours)  # two at the same time: the id decides their order
        shared = story(other, hours + 0.5, tags=["river"] if hours % 4 else [])
        if hours % 3 == 0:
            shared.shared_to.add(home)
    story(home, 0.5, status=Article.Status.DRAFT)
    story(home, -2)  # scheduled: not yet public
    for hours in (1, 40):
        story(small, hours)
    for hours in range(1, 20):
        story(other, hours + 0.25).shared_to.add(small)
    return home, other, small


def ids(stories) -> list[int]:
    return [story.pk for story in stories]


@pytest.mark.parametrize("start, stop", [(0, 1), (0, 5), (0, 10), (10, 20), (30, 40), (80, 90)])
def test_every_slice_of_a_towns_newest_is_the_same_as_on_site(towns, start, stop):
    for town in towns:
        everything = Article.objects.published().on_site(town).for_links()
        newest = Article.objects.published().newest_on_site(town).for_links()

        assert ids(newest[start:stop]) == ids(everything[start:stop]), town
        assert newest.count() == everything.count()


@pytest.mark.parametrize("start, stop", [(0, 1), (0, 10), (10, 20), (20, 30)])
def test_every_slice_of_a_towns_newest_with_a_tag_is_the_same_as_on_site(towns, start, stop):
    # A tag page: the bound is then the k-th newest of the town's own stories with the tag.
    for town in towns:
        tagged = Article.objects.published().filter(tags__slug="river")
        everything = tagged.on_site(town).for_listing()
        newest = tagged.newest_on_site(town).for_listing()

        assert ids(newest[start:stop]) == ids(everything[start:stop]), town
        assert newest.count() == everything.count()


@on_postgresql
def test_postgresql_is_given_the_bound_on_a_sliced_list_only(towns):
    home = towns[0]
    newest = Article.objects.published().newest_on_site(home).for_links()

    with CaptureQueriesContext(connection) as sliced:
        list(newest[:10])
    with CaptureQueriesContext(connection) as counted:
        newest.count()

    assert "COALESCE" in sliced[0]["sql"]
    assert "COALESCE" not in counted[0]["sql"]


@on_postgresql
def test_a_list_that_asks_more_of_its_stories_gets_no_bound(towns):
    # The bound is the 10th newest of the town's own stories: right for the list it was
    # made for, wrong for any narrower one, which must be left unbounded.
    home = towns[0]
    narrower = (
        Article.objects.published()
        .newest_on_site(home)
        .filter(headline__startswith="Story")
        .for_links()
    )
    with CaptureQueriesContext(connection) as sliced:
        result = ids(narrower[:10])

    assert "COALESCE" not in sliced[0]["sql"]
    expected = Article.objects.published().on_site(home).filter(headline__startswith="Story")
    assert result == ids(expected.for_links()[:10])


@on_postgresql
def test_a_tag_page_reads_its_stories_with_the_bound(towns, client):
    home_host = towns[0].hosts.get().host
    with CaptureQueriesContext(connection) as page:
        response = client.get("/tag/river/", HTTP_HOST=home_host)

    assert response.status_code == 200
    listed = [q["sql"] for q in page.captured_queries if q["sql"].endswith("LIMIT 10")]
    assert "taggedstory" in listed[0] and "COALESCE" in listed[0]
