"""Static pages: About, Contact, the ethics policy … at their own address, in the footer
and the sitemap, managed by Editors, cached like every public page, and never shadowing
the site's other addresses."""

import base64
import hashlib
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse

from articles.models import Page, PageRedirect
from tests.articles.test_desk import form_data
from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, stale-while-revalidate=300"


@pytest.fixture
def staff_in(django_user_model, client):
    def log_in(group: str):
        user = django_user_model.objects.create_user(group.lower(), f"{group}@example.org", "pw")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return client

    return log_in


# Readers


def test_a_published_page_is_served_at_its_address_with_the_sites_layout(client):
    about = PageFactory(title="About us", slug="about", body="<p>Who we are.</p>")

    response = client.get("/about/")

    assert response.status_code == 200
    assert response.templates[0].name == "articles/page_detail.html"
    html = response.content.decode()
    assert "<h1>About us</h1>" in html and "<p>Who we are.</p>" in html
    assert "<title>About us — " in html
    assert f'<link rel="canonical" href="http://testserver{about.get_absolute_url()}">' in html
    assert 'class="site-footer"' in html and 'id="main"' in html


def test_a_subpage_lives_under_its_parent_with_a_breadcrumb(client):
    about = PageFactory(title="About", slug="about")
    staff = PageFactory(title="Our staff", slug="staff", parent=about)

    assert staff.path == "/about/staff/" and staff.get_absolute_url() == "/about/staff/"
    html = client.get("/about/staff/").content.decode()
    assert '<nav class="breadcrumb" aria-label="Breadcrumb">' in html
    assert '<a href="/about/">About</a>' in html
    about_html = client.get("/about/").content.decode()
    assert '<a href="/about/staff/">Our staff</a>' in about_html  # "In this section"


def test_a_page_in_any_alphabet_answers_at_its_address(client):
    contact = PageFactory(title="Επικοινωνία", slug="επικοινωνία")

    assert (
        contact.get_absolute_url()
        == "/%CE%B5%CF%80%CE%B9%CE%BA%CE%BF%CE%B9%CE%BD%CF%89%CE%BD%CE%AF%CE%B1/"
    )
    assert client.get(contact.get_absolute_url()).status_code == 200
    assert client.get("/επικοινωνία/").status_code == 200


def test_a_draft_page_is_a_friendly_404_to_readers_and_a_preview_to_staff(client, staff_in):
    draft = PageFactory(slug="tips", status=Page.Status.DRAFT, body="<p>Not yet.</p>")

    response = client.get("/tips/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()
    assert client.get(draft.get_preview_url()).status_code == 404

    editor = staff_in("Editors")
    preview = editor.get(draft.get_preview_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    html = preview.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Preview — not published." in html


def test_pages_are_cached_like_every_public_page(client):
    PageFactory(slug="about")

    first = client.get("/about/")
    second = type(client)().get("/about/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first["Cache-Control"] == PUBLIC
    assert first.content == second.content
    assert "script-src 'self'" in first["Content-Security-Policy"]


def test_editing_a_page_retires_the_stored_copies(client):
    about = PageFactory(slug="about", title="About")
    client.get("/about/")

    about.title = "About the newsroom"
    about.save()

    response = type(client)().get("/about/")
    assert response["X-Page-Cache"] == "miss"
    assert "About the newsroom" in response.content.decode()


def test_the_page_view_makes_the_same_queries_however_deep_or_wide(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    top = PageFactory(slug="top")
    middle = PageFactory(slug="middle", parent=top)
    deep = PageFactory(slug="deep", parent=middle)
    for number in range(5):
        PageFactory(slug=f"sub-{number}", parent=deep, show_in_footer=True)
    client.get("/top/")  # warm what is cached whatever the settings (the site version)

    # One ancestor and one subpage, or two ancestors, five subpages and five footer links.
    with django_assert_num_queries(count_queries(client, middle.get_absolute_url())):
        client.get(deep.get_absolute_url())


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_body_html_is_cleaned_and_the_title_escaped(client):
    PageFactory(
        slug="ethics",
        title="<script>alert(1)</script> Ethics",
        body='<p onclick="x()">Fair.</p><script>steal()</script><iframe src="//x"></iframe>',
    )

    html = client.get("/ethics/").content.decode()

    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "steal()" not in html and "<iframe" not in html and "onclick" not in html


def test_email_addresses_in_a_page_are_not_in_its_source(client):
    PageFactory(
        slug="contact",
        body='<p>Write to <a href="mailto:tips@newsroom.example">tips@newsroom.example</a> '
        "or to desk@newsroom.example, or call.</p>",
    )

    html = client.get("/contact/").content.decode()

    assert "tips@newsroom.example" not in html and "desk@newsroom.example" not in html
    assert "mailto:" not in html
    assert html.count('class="protected-email"') == 2
    assert "tips [at] newsroom [dot] example" in html


# The footer and the sitemap


def test_the_footer_lists_published_footer_pages_in_menu_order(client):
    PageFactory(title="Contact", slug="contact", show_in_footer=True, menu_order=2)
    PageFactory(title="About", slug="about", show_in_footer=True, menu_order=1)
    PageFactory(title="Draft policy", slug="policy", show_in_footer=True, status="draft")
    PageFactory(title="Hidden", slug="hidden", show_in_footer=False)

    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]

    assert re.findall(r'<a href="(/[^"]+/)"[^>]*>', footer) == ["/about/", "/contact/"]
    assert 'aria-label="About The Local Loop"' in footer
    on_about = client.get("/about/").content.decode()
    assert '<a href="/about/" aria-current="page">About</a>' in on_about


def test_a_new_footer_page_shows_in_the_footer_at_once(client):
    client.get("/")
    PageFactory(title="Advertise", slug="advertise", show_in_footer=True)

    assert '<a href="/advertise/">Advertise</a>' in type(client)().get("/").content.decode()


def test_the_sitemap_lists_published_pages_only(client):
    PageFactory(slug="about")
    PageFactory(slug="draft", status="draft")

    body = client.get(reverse("sitemap-section", kwargs={"section": "pages"})).content.decode()

    assert "<loc>http://testserver/about/</loc>" in body
    assert "/draft/" not in body and "/preview/" not in body


# Addresses


def test_a_moved_page_leaves_a_301_from_each_old_address(client):
    about = PageFactory(slug="about")
    staff = PageFactory(slug="staff", parent=about)

    about.slug = "about-us"
    about.save()

    staff.refresh_from_db()
    assert staff.path == "/about-us/staff/"
    for old, new in (("/about/", "/about-us/"), ("/about/staff/", "/about-us/staff/")):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new
    assert set(PageRedirect.objects.values_list("old_path", flat=True)) == {
        "/about/",
        "/about/staff/",
    }


def test_moving_a_page_back_drops_the_redirect_that_would_shadow_it(client):
    about = PageFactory(slug="about")
    about.slug = "about-us"
    about.save()
    about.slug = "about"
    about.save()

    assert client.get("/about/").status_code == 200
    assert list(PageRedirect.objects.values_list("old_path", flat=True)) == ["/about-us/"]


def test_a_draft_page_moved_leaves_no_old_address():
    draft = PageFactory(slug="draft", status="draft")
    draft.slug = "still-draft"
    draft.save()

    assert not PageRedirect.objects.exists()


@pytest.mark.parametrize(
    ("slug", "taken_by"),
    [("search", "search"), ("feed", "feed"), ("admin", "admin"), ("preview", "")],
)
def test_a_page_cannot_take_an_address_the_site_uses(slug, taken_by):
    page = Page(title="T", slug=slug, body="", status="published")
    if not taken_by:
        page.full_clean()  # /preview/ itself is free; /preview/page/1/ is not
        return
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert f"The address /{slug}/ belongs to the site's" in str(refused.value)


def test_a_page_cannot_shadow_a_story_or_go_under_itself():
    story = ArticleFactory()
    year, month, day = story.path.strip("/").split("/")[:3]
    year_page = PageFactory(slug=year)
    month_page = PageFactory(slug=month, parent=year_page)
    day_page = PageFactory(slug=day, parent=month_page)
    with pytest.raises(ValidationError, match="belongs to the site's story"):
        Page(title="Clash", slug=story.slug, parent=day_page).full_clean()
    Page(title="Free", slug=story.slug).full_clean()  # /<story slug>/ alone is free

    year_page.parent = day_page
    with pytest.raises(ValidationError, match="cannot go under itself"):
        year_page.full_clean()

    PageFactory(slug="dupe")
    with pytest.raises(ValidationError, match="Another page already lives at /dupe/"):
        Page(title="Dupe", slug="dupe").full_clean()


def test_a_parent_page_cannot_be_deleted_from_under_its_subpages():
    about = PageFactory(slug="about")
    PageFactory(slug="staff", parent=about)

    with pytest.raises(ProtectedError):
        about.delete()


# The desk


def test_editors_write_a_page_in_the_admin_with_the_story_body_editor(staff_in):
    editor = staff_in("Editors")
    data = form_data(editor, reverse("admin:articles_page_add"))
    assert "django_prose_editor" in editor.get(reverse("admin:articles_page_add")).content.decode()
    data.update(
        title="Corrections policy",
        slug="corrections",
        body="<p>We fix mistakes.</p><script>x()</script>",
        status="published",
        show_in_footer="on",
        menu_order="4",
    )

    response = editor.post(reverse("admin:articles_page_add"), data)

    assert response.status_code == 302
    page = Page.objects.get(slug="corrections")
    assert (page.path, page.body, page.show_in_footer) == (
        "/corrections/",
        "<p>We fix mistakes.</p>",
        True,
    )
    assert editor.get(reverse("admin:articles_page_changelist")).status_code == 200


def test_the_admin_says_why_a_pages_address_is_refused(staff_in):
    editor = staff_in("Editors")
    data = form_data(editor, reverse("admin:articles_page_add"))
    data.update(title="Search help", slug="search", body="<p>Tips.</p>", status="published")

    response = editor.post(reverse("admin:articles_page_add"), data)

    assert response.status_code == 200
    assert "The address /search/ belongs to the site&#x27;s search" in response.content.decode()
    assert not Page.objects.exists()


@pytest.mark.parametrize("group", ["Writers", "Moderators"])
def test_writers_and_moderators_do_not_manage_pages(staff_in, group):
    person = staff_in(group)

    assert person.get(reverse("admin:articles_page_changelist")).status_code == 403
    assert person.get(reverse("admin:articles_page_add")).status_code == 403


def test_seed_demo_makes_about_contact_and_the_ethics_policy_once(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    first_town = Page.objects.published().filter(site__is_default=True)
    assert sorted(first_town.values_list("path", flat=True)) == [
        "/about/",
        "/contact/",
        "/ethics-and-corrections/",
    ]
    html = client.get("/contact/", HTTP_HOST="127.0.0.1").content.decode()  # the demo's town
    assert "newsdesk@" not in html and 'class="protected-email"' in html
    footer = html[html.index('<footer class="site-footer">') :]
    assert footer.count("<li>") == 3


def test_the_admin_may_run_the_body_editors_import_map_and_no_other_inline_script(staff_in):
    editor = staff_in("Editors")

    response = editor.get(reverse("admin:articles_page_add"))

    html = response.content.decode()
    import_map = re.search(r'<script type="importmap"[^>]*>(.*?)</script>', html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
