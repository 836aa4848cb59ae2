"""A change retires the pages that show it, and no others (X-Page-Cache: hit or miss)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from comments.models import Comment
from comments.services import comment_approve, comment_mark_spam
from newsroom import retirement_rules as rules
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PageFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def warm(client, *urls: str) -> None:
    """Store each page, and check it is served from the store now."""
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cache_states(client, *urls: str) -> dict[str, str]:
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def comment_feed(story) -> str:
    return story.get_absolute_url() + "comments/feed/"


@pytest.fixture
def site():
    """Story A in News (tagged, by Sam), story B in Sport; an older story C in Sport that no
    sidebar list shows; a static page."""
    news = SectionFactory(name="News", slug="news")
    sport = SectionFactory(name="Sport", slug="sport")
    sam = AuthorFactory(name="Sam", slug="sam")
    long_ago = timezone.now() - timedelta(days=30)
    old = ArticleFactory(headline="Story C", section=sport, published_at=long_ago)
    a = ArticleFactory(headline="Story A", section=news, tags=["parks"], authors=[sam])
    b = ArticleFactory(headline="Story B", section=sport)
    for n in range(5):  # newer than C, so the sidebar's lists leave C out
        ArticleFactory(section=sport, published_at=timezone.now() - timedelta(minutes=n + 1))
    return {"a": a, "b": b, "c": old, "news": news, "sport": sport, "sam": sam}


def test_approving_a_comment_on_a_retires_its_page_its_feed_and_lists_printing_its_count(
    client, site
):
    a, b = site["a"], site["b"]
    held = CommentFactory(article=a, status=Comment.Status.PENDING, text="Well said")
    retired = [a.get_absolute_url(), comment_feed(a), "/", "/section/news/", "/tag/parks/"]
    kept = [b.get_absolute_url(), comment_feed(b), "/section/sport/", "/feed/"]
    warm(client, *retired, *kept)

    comment_approve(comment=held)

    assert cache_states(client, *retired) == dict.fromkeys(retired, "miss")
    assert cache_states(client, *kept) == dict.fromkeys(kept, "hit")
    assert "Well said" in client.get(a.get_absolute_url()).content.decode()
    assert "1 comment" in client.get("/section/news/").content.decode()


def test_a_held_comment_retires_nothing(client, site, comment_data):
    a = site["a"]
    urls = [a.get_absolute_url(), comment_feed(a), "/", "/section/news/"]
    warm(client, *urls)

    CommentFactory(article=a, status=Comment.Status.PENDING)
    type(client)().post(reverse("comments:post", kwargs={"article_id": a.pk}), comment_data(a))
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == 0

    assert cache_states(client, *urls) == dict.fromkeys(urls, "hit")


def test_hiding_an_approved_comment_retires_its_story_not_others(client, site):
    a, b = site["a"], site["b"]
    shown = CommentFactory(article=a, status=Comment.Status.APPROVED, text="Soon spam")
    warm(client, a.get_absolute_url(), b.get_absolute_url())

    comment_mark_spam(comment=shown)

    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"
    page = client.get(a.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Soon spam" not in page.content.decode()


def test_publishing_a_story_retires_its_lists_feeds_sitemaps_and_the_sidebar(client, site):
    a, b, sam = site["a"], site["b"], site["sam"]
    draft = ArticleFactory(
        headline="Fresh news",
        section=site["news"],
        status="draft",
        published_at=None,
        tags=["parks"],
        authors=[sam],
    )
    retired = [
        "/",
        "/section/news/",
        "/tag/parks/",
        sam.get_absolute_url(),
        "/feed/",
        "/section/news/feed/",
        "/sitemap.xml",
    ]
    # Story B's page stays stored: the sidebar's Recent News is put in as it is served.
    kept = ["/section/sport/feed/", comment_feed(a), comment_feed(b), b.get_absolute_url()]
    warm(client, *retired, *kept)
    assert "Fresh news" not in client.get(b.get_absolute_url()).content.decode()

    draft.status = "published"
    draft.save()

    assert cache_states(client, *retired) == dict.fromkeys(retired, "miss")
    assert cache_states(client, *kept) == dict.fromkeys(kept, "hit")
    assert "Fresh news" in client.get("/tag/parks/").content.decode()
    page = client.get(b.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    recent = page.content.decode().split('id="recent-news-heading"')[1].split("</section>")[0]
    assert "Fresh news" in recent


def test_editing_a_drafts_body_retires_nothing(client, site):
    draft = ArticleFactory(status="draft", published_at=None, section=site["news"])
    urls = ["/", "/section/news/", site["a"].get_absolute_url()]
    warm(client, *urls)

    draft.body = "<p>Still working on it.</p>"
    draft.save()

    assert cache_states(client, *urls) == dict.fromkeys(urls, "hit")


def test_editing_a_storys_body_retires_that_story_and_no_list(client, site):
    a, b = site["a"], site["b"]
    lists = ["/", "/section/news/", "/tag/parks/", "/feed/"]
    warm(client, a.get_absolute_url(), b.get_absolute_url(), *lists)

    a.body = "<p>A corrected paragraph.</p>"
    a.save()

    assert client.get(a.get_absolute_url())["X-Page-Cache"] == "miss"
    assert "A corrected paragraph." in client.get(a.get_absolute_url()).content.decode()
    kept = [b.get_absolute_url(), *lists]
    assert cache_states(client, *kept) == dict.fromkeys(kept, "hit")


def test_editing_a_headline_retires_the_lists_that_print_it_and_no_other_page(client, site):
    c, a = site["c"], site["a"]
    shows_c = [c.get_absolute_url(), "/section/sport/", "/feed/"]
    kept = [a.get_absolute_url(), "/section/news/", "/tag/parks/"]
    warm(client, *shows_c, *kept)

    c.headline = "Story C, renamed"
    c.save()

    assert cache_states(client, *shows_c) == dict.fromkeys(shows_c, "miss")
    assert cache_states(client, *kept) == dict.fromkeys(kept, "hit")
    assert "Story C, renamed" in client.get("/section/sport/").content.decode()


def test_a_headline_in_the_sidebar_shows_renamed_on_every_page_still_stored(client, site):
    newest = ArticleFactory(headline="Newest story", published_at=timezone.now())
    b = site["b"]
    warm(client, b.get_absolute_url())
    assert "Newest story" in client.get(b.get_absolute_url()).content.decode()  # Recent News

    newest.headline = "Newest story, renamed"
    newest.save()

    page = client.get(b.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"  # the page is kept; its sidebar is not
    assert "Newest story, renamed" in page.content.decode()


def test_a_correction_retires_its_story_and_its_lists_not_other_stories(client, site):
    c, a = site["c"], site["a"]
    warm(client, c.get_absolute_url(), "/section/sport/", a.get_absolute_url())

    Correction.objects.create(article=c, text="An earlier version misspelled the name.")

    assert client.get(c.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get("/section/sport/")["X-Page-Cache"] == "miss"  # its "Updated" date
    assert client.get(a.get_absolute_url())["X-Page-Cache"] == "hit"


def test_editing_an_author_retires_their_stories_and_page_not_others(client, site):
    a, b, sam = site["a"], site["b"], site["sam"]
    warm(client, a.get_absolute_url(), sam.get_absolute_url(), b.get_absolute_url())

    sam.bio = "Covers the parks."
    sam.save()

    assert client.get(a.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(sam.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"


def test_renaming_a_section_retires_every_page_that_shows_the_navigation(client, site):
    a, b = site["a"], site["b"]
    warm(client, a.get_absolute_url(), b.get_absolute_url(), comment_feed(b))

    site["news"].name = "Local News"
    site["news"].save()

    page = client.get(b.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Local News" in page.content.decode()
    assert "Local News" in client.get(a.get_absolute_url()).content.decode()
    assert client.get(comment_feed(b))["X-Page-Cache"] == "hit"  # no navigation in a feed


def test_tagging_a_story_retires_the_tag_page_and_the_story(client, site):
    c, b = site["c"], site["b"]
    warm(client, "/tag/parks/", c.get_absolute_url(), b.get_absolute_url())

    c.tags.add("parks")

    assert client.get("/tag/parks/")["X-Page-Cache"] == "miss"
    assert "Story C" in client.get("/tag/parks/").content.decode()
    assert client.get(c.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"


def test_editing_a_static_page_retires_it_and_not_the_stories(client, site):
    page = PageFactory(title="About us", slug="about")
    a = site["a"]
    warm(client, "/about/", a.get_absolute_url())

    page.body = "<p>Who we are.</p>"
    page.save()

    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get(a.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_page_rendered_before_the_commit_is_retired_after_it(
    client, site, django_capture_on_commit_callbacks
):
    """What another server renders from the old database, between the change and its
    commit, is not served once the change is committed."""
    c = site["c"]
    warm(client, c.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        c.body = "<p>Rewritten.</p>"
        c.save()
        # Stored while the change is not yet committed.
        assert client.get(c.get_absolute_url())["X-Page-Cache"] == "miss"
        assert client.get(c.get_absolute_url())["X-Page-Cache"] == "hit"

    assert client.get(c.get_absolute_url())["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("story", {"story-{a}", "comments-{a}", "nav-{town}", "sidebar-{town}", "footer-{town}"}),
        (
            "/",
            {
                "home-{town}",
                "teaser-{a}",
                "comments-{a}",
                "teaser-{b}",
                "nav-{town}",
                "sidebar-{town}",
            },
        ),
        ("/section/news/", {"section-{news}", "teaser-{a}", "comments-{a}"}),
        ("/feed/", {"feeds-{town}", "teaser-{a}", "teaser-{b}"}),
        ("comments", {"comments-{a}", "teaser-{a}"}),
        ("/sitemap.xml", {"sitemaps-{town}"}),
    ],
)
def test_public_responses_name_what_they_show_in_surrogate_key(client, site, url, expected):
    a, b = site["a"], site["b"]
    ids = {"a": a.pk, "b": b.pk, "news": site["news"].pk, "town": a.site_id}
    url = {"story": a.get_absolute_url(), "comments": comment_feed(a)}.get(url, url)

    miss, hit = client.get(url), client.get(url)

    shown = set(miss["Surrogate-Key"].split())
    assert {key.format(**ids) for key in expected} <= shown
    assert hit["Surrogate-Key"] == miss["Surrogate-Key"]
    if url != a.get_absolute_url():
        assert f"story-{a.pk}" not in shown  # a list prints its teaser, not its body


def test_private_pages_name_no_keys(client, site, django_user_model):
    client.force_login(django_user_model.objects.create_user("desk", is_staff=True))
    response = client.get(site["a"].get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response


# The rules on their own.


AN_HOUR_AGO = timezone.now() - timedelta(hours=1)


def story(**changes) -> rules.StoryState:
    values = {
        "pk": 7,
        "public": True,
        "published_at": AN_HOUR_AGO,
        "section_id": 1,
        "source_id": None,
        "teaser": ("Headline", "Summary"),
        "site_id": 1,
    }
    return rules.StoryState(**{**values, **changes})


def test_rule_a_body_edit_retires_the_story_and_the_sitemaps_only():
    assert rules.story_changed(story(), story()) == {"story-7", "sitemaps-1"}


def test_rule_a_draft_retires_nothing_until_it_is_published():
    draft = story(public=False)
    assert rules.story_changed(None, draft) == set()
    assert rules.story_changed(draft, story(public=False, teaser=("New", ""))) == set()
    published = rules.story_changed(draft, story(), tag_ids=[3], author_ids=[4])
    assert {
        "home-1",
        "feeds-1",
        "sitemaps-1",
        "sidebar-1",
        "section-1",
        "tag-3",
        "author-4",
    } <= published


def test_rule_a_new_headline_retires_the_teaser_and_the_sidebar_only_if_it_shows_it():
    renamed = story(teaser=("New headline", "Summary"))
    assert rules.story_changed(story(), renamed) == {
        "story-7",
        "teaser-7",
        "sitemaps-1",
        "search-1",
    }
    assert "sidebar-1" in rules.story_changed(story(), renamed, sidebar_site_ids=[1])


def test_rule_a_held_comment_retires_nothing_an_approved_one_its_story():
    assert rules.comment_changed(story_ids=[7], was_public=False, is_public=False) == set()
    assert rules.comment_changed(story_ids=[7], was_public=False, is_public=True) == {"comments-7"}


def test_a_retired_key_is_stamped_with_the_clock_reading_it_moved_to():
    from django.core.cache import cache

    from articles import key_versions

    before = key_versions.read_clock()
    key_versions.stamp(["home-1"])
    after = key_versions.read_clock()

    assert before < cache.get(key_versions.stamp_key("home-1")) == after
    assert not key_versions.all_older_than(["home-1"], before)
    assert key_versions.all_older_than(["home-1"], after)


def test_erasing_a_commenter_retires_the_stories_they_commented_on_only(
    client, site, django_capture_on_commit_callbacks
):
    from comments.privacy import commenter_erase

    a, b = site["a"], site["b"]
    CommentFactory(
        article=a, status=Comment.Status.APPROVED, name="Pat Doe", email="pat@example.org"
    )
    warm(client, a.get_absolute_url(), b.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        commenter_erase(email="pat@example.org", remove=False)

    page = client.get(a.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Pat Doe" not in page.content.decode()
    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_comment_on_a_story_in_the_sidebar_leaves_other_pages_alone(client, site):
    """The sidebar prints headlines, not comment counts."""
    newest = ArticleFactory(headline="Newest story", published_at=timezone.now())
    b = site["b"]
    held = CommentFactory(article=newest, status=Comment.Status.PENDING)
    warm(client, b.get_absolute_url())
    assert "Newest story" in client.get(b.get_absolute_url()).content.decode()

    comment_approve(comment=held)

    assert client.get(b.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(newest.get_absolute_url())["X-Page-Cache"] == "miss"


def test_scheduling_a_story_retires_nothing_yet(client, site):
    urls = ["/", "/section/news/", site["a"].get_absolute_url()]
    warm(client, *urls)

    ArticleFactory(section=site["news"], published_at=timezone.now() + timedelta(hours=2))

    assert cache_states(client, *urls) == dict.fromkeys(urls, "hit")


def test_a_footer_page_retires_every_page_a_page_out_of_the_footer_only_itself(client, site):
    in_footer = PageFactory(title="Contact", slug="contact", show_in_footer=True)
    elsewhere = PageFactory(title="Advertise", slug="advertise")
    a = site["a"]
    warm(client, a.get_absolute_url(), "/advertise/")

    elsewhere.title = "Advertise with us"
    elsewhere.save()
    assert client.get(a.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/advertise/")["X-Page-Cache"] == "miss"

    in_footer.title = "Contact the newsroom"
    in_footer.save()
    page = client.get(a.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Contact the newsroom" in page.content.decode()
