"""Page keys of lists and page parts are per town: a story's change retires the pages of
the towns that show it (its home A, a town B it is shared to) and no other town's (C),
in the page cache, in the Surrogate-Key header and in the CDN purge."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from network.models import Site, SiteHost
from newsroom import cdn_purge
from newsroom import retirement_rules as rules
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

from .conftest import A_HOST, B_HOST

pytestmark = pytest.mark.django_db

C_HOST = "town-c.example"
NAMES = ("home", "feeds", "sitemaps", "search", "sidebar", "nav", "footer", "events")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def town_c(town_b, settings) -> Site:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, C_HOST]
    site = Site.objects.create(name="The Town C Loop", slug="town-c", base_url=f"https://{C_HOST}")
    SiteHost.objects.create(site=site, host=C_HOST)
    return site


@pytest.fixture
def towns(town_a, town_b, town_c) -> dict[str, Client]:
    return {
        "a": Client(HTTP_HOST=A_HOST),
        "b": Client(HTTP_HOST=B_HOST),
        "c": Client(HTTP_HOST=C_HOST),
    }


@pytest.fixture
def own(town_a, town_b, town_c) -> dict[str, str]:
    """On each town, a story of its own: its page shows the town's sidebar."""
    stories = {}
    for name, site in (("a", town_a), ("b", town_b), ("c", town_c)):
        section = SectionFactory(site=site, name="News", slug="news")
        story = ArticleFactory(site=site, section=section, headline=f"Town {name} own story")
        stories[name] = story.get_absolute_url()
    return stories


@pytest.fixture
def pages(own):
    """On each town, the lists."""
    return {name: ["/", "/feed/", "/sitemap-stories.xml", "/search/?q=bridge"] for name in own}


def recent_news(client: Client, url: str) -> str:
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit"  # the story's page is kept; its sidebar is not
    return page.text.split('id="recent-news-heading"')[1].split("</section>")[0]


def warm(towns, pages, *names: str) -> None:
    for name in names:
        for url in pages[name]:
            assert towns[name].get(url).status_code == 200, (name, url)
            assert towns[name].get(url)["X-Page-Cache"] == "hit", (name, url)


def states(towns, pages, name: str) -> dict[str, str]:
    return {url: towns[name].get(url)["X-Page-Cache"] for url in pages[name]}


def all_(state: str, pages, name: str) -> dict[str, str]:
    return dict.fromkeys(pages[name], state)


@pytest.fixture
def draft_of_a(town_a, town_b):
    story = ArticleFactory(
        site=town_a,
        headline="Council votes on the new bridge",
        status="draft",
        published_at=None,
        section=SectionFactory(name="Politics", slug="politics"),
        authors=[AuthorFactory(slug="desk")],
    )
    story.shared_to.add(town_b)  # a draft: retires nothing anywhere
    return story


def publish(story) -> None:
    story.status = "published"
    story.published_at = timezone.now()
    story.save()


def test_publishing_on_a_retires_as_and_bs_lists_and_sidebars_not_cs(towns, pages, own, draft_of_a):
    warm(towns, pages, "a", "b", "c")
    for name in "abc":
        warm(towns, {name: [own[name]]}, name)

    publish(draft_of_a)

    assert states(towns, pages, "a") == all_("miss", pages, "a")
    assert states(towns, pages, "b") == all_("miss", pages, "b")
    assert states(towns, pages, "c") == all_("hit", pages, "c")
    assert "Council votes" in towns["b"].get("/").text
    assert "Council votes" not in towns["c"].get("/").text
    assert "Council votes" in recent_news(towns["a"], own["a"])
    assert "Council votes" in recent_news(towns["b"], own["b"])
    assert "Council votes" not in recent_news(towns["c"], own["c"])


def test_unpublishing_on_a_retires_as_and_bs_lists_and_sidebars_not_cs(
    towns, pages, own, draft_of_a
):
    publish(draft_of_a)
    warm(towns, pages, "a", "b", "c")
    warm(towns, {"b": [own["b"]]}, "b")
    assert "Council votes" in recent_news(towns["b"], own["b"])

    draft_of_a.status = "unpublished"
    draft_of_a.save()

    assert states(towns, pages, "a") == all_("miss", pages, "a")
    assert states(towns, pages, "b") == all_("miss", pages, "b")
    assert states(towns, pages, "c") == all_("hit", pages, "c")
    assert "Council votes" not in towns["b"].get("/").text
    assert "Council votes" not in recent_news(towns["b"], own["b"])


def test_a_new_headline_retires_the_lists_of_a_and_b_not_c(towns, pages, draft_of_a):
    publish(draft_of_a)
    lists = ["/", "/feed/", "/search/?q=bridge"]
    for name in "abc":
        pages[name] = lists
    warm(towns, pages, "a", "b", "c")

    draft_of_a.headline = "Council approves the new bridge"
    draft_of_a.save()

    assert states(towns, pages, "a") == all_("miss", pages, "a")
    assert states(towns, pages, "b") == all_("miss", pages, "b")
    assert states(towns, pages, "c") == all_("hit", pages, "c")
    assert "Council approves" in towns["b"].get("/").text


def test_a_body_edit_retires_no_town_list(towns, pages, draft_of_a):
    publish(draft_of_a)
    for name in "abc":
        pages[name] = ["/", "/feed/", "/search/?q=bridge"]
    warm(towns, pages, "a", "b", "c")

    draft_of_a.body = "<p>The vote was 5 to 2.</p>"
    draft_of_a.save()

    for name in "abc":
        assert states(towns, pages, name) == all_("hit", pages, name)


def test_sharing_to_b_retires_bs_lists_not_as_or_cs_and_taking_it_back_too(
    towns, pages, draft_of_a, town_b
):
    draft_of_a.shared_to.remove(town_b)
    publish(draft_of_a)
    warm(towns, pages, "a", "b", "c")

    draft_of_a.shared_to.add(town_b)

    assert states(towns, pages, "b") == all_("miss", pages, "b")
    assert states(towns, pages, "a") == all_("hit", pages, "a")
    assert states(towns, pages, "c") == all_("hit", pages, "c")
    assert "Council votes" in towns["b"].get("/").text

    warm(towns, pages, "b")
    draft_of_a.shared_to.remove(town_b)

    assert states(towns, pages, "b") == all_("miss", pages, "b")
    assert states(towns, pages, "a") == all_("hit", pages, "a")
    assert states(towns, pages, "c") == all_("hit", pages, "c")
    assert "Council votes" not in towns["b"].get("/").text


def test_clearing_a_storys_towns_retires_the_lists_of_each_town_it_left(
    towns, pages, draft_of_a, town_b, town_c
):
    publish(draft_of_a)
    draft_of_a.shared_to.add(town_c)
    warm(towns, pages, "a", "b", "c")

    draft_of_a.shared_to.clear()

    assert states(towns, pages, "b") == all_("miss", pages, "b")
    assert states(towns, pages, "c") == all_("miss", pages, "c")
    assert states(towns, pages, "a") == all_("hit", pages, "a")


def surrogate_keys(client: Client, url: str) -> set[str]:
    return set(client.get(url)["Surrogate-Key"].split())


def test_the_surrogate_keys_of_a_page_on_b_name_bs_keys_only(
    towns, pages, draft_of_a, town_a, town_b
):
    publish(draft_of_a)

    home = surrogate_keys(towns["b"], "/")
    story = surrogate_keys(towns["b"], draft_of_a.get_absolute_url())

    assert {f"home-{town_b.pk}", f"nav-{town_b.pk}", f"sidebar-{town_b.pk}"} <= home
    assert {f"story-{draft_of_a.pk}", f"nav-{town_b.pk}", f"footer-{town_b.pk}"} <= story
    assert f"teaser-{draft_of_a.pk}" in home  # objects' keys are the same on every town
    for keys in (home, story):
        assert not {f"{name}-{town_a.pk}" for name in NAMES} & keys
        assert not set(NAMES) & keys  # no network-wide names any more
    assert f"sitemaps-{town_b.pk}" in surrogate_keys(towns["b"], "/sitemap.xml")
    assert f"feeds-{town_b.pk}" in surrogate_keys(towns["b"], "/feed/")


def test_a_cdn_purge_names_exactly_the_keys_of_the_towns_that_show_the_story(
    towns,
    draft_of_a,
    town_a,
    town_b,
    town_c,
    monkeypatch,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CDN_PURGE = "varnish"
    purged: list[frozenset[str]] = []
    monkeypatch.setattr(cdn_purge, "purge_later", purged.append)

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_of_a)

    story, section = draft_of_a.pk, draft_of_a.section_id
    author = draft_of_a.bylines.get().author_id
    lists = ("home", "feeds", "sitemaps", "search", "sidebar")
    expected = {f"story-{story}", f"teaser-{story}", f"section-{section}", f"author-{author}"}
    expected |= {f"{name}-{town.pk}" for name in lists for town in (town_a, town_b)}
    assert set().union(*purged) == expected
    assert not any(
        key.endswith(f"-{town_c.pk}") and key.split("-")[0] in NAMES for key in set().union(*purged)
    )
    # What Varnish is sent: those keys, in its xkey-purge header.
    settings.CDN_PURGE_URLS = ["http://127.0.0.1:9/"]
    sent = set()
    for request in cdn_purge.varnish_requests(sorted(expected)):
        sent |= set(request.get_header("Xkey-purge").split())
    assert sent == expected


# The rules on their own: towns 1 (home), 2 (shared to), 3 (neither).


AN_HOUR_AGO = timezone.now() - timedelta(hours=1)


def state(**changes):
    values = {
        "pk": 7,
        "public": True,
        "published_at": AN_HOUR_AGO,
        "section_id": 4,
        "source_id": None,
        "teaser": ("Headline", "Summary"),
        "site_id": 1,
    }
    return rules.StoryState(**{**values, **changes})


def town_names(keys: set[str], town: int) -> set[str]:
    return {key for key in keys if key.endswith(f"-{town}") and key.split("-")[0] in NAMES}


def test_rule_publishing_retires_the_lists_of_its_home_and_shared_towns_only():
    retired = rules.story_changed(state(public=False), state(), shared_site_ids=[2])

    lists = {"home", "feeds", "sitemaps", "search", "sidebar"}
    assert town_names(retired, 1) == {f"{name}-1" for name in lists}
    assert town_names(retired, 2) == {f"{name}-2" for name in lists}
    assert town_names(retired, 3) == set()


def test_rule_moving_a_story_to_another_home_retires_the_lists_of_both_towns():
    retired = rules.story_changed(state(site_id=1), state(site_id=3))

    assert {"home-1", "home-3", "sidebar-1", "sidebar-3", "section-4"} <= retired
    assert town_names(retired, 2) == set()


def test_rule_a_new_headline_retires_search_on_its_towns_and_sidebars_that_list_it():
    retired = rules.story_changed(
        state(), state(teaser=("New", "Summary")), shared_site_ids=[2], sidebar_site_ids=[2]
    )

    assert {"teaser-7", "search-1", "search-2", "sidebar-2"} <= retired
    assert "sidebar-1" not in retired and "home-1" not in retired
    assert town_names(retired, 3) == set()


def test_rule_sharing_retires_that_towns_lists_and_a_draft_retires_nothing():
    shared = rules.story_shared(state(), site_ids=[2], tag_ids=[5])

    assert town_names(shared, 2) == {
        f"{name}-2" for name in ("home", "feeds", "sitemaps", "search", "sidebar")
    }
    assert "tag-5" in shared and "section-4" in shared
    assert town_names(shared, 1) == set()
    assert rules.story_shared(state(public=False), site_ids=[2]) == set()


def test_a_towns_section_or_page_edited_retires_that_towns_pages_only(towns, own, town_a):
    from articles.models import Page, Section
    from tests.factories import PageFactory

    about = PageFactory(site=town_a, slug="about", show_in_footer=True)
    for name in "abc":
        warm(towns, {name: [own[name]]}, name)

    section = Section.objects.get(site=town_a, slug="news")
    section.name = "Local news"
    section.save()

    assert towns["a"].get(own["a"])["X-Page-Cache"] == "miss"  # its navigation
    assert towns["b"].get(own["b"])["X-Page-Cache"] == "hit"
    assert towns["c"].get(own["c"])["X-Page-Cache"] == "hit"

    warm(towns, {"a": [own["a"]]}, "a")
    about = Page.objects.get(pk=about.pk)
    about.title = "About the Town A Loop"  # a footer page of A's, renamed
    about.save()

    assert towns["a"].get(own["a"])["X-Page-Cache"] == "miss"  # its footer
    assert towns["b"].get(own["b"])["X-Page-Cache"] == "hit"
