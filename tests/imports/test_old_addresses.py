"""WordPress's addresses by id (?p=, ?page_id=) and old permalinks of pages."""

from collections import Counter

import pytest

from articles.models import PageRedirect
from imports.wordpress.addresses import OldAddresses
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_page_id_and_p_lead_to_a_published_page_whatever_the_path(client):
    about = PageFactory(slug="about", wordpress_id=45)

    for old in ("/?page_id=45", "/?p=45", "/demo/?page_id=45", "/blog/index.php?page_id=45"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == about.get_absolute_url()


def test_a_story_wins_p_when_a_story_and_a_page_share_an_id(client):
    story = ArticleFactory(wordpress_id=7)
    PageFactory(slug="about", wordpress_id=7)

    assert client.get("/?p=7")["Location"] == story.get_absolute_url()
    assert client.get("/?page_id=7")["Location"] == "/about/"


@pytest.mark.parametrize("address", ["/?page_id=46", "/?page_id=99999999999999999999999", "/?p=46"])
def test_an_id_no_public_item_has_is_a_404(client, address):
    PageFactory(slug="draft", wordpress_id=46, status="draft")

    assert client.get(address).status_code == 404


def test_a_page_id_that_is_not_a_number_is_left_to_the_page(client):
    assert client.get("/?page_id=about").status_code == 200  # the home page


def test_an_old_page_permalink_answers_301_only_while_the_page_is_published(client):
    tips = PageFactory(slug="tips")
    PageRedirect.objects.create(old_path="/demo/send-us-a-tip/", page=tips)

    assert client.get("/demo/send-us-a-tip/")["Location"] == "/tips/"
    assert client.get("/demo/send-us-a-tip")["Location"] in ("/tips/", "/demo/send-us-a-tip/")
    tips.status = "draft"
    tips.save()
    assert client.get("/demo/send-us-a-tip/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "http://example.org/demo/",
        "http://example.org/demo/?p=1000",
        "http://example.org/demo/category/news/",
        "http://example.org/demo/tag/parks/",
        "http://example.org/demo/author/admin/",
        "http://example.org/demo/page/2/",
        "http://example.org/demo/2019/",
        "http://example.org/demo/2019/05/",
        "http://example.org/demo/2019/05/14/",
        "http://example.org/demo/feed/",
        "http://example.org/demo/wp-content/uploads/photo.jpg",
    ],
)
def test_the_old_sites_home_and_archives_never_become_one_storys_address(address):
    addresses = OldAddresses(["http://example.org/demo/"], Counter())
    assert addresses.of(address) == []


def test_a_permalink_two_items_claim_is_nobodys_and_a_single_one_is_kept():
    claims = Counter({"/demo/shared/": 2, "/demo/2019/05/14/council-votes/": 1})
    addresses = OldAddresses(["http://example.org/demo/"], claims)
    assert addresses.of("http://example.org/demo/shared/") == []
    assert addresses.of(
        "http://example.org/demo/2019/05/14/council-votes/", "http://example.org/demo/?p=7"
    ) == ["/demo/2019/05/14/council-votes/"]
    # A page may be called "category" itself: only longer paths are archives.
    assert addresses.of("http://example.org/demo/category/") == ["/demo/category/"]
