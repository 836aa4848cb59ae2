"""A story belongs to its home town and shows on another only when shared to it."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    EventFactory,
    SectionFactory,
)

from .conftest import A_HOST

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_of_a(town_a):
    return ArticleFactory(
        site=town_a,
        headline="Council votes on the new bridge",
        slug="council-votes-on-the-new-bridge",
        section=SectionFactory(name="Community", slug="community"),
        authors=[AuthorFactory(name="Network Desk", slug="network-desk")],
        tags=["bridge-vote"],
    )


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def test_a_story_shared_to_b_shows_in_bs_lists_feeds_search_and_sitemap(
    story_of_a, town_b, reader_b
):
    SectionFactory(site=town_b, name="Community", slug="community")
    story_of_a.shared_to.add(town_b)
    for url in [
        "/",
        "/section/community/",
        "/tag/bridge-vote/",
        "/author/network-desk/",
        "/search/?q=bridge",
        "/feed/",
        "/feed/atom/",
        "/section/community/feed/",
        "/tag/bridge-vote/feed/",
        "/author/network-desk/feed/",
        "/sitemap-stories.xml",
    ]:
        response = reader_b.get(url)
        assert response.status_code == 200, url
        assert story_of_a.get_absolute_url() in response.text, url


def test_bs_copy_names_its_home_and_points_canonical_there(story_of_a, town_b, reader_b):
    story_of_a.shared_to.add(town_b)
    response = reader_b.get(story_of_a.get_absolute_url())
    assert response.status_code == 200
    home = f"https://{A_HOST}{story_of_a.get_absolute_url()}"
    assert canonical(response.text) == home
    assert f'Originally published by <a href="{home}">The Town A Loop</a>' in response.text
    assert "The Town B Loop" in response.text  # B's masthead, A's story


def test_bs_copy_links_to_the_comments_on_a_and_has_no_reply_form(story_of_a, town_b, reader_b):
    story_of_a.shared_to.add(town_b)
    CommentFactory(article=story_of_a, text="Finally, a bridge for the school run.")
    page = reader_b.get(story_of_a.get_absolute_url()).text
    assert f"https://{A_HOST}{story_of_a.get_absolute_url()}#comments" in page
    assert "Leave a Reply" not in page
    assert "Finally, a bridge" not in page


def test_on_its_home_site_the_story_is_its_own_canonical_with_comments(story_of_a, reader_a):
    CommentFactory(article=story_of_a, text="Finally, a bridge for the school run.")
    page = reader_a.get(story_of_a.get_absolute_url()).text
    assert canonical(page) == f"http://{A_HOST}{story_of_a.get_absolute_url()}"
    assert "Originally published by" not in page
    assert "Leave a Reply" in page and "Finally, a bridge" in page


def test_a_comment_sent_to_the_shared_copy_is_refused(story_of_a, town_b, reader_b, comment_data):
    story_of_a.shared_to.add(town_b)
    response = reader_b.post(f"/comments/post/{story_of_a.pk}/", comment_data(story_of_a))
    assert response.status_code == 404
    assert not story_of_a.comments.exists()


def test_bs_news_sitemap_leaves_out_stories_written_elsewhere(story_of_a, town_b, reader_b):
    story_of_a.shared_to.add(town_b)
    assert story_of_a.get_absolute_url() not in reader_b.get("/news-sitemap.xml").text


def public_routes(resolvers=None, prefix=""):
    """Every route of the site but the admin's: (pattern text, names of its parameters)."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        text = prefix + str(entry.pattern)
        if text.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from public_routes(entry.url_patterns, text)
        elif isinstance(entry, URLPattern):
            yield text


def fill(route: str, values: dict) -> str | None:
    """The route's address with the story's values in; None for a route of another kind
    (a signed token, a file path) that cannot name a story."""
    if route.startswith("^"):
        return None
    missing = []

    def value(match):
        name = match.group(2)
        if name not in values:
            missing.append(name)
            return ""
        return str(values[name])

    address = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return None if missing else address


def test_every_public_address_of_b_answers_404_or_hides_as_unshared_story(
    story_of_a, town_b, reader_b
):
    comment = CommentFactory(article=story_of_a)
    EventFactory(article=story_of_a)
    day = timezone.localtime(story_of_a.published_at)
    slug_for = {
        "section/": story_of_a.section.slug,
        "tag/": "bridge-vote",
        "author/": "network-desk",
    }
    addresses = []
    for route in public_routes():
        kind = next((key for key in slug_for if route.startswith(key)), None)
        values = {
            "year": day.year,
            "month": f"{day.month:02d}",
            "day": f"{day.day:02d}",
            "slug": slug_for.get(kind, story_of_a.slug),
            "pk": story_of_a.pk,
            "article_id": story_of_a.pk,
            "target": story_of_a.pk,
            "comment_id": comment.pk,
            "section": "stories",
        }
        address = fill(route, values)
        if address is not None:
            addresses.append(address)
    # Addresses whose story is in the query string, and every part of the sitemap.
    addresses += [
        "/search/?q=bridge",
        "/search/?q=council+votes",
        "/sitemap-sections.xml",
        "/sitemap-authors.xml",
        "/sitemap-tags.xml",
        "/sitemap-pages.xml",
    ]
    checked = 0
    for address in addresses:
        response = reader_b.get(address)
        checked += 1
        if response.status_code in (301, 302):
            assert story_of_a.slug not in response["Location"], address
            continue
        body = response.content.decode(errors="replace")
        assert response.status_code in (404, 405) or (
            story_of_a.headline not in body and story_of_a.slug not in body
        ), f"{address} shows town A's unshared story on town B ({response.status_code})"
        names_the_story = str(story_of_a.pk) in address or story_of_a.slug in address
        if names_the_story and address not in beacons_for(story_of_a):
            # An address about the story itself: not found, as the story is, on B.
            assert response.status_code in (404, 405), f"{address} answers on B"
    assert checked >= 40  # the walk really went through the site's addresses

    # And the same story is there on its own site, so the 404s above are about the town.
    assert Client(HTTP_HOST=A_HOST).get(story_of_a.get_absolute_url()).status_code == 200


def beacons_for(story) -> set[str]:
    """The read beacon answers every id alike (a refused read looks like a counted one)."""
    return {f"/read/{story.pk}/pixel.gif"}


def test_every_endpoint_about_as_unshared_story_is_a_404_on_b(
    story_of_a, town_b, reader_a, reader_b, comment_data
):
    comment = CommentFactory(article=story_of_a)
    event = EventFactory(article=story_of_a)
    feed = f"{story_of_a.get_absolute_url()}comments/feed/"
    endpoints = [
        ("GET", f"/comments/token/{story_of_a.pk}/"),  # the reply form's fresh token
        ("GET", f"/comments/{comment.pk}/report/"),
        ("POST", f"/comments/{comment.pk}/report/"),
        ("GET", feed),
        ("GET", f"{feed}atom/"),
        ("GET", f"/events/{event.pk}.ics"),
        ("GET", story_of_a.get_absolute_url()),
        ("GET", f"/preview/{story_of_a.pk}/"),
    ]
    for method, address in endpoints:
        assert reader_b.generic(method, address).status_code == 404, (method, address)
    posted = reader_b.post(f"/comments/post/{story_of_a.pk}/", comment_data(story_of_a))
    assert posted.status_code == 404
    # The same endpoints answer on A, so the 404s above are about the town.
    for method, address in endpoints[:-1]:
        assert reader_a.generic(method, address).status_code in (200, 400), (method, address)


def test_a_token_is_only_given_for_a_story_whose_comments_live_here(
    story_of_a, town_b, reader_a, reader_b
):
    draft = ArticleFactory(site=story_of_a.site, status="draft", published_at=None)
    assert reader_a.get(f"/comments/token/{story_of_a.pk}/").status_code == 200
    assert reader_a.get(f"/comments/token/{draft.pk}/").status_code == 404
    story_of_a.shared_to.add(town_b)  # B shows it, but its comments stay on A
    assert reader_b.get(f"/comments/token/{story_of_a.pk}/").status_code == 404


def test_an_unsubscribe_link_of_a_comment_on_a_does_nothing_at_bs_address(
    story_of_a, town_b, reader_a, reader_b
):
    from comments.notifications import unsubscribe_token

    comment = CommentFactory(article=story_of_a, notify=True)
    link = f"/comments/unsubscribe/{unsubscribe_token(comment.pk)}/"

    on_b = reader_b.get(link)
    comment.refresh_from_db()
    assert on_b.status_code == 400 and comment.notify
    assert story_of_a.headline not in on_b.text

    assert reader_a.post(link).status_code == 200
    comment.refresh_from_db()
    assert not comment.notify


def test_the_read_beacon_of_as_story_on_b_answers_as_any_refused_read_and_counts_nothing(
    story_of_a, town_b, reader_b
):
    from articles.models import ReadCount
    from articles.read_buffer import get_read_buffer
    from articles.trending import flush_reads, forget_process_memory

    get_read_buffer().drain()
    forget_process_memory()
    browser = {
        "HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130.0",
        "HTTP_ORIGIN": "http://town-b.example",
    }
    beacon = reader_b.post(f"/read/{story_of_a.pk}/", **browser)
    pixel = reader_b.get(
        f"/read/{story_of_a.pk}/pixel.gif", HTTP_REFERER="http://town-b.example/", **browser
    )
    flush_reads()
    assert beacon.status_code == 204 and pixel.status_code == 200
    assert not ReadCount.objects.filter(article=story_of_a).exists()


def test_events_of_a_story_show_only_where_the_story_does(story_of_a, town_b, reader_a, reader_b):
    EventFactory(article=story_of_a, place="Old Mill Bridge")
    assert "Old Mill Bridge" in reader_a.get("/events/").text
    assert "Old Mill Bridge" not in reader_b.get("/events/").text
    story_of_a.shared_to.add(town_b)
    assert "Old Mill Bridge" in reader_b.get("/events/").text
