"""Static pages and an imported WordPress site in a real browser: keyboard, a 320 px
screen, the footer, a contact address readable by people, valid HTML and no axe
violations on imported Greek, right-to-left and emoji-laden pages."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.test_accessibility import AXE, NPM_HINT, VNU

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"


def test_footer_pages_are_reached_by_keyboard_and_fit_a_small_screen(site, open_page, artifacts):
    watched = open_page(width=320, height=700)
    page = watched.page
    page.goto(site + "/about/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / "page-320.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    footer = []
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.footer-nav')"):
            footer.append(page.evaluate("document.activeElement.textContent"))
    assert footer[:3] == [
        "About The Local Loop",
        "Contact the newsroom",
        "Ethics & corrections policy",
    ]
    current = page.locator('.footer-nav a[aria-current="page"]')
    assert current.text_content() == "About The Local Loop"
    assert watched.errors == [] and watched.failed == []


def test_the_contact_address_is_a_link_for_people_and_spelled_out_without_javascript(
    site, open_page
):
    page = open_page().page
    page.goto(site + "/contact/")
    link = page.locator(".story-body a[href^='mailto:']").first
    assert link.get_attribute("href") == "mailto:newsdesk@thelocalloop.example"

    plain = open_page(java_script_enabled=False).page
    plain.goto(site + "/contact/")
    assert plain.get_by_text("newsdesk [at] thelocalloop [dot] example").is_visible()


@pytest.fixture
def imported_site(live_server):
    for name in ("https-subfolder.xml", "utf-8.xml"):
        call_command("import_wxr", str(FIXTURES / name), stdout=io.StringIO(), stderr=io.StringIO())
    return live_server.url


IMPORTED = {
    "greek story": "/2015/01/13/νέα-γέφυρα/",
    "greek section": "/section/επίπεδο-1/",
    "utf-8 story": "/2024/06/05/two-bridges-utf8-test/",
    "subpage": "/about/team/photo-desk/",
    "moved page": "/search-2/",
    "old address": "/demo/2015/01/12/late-buses/",
}


def test_imported_pages_are_valid_accessible_and_quiet(imported_site, open_page, tmp_path):
    assert AXE.exists() and VNU.exists(), NPM_HINT
    watched = open_page(bypass_csp=True)
    page = watched.page
    files, violations = {}, {}
    for name, path in IMPORTED.items():
        response = page.goto(imported_site + path)
        assert response.ok, (name, response.status)
        files[name] = tmp_path / (name.replace(" ", "-") + ".html")
        files[name].write_text(response.text())
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations")
        violations[name] = [f"{v['id']}: {v['help']}" for v in found]
    assert page.url.endswith("/2015/01/12/late-buses/")  # the old address moved on
    assert {name: v for name, v in violations.items() if v} == {}
    checked = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "gnu", *map(str, files.values())],
        capture_output=True,
        text=True,
    )
    assert [line for line in checked.stderr.splitlines() if ": error:" in line] == []
    assert watched.errors == [] and watched.failed == []


def test_an_editor_writes_a_page_in_the_admin_body_editor_under_the_sites_csp(
    site, open_page, django_user_model
):
    from django.contrib.auth.models import Permission

    from articles.models import Page

    editor = django_user_model.objects.create_user("ed", "ed@example.org", "a-long-pass-phrase")
    editor.is_staff = True
    editor.save()
    # What the Editors group grants for pages (tests/articles/test_pages.py checks the
    # group; a transactional test starts without the groups the migrations made).
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_page", "change_page", "view_page"])
    )
    watched = open_page()
    page = watched.page
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", "a-long-pass-phrase")
    page.click("input[type=submit]")
    page.goto(site + "/admin/articles/page/add/")
    page.click("#id_title")
    page.keyboard.type("Advertise with us")
    assert page.input_value("#id_slug") == "advertise-with-us"
    page.locator(".ProseMirror[contenteditable=true]").first.click()
    page.keyboard.type("Reach every neighbour.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Rates on request.")
    page.select_option("#id_status", "published")
    page.check("#id_show_in_footer")
    page.click("input[name=_save]")
    page.get_by_text("was added successfully").wait_for()

    saved = Page.objects.get(slug="advertise-with-us")
    assert saved.body == "<p>Reach every neighbour.<strong> Rates on request.</strong></p>"
    reader = open_page().page
    reader.goto(site + "/")
    assert reader.locator(".footer-nav a", has_text="Advertise with us").is_visible()
    assert watched.errors == []
