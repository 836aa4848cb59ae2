"""Each town writes its own static pages: the same address may hold a different page on
each town; footers, sitemaps, old addresses and the desk's page list are per town."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Page, PageRedirect
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

PAGES = "admin:articles_page_changelist"


@pytest.fixture
def abouts(town_a, town_b) -> dict[str, Page]:
    return {
        "a": PageFactory(
            site=town_a,
            title="About Town A",
            slug="about",
            body="<p>Town A is here.</p>",
            show_in_footer=True,
        ),
        "b": PageFactory(
            site=town_b,
            title="About Town B",
            slug="about",
            body="<p>Town B is here.</p>",
            show_in_footer=True,
        ),
        "a-only": PageFactory(
            site=town_a, title="Advertise in A", slug="advertise", show_in_footer=True
        ),
    }


def footer(html: str) -> str:
    return html[html.index('class="site-footer"') :]


def test_the_same_address_shows_each_towns_own_page(abouts, reader_a, reader_b):
    a_page, b_page = reader_a.get("/about/"), reader_b.get("/about/")
    assert a_page.status_code == b_page.status_code == 200
    assert "Town A is here." in a_page.text and "Town B is here." not in a_page.text
    assert "Town B is here." in b_page.text and "Town A is here." not in b_page.text


def test_a_page_of_a_is_a_404_on_b(abouts, reader_b):
    assert reader_b.get("/advertise/").status_code == 404
    assert "Advertise in A" not in reader_b.get("/").text


def test_each_footer_and_sitemap_lists_the_towns_own_pages(abouts, reader_a, reader_b):
    a_footer, b_footer = footer(reader_a.get("/").text), footer(reader_b.get("/").text)
    assert "About Town A" in a_footer and "Advertise in A" in a_footer
    assert "About Town B" in b_footer
    assert "About Town A" not in b_footer and "Advertise in A" not in b_footer
    b_sitemap = reader_b.get("/sitemap-pages.xml").text
    assert "/about/" in b_sitemap and "/advertise/" not in b_sitemap


def test_a_moved_page_leaves_its_old_address_on_its_own_town_only(abouts, reader_a, reader_b):
    moved = abouts["a-only"]
    moved.slug = "advertising"
    moved.save()
    assert reader_a.get("/advertise/")["Location"] == "/advertising/"
    assert reader_b.get("/advertise/").status_code == 404
    # B may move a page away from the same old address: each town keeps its own.
    b_page = PageFactory(site=abouts["b"].site, title="Ads in B", slug="advertise")
    b_page.slug = "ads"
    b_page.save()
    assert reader_b.get("/advertise/")["Location"] == "/ads/"
    assert reader_a.get("/advertise/")["Location"] == "/advertising/"
    assert PageRedirect.objects.filter(old_path="/advertise/").count() == 2


def test_a_town_has_one_page_per_address_and_subpages_stay_in_their_town(abouts, town_a):
    with pytest.raises(ValidationError, match="Another page already lives"):
        Page(site=town_a, title="Again", slug="about").full_clean()
    with pytest.raises(ValidationError, match="choose a parent page of the same town"):
        Page(site=town_a, title="Staff", slug="staff", parent=abouts["b"]).full_clean()


def test_an_editor_of_b_lists_and_previews_bs_pages_only(abouts, make_town_staff, signed_in):
    client = signed_in(make_town_staff("ed-b", "Editors", abouts["b"].site))
    listing = client.get(reverse(PAGES)).text
    assert "About Town B" in listing and "About Town A" not in listing
    a_page = abouts["a"]
    assert client.get(reverse("admin:articles_page_change", args=[a_page.pk])).status_code == 302
    assert client.get(a_page.get_preview_url()).status_code == 404
    assert client.get(abouts["b"].get_preview_url()).status_code == 200
    client.post(reverse(PAGES), {"action": "delete_selected", "_selected_action": [a_page.pk]})
    assert Page.objects.filter(pk=a_page.pk).exists()


def test_a_new_page_starts_in_the_editors_own_town(abouts, make_town_staff, signed_in):
    town_b = abouts["b"].site
    client = signed_in(make_town_staff("ed-b", "Editors", town_b))
    form = client.get(reverse("admin:articles_page_add")).context["adminform"].form
    assert form.initial["site"] == town_b.pk
    assert list(form.fields["site"].queryset) == [town_b]


def test_a_network_editor_sees_every_towns_pages_with_a_site_filter(
    abouts, make_town_staff, signed_in
):
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    listing = client.get(reverse(PAGES)).text
    assert "About Town A" in listing and "About Town B" in listing
    only_b = client.get(reverse(PAGES) + f"?site__id__exact={abouts['b'].site.pk}").text
    assert "About Town B" in only_b and "About Town A" not in only_b
    assert client.get(abouts["a"].get_preview_url()).status_code == 200


def test_a_page_moved_to_another_town_takes_its_old_addresses_along(abouts, town_b, reader_b):
    moved = abouts["a-only"]
    moved.slug = "advertising"
    moved.save()
    moved.site = town_b
    moved.full_clean()
    moved.save()
    assert reader_b.get("/advertise/")["Location"] == "/advertising/"
    assert PageRedirect.objects.get(old_path="/advertise/").site == town_b


def test_a_page_with_subpages_or_a_section_with_stories_stays_in_its_town(abouts, town_b):
    from tests.factories import ArticleFactory

    PageFactory(site=abouts["a"].site, title="Staff", slug="staff", parent=abouts["a"])
    abouts["a"].site = town_b
    with pytest.raises(ValidationError, match="This page has subpages"):
        abouts["a"].full_clean()
    section = ArticleFactory(site=abouts["a-only"].site).section
    section.site = town_b
    with pytest.raises(ValidationError, match="This section has stories"):
        section.full_clean()
