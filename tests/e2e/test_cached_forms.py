"""The reply form on a cached story page, in a real browser: with JavaScript the reader's
own token is fetched when they start typing and the comment goes in one step; without
JavaScript the site asks for one more press, and nothing typed is lost."""

import pytest

from comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


def story_url(site: str) -> str:
    from articles.models import Article

    story = Article.objects.published().order_by("-published_at").first()
    return site + story.get_absolute_url()


def test_a_reader_with_javascript_posts_from_a_cached_page_in_one_step(site, open_page):
    url = story_url(site)
    open_page().page.goto(url)  # someone else's visit fills the page cache
    watched = open_page()
    page = watched.page
    token_requests = []
    page.on(
        "request", lambda r: token_requests.append(r.url) if "/comments/token/" in r.url else None
    )
    response = page.goto(url)
    assert response.headers["x-page-cache"] == "hit"

    page.fill("#id_name", "Ada Reader")
    page.fill("#id_email", "ada.cached@example.org")
    page.fill("#id_text", "Posted from a page the cache served.")
    page.get_by_role("button", name="Post Comment").click()
    page.get_by_text("Your comment is awaiting moderation.").wait_for()

    assert len(token_requests) == 1
    assert Comment.objects.filter(email="ada.cached@example.org").count() == 1
    assert watched.errors == [] and watched.failed == []


def test_a_reader_without_javascript_presses_once_more_and_loses_nothing(site, open_page):
    url = story_url(site)
    watched = open_page(java_script_enabled=False)
    page = watched.page
    page.goto(url)

    page.fill("#id_name", "Ben Noscript")
    page.fill("#id_email", "ben.noscript@example.org")
    page.fill("#id_text", "No scripts here, still want to comment.")
    page.get_by_role("button", name="Post Comment").click()
    page.get_by_text("One more step").wait_for()
    assert page.input_value("#id_text") == "No scripts here, still want to comment."
    assert not Comment.objects.filter(email="ben.noscript@example.org").exists()

    page.get_by_role("button", name="Post Comment").click()
    page.get_by_text("Your comment is awaiting moderation.").wait_for()
    assert Comment.objects.filter(email="ben.noscript@example.org").count() == 1
