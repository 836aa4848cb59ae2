"""Both demo towns in a real browser: the first at 127.0.0.1, the second at localhost, each
with its own masthead and the network desk's shared story under the right canonical."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from articles.models import Article
from network.models import Site

pytestmark = pytest.mark.django_db(transaction=True)

MAYO = "microsoft-and-mayo-clinic-team-up-on-health-ai"


@pytest.fixture
def towns(live_server):
    """The demo network with the live server's own port in each town's address."""
    call_command("seed_demo", stdout=io.StringIO())
    port = urlsplit(live_server.url).port
    addresses = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
    # Each town's public address, as an editor would set it for this server's port.
    for site, address in zip(Site.objects.order_by("-is_default"), addresses, strict=True):
        site.base_url = address
        site.save()
    return addresses


def test_both_demo_towns_show_the_shared_story_with_its_canonical(towns, open_page):
    first, second = towns
    story = Article.objects.get(slug=MAYO)
    other = Article.objects.exclude(slug=MAYO).first()

    watched = open_page()
    page = watched.page
    for town, masthead in ((first, "The Local Loop"), (second, "The Riverside Loop")):
        page.goto(town + "/")
        assert page.locator(".site-name").text_content().strip() == masthead
        page.get_by_role("link", name=story.headline).first.click()
        page.wait_for_load_state()
        assert page.url == town + story.get_absolute_url()
        assert page.locator("h1").text_content().strip() == story.headline
        # A partner's story: its canonical is the partner's original on every town.
        assert page.locator('link[rel="canonical"]').get_attribute("href") == story.original_url

    home = first + story.get_absolute_url()
    credit = page.locator(".originally-published a")
    assert credit.text_content() == "The Local Loop" and credit.get_attribute("href") == home
    assert page.locator("#comments form").count() == 0
    page.locator("#comments a").click()
    page.wait_for_load_state()
    assert page.url == home + "#comments"
    assert page.locator("#comments form").count() == 1  # the reply form lives at home

    assert watched.errors == [] and watched.failed == []

    # The first town's own stories are not the second town's.
    missing = page.goto(second + other.get_absolute_url())
    assert missing.status == 404
