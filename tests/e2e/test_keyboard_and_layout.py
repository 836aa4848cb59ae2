"""Keyboard only, small and large screens, and a clean console on every page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

STORY = "/2026/"  # any story address starts with its year; found from the home page below


def story_url(page, site):
    page.goto(site + "/")
    return page.get_by_role("link", name="Mayo Clinic and Microsoft").first.get_attribute("href")


def test_keyboard_reaches_the_skip_link_navigation_and_reply_form(site, open_page):
    page = open_page().page
    story = site + story_url(page, site)
    page.goto(story)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page = open_page().page
    page.goto(story)
    sections = []
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.section-nav')"):
            sections.append(page.evaluate("document.activeElement.textContent"))
    assert {"Home", "News", "Community"} <= set(sections)

    reply = page.locator(".comment-reply").first
    reply.focus()
    page.keyboard.press("Enter")  # the form moves under the comment, focus in its first field
    assert page.evaluate("document.activeElement.id") == "id_name"
    page.keyboard.type("Kay Board")
    page.keyboard.press("Tab")
    page.keyboard.type("kay@example.org")
    page.keyboard.press("Tab")  # website
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_text"
    page.keyboard.type("Typed without a mouse.")
    page.focus("#respond button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Your comment is awaiting moderation.").wait_for()


@pytest.mark.parametrize("width", [360, 1440])
def test_story_page_fits_the_screen_and_is_photographed_for_the_ci_log(
    site, open_page, artifacts, width
):
    watched = open_page(width=width, height=900)
    page = watched.page
    page.goto(site + story_url(page, site))
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"story-{width}.png"), full_page=True)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"horizontal scrolling at {width}px ({scroll_width}px wide)"
    if width == 1440:  # the sidebar sits beside the story
        story_box = page.locator("main").bounding_box()
        aside_box = page.locator("aside.sidebar").bounding_box()
        assert aside_box["x"] > story_box["x"] + story_box["width"] - 1
    assert watched.errors == [] and watched.failed == []


def test_no_console_errors_or_failed_requests_on_any_page(site, open_page):
    watched = open_page()
    page = watched.page
    story = story_url(page, site)
    pages = [
        "/",
        "/section/community/",
        "/tag/health-care/",
        "/author/editorial-staff/",
        story,
        "/source/krdo/",
        "/search/?q=library",
        "/about/",
        "/contact/",
        "/community/submit/",
        "/events/",
        "/newsletter/",
    ]
    for path in pages:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    assert watched.errors == []
    assert watched.failed == []
    # No request leaves the site: no web fonts, scripts, analytics or images from elsewhere.
    assert watched.requested_hosts == {site.split("//", 1)[1]}


def test_every_page_works_without_javascript(site, open_page):
    page = open_page(java_script_enabled=False).page
    story = story_url(page, site)
    page.goto(site + story)
    assert page.get_by_text("newsdesk [at] thelocalloop [dot] example").is_visible()
    reply = page.locator(".comment-reply").first
    reply.click()
    assert "replyto=" in page.url
    assert page.locator(".replying-to").is_visible()
