"""A neighbour sends news (with and without JavaScript), an editor publishes it, and a
reader subscribes to the newsletter and leaves it, each in their own browser."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from PIL import Image

from community.models import Submission
from newsletter.models import Subscriber
from newsletter.sending import Sender

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "street-party.jpg"
    Image.new("RGB", (900, 600), "#7a5c3a").save(path, format="JPEG")
    return path


def link_in(message, kind: str) -> str:
    return re.search(rf"http://\S+/{kind}/\S+/", message.body).group(0)


def local(site: str, url: str) -> str:
    """A link from an email (SITE_URL) on the live test server."""
    return site + urlsplit(url).path


def fill_submission(page, *, name="Lena Ortiz"):
    page.fill("#id_headline", "Elm Street holds its first street party")
    page.fill("#id_text", "Forty neighbours came.\n\nThe band played until dusk & nobody minded.")
    page.fill("#id_event_date", (timezone.localdate() + timedelta(days=10)).isoformat())
    page.fill("#id_event_time", "17:30")
    page.fill("#id_event_place", "Elm Street, between 3rd and 4th")
    page.fill("#id_name", name)
    page.fill("#id_email", "lena.ortiz@example.org")
    page.check("#id_own_work")


def test_neighbour_submits_news_confirms_it_and_an_editor_publishes_it(site, open_page, photo):
    neighbour = open_page()
    page = neighbour.page
    page.goto(site + "/section/community/")
    page.get_by_role("link", name="Submit community news").first.click()
    page.wait_for_url("**/community/submit/")

    fill_submission(page)
    page.set_input_files("#id_photo", str(photo))
    page.locator("img.photo-preview").wait_for()  # the script shows the chosen photo
    page.fill("#id_photo_alt", "Neighbours dancing in the closed-off street")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_role("heading", name="Thank you — please check your email").wait_for()

    page.goto(local(site, link_in(mail.outbox[-1], "community/confirm")))
    page.get_by_role("button", name="Confirm and send to the editors").click()
    page.get_by_role("heading", name="Thank you — your news is with our editors").wait_for()
    assert neighbour.errors == [] and neighbour.failed == []

    get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-123!")
    editor = open_page()
    desk = editor.page
    desk.goto(site + "/admin/")
    desk.fill("#id_username", "editor")
    desk.fill("#id_password", "pw-123!")
    desk.get_by_role("button", name="Log in").click()
    desk.get_by_text("2 submissions waiting for an editor").click()  # the demo's and Lena's
    desk.get_by_role("link", name="Elm Street holds its first street party").click()
    desk.get_by_role("link", name="lena.ortiz@example.org").wait_for()  # editors see it
    desk.get_by_role("button", name="Publish now").click()
    desk.get_by_text("Published “Elm Street holds its first street party”").wait_for()
    assert [e for e in editor.errors if "favicon" not in e] == []

    story = Submission.objects.get(email="lena.ortiz@example.org").article
    assert "published" in mail.outbox[-1].subject
    reader = open_page().page
    reader.goto(site + story.get_absolute_url())
    assert reader.get_by_text("Community contributor: Lena Ortiz").is_visible()
    assert "lena.ortiz" not in reader.content()
    assert reader.locator(".lead-image img").get_attribute("alt") == (
        "Neighbours dancing in the closed-off street"
    )
    reader.goto(site + "/section/community/")
    events = reader.locator(".events-panel")
    assert events.get_by_role(
        "link", name="Elm Street holds its first street party", exact=True
    ).is_visible()


def test_submitting_without_javascript_keeps_everything_after_a_mistake(site, open_page, photo):
    watched = open_page(java_script_enabled=False)
    page = watched.page
    page.goto(site + "/community/submit/")
    fill_submission(page, name="")
    page.set_input_files("#id_photo", str(photo))
    page.fill("#id_photo_alt", "The band on a flatbed trailer")
    page.get_by_role("button", name="Send for review").click()

    page.get_by_text("Please give the name to show with your story.").wait_for()
    assert page.input_value("#id_headline") == "Elm Street holds its first street party"
    assert "nobody minded" in page.input_value("#id_text")
    assert page.input_value("#id_event_place") == "Elm Street, between 3rd and 4th"
    assert page.input_value("#id_photo_alt") == "The band on a flatbed trailer"
    assert page.get_by_text("Your photo street-party.jpg is attached").is_visible()
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"

    page.fill("#id_name", "Lena Ortiz")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_role("heading", name="Thank you — please check your email").wait_for()
    submission = Submission.objects.get(email="lena.ortiz@example.org")
    assert submission.photo and submission.photo_alt == "The band on a flatbed trailer"


def test_reader_subscribes_from_the_box_confirms_and_unsubscribes(site, open_page, settings):
    settings.NEWSLETTER_SEND_AT = "00:00"  # today's digest is due whenever this runs
    watched = open_page()
    page = watched.page
    page.goto(site + "/")
    box = page.locator("#subscribe")
    box.get_by_label("Your email").fill("morning@example.net")
    box.get_by_label("Breaking-news alerts, when big news breaks").check()
    box.get_by_role("button", name="Subscribe").click()
    box.get_by_text("Almost done: we have emailed you a link.").wait_for()  # in place
    assert page.url == site + "/"
    assert watched.errors == [] and watched.failed == []

    page.goto(local(site, link_in(mail.outbox[-1], "newsletter/confirm")))
    page.get_by_role("button", name="Confirm my subscription").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    subscriber = Subscriber.objects.get(email="morning@example.net")
    assert (subscriber.status, subscriber.wants_digest, subscriber.wants_alerts) == (
        "active",
        True,
        True,
    )

    mail.outbox.clear()
    Sender().run()  # today's digest goes out
    (digest,) = [m for m in mail.outbox if m.to == ["morning@example.net"]]
    unsubscribe = digest.extra_headers["List-Unsubscribe"].strip("<>")
    page.goto(local(site, unsubscribe))
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    page.get_by_role("button", name="Stop that too").click()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_subscribing_without_javascript_lands_on_a_page(site, open_page):
    page = open_page(java_script_enabled=False).page
    page.goto(site + "/section/community/")
    page.locator("#subscribe").get_by_label("Your email").fill("nojs@example.net")
    page.locator("#subscribe").get_by_role("button", name="Subscribe").click()
    # The box came from a page every reader shares, so its token cannot say when this
    # reader got it: without JavaScript the site asks for one more press, address kept.
    page.get_by_text("One more step").wait_for()
    assert page.input_value("#id_email") == "nojs@example.net"
    page.locator(".signup").get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Please check your email").wait_for()

    page.goto(site + "/newsletter/")
    page.locator("#id_email").fill("not an address")
    page.locator(".signup").get_by_role("button", name="Subscribe").click()
    page.get_by_text("This does not look like an email address.").wait_for()
    assert page.input_value("#id_email") == "not an address"


@pytest.mark.parametrize("path", ["/community/submit/", "/newsletter/", "/section/community/"])
def test_new_pages_fit_a_320_pixel_screen(site, open_page, artifacts, path):
    watched = open_page(width=320, height=800)
    page = watched.page
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=str(artifacts / f"{name}-320.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"horizontal scrolling at 320px ({width}px wide)"
    assert watched.errors == [] and watched.failed == []
