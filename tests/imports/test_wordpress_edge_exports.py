"""Real sites' exports: a site under a path with the https namespace (as the theme unit
test data is written), private and password-protected content, slashes, CDATA, hard UTF-8,
editors' notes, an interrupted export, namespace tricks and missing fields.

Each fixture reproduces the quirks of a file in WordPress's importer tests (named in the
docstrings), written in our own words.
"""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleRedirect, Author, Page, PageRedirect, Section
from comments.models import Comment
from imports.wordpress import reader

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "wxr"
SUBFOLDER = FIXTURES / "https-subfolder.xml"


@pytest.fixture(autouse=True)
def newsroom_time_zone(settings):
    settings.TIME_ZONE = "America/Denver"


def import_wxr(path, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wxr", str(path), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def story(wordpress_id: int) -> Article:
    return Article.objects.get(wordpress_id=wordpress_id)


def page(wordpress_id: int) -> Page:
    return Page.objects.get(wordpress_id=wordpress_id)


@pytest.fixture
def subfolder_site() -> tuple[str, str]:
    return import_wxr(SUBFOLDER)


# A site under /demo/, exported with the https namespace (theme-unit-test-data.xml)


def test_the_https_export_namespace_is_read(subfolder_site):
    out, _ = subfolder_site

    assert "Imported https-subfolder.xml (WXR 1.2):" in out
    assert "posts: 10 created" in out and "pages: 6 created" in out
    assert "1 skipped (1 in the trash)" in out
    assert "other items skipped: 1 nav_menu_item" in out


@pytest.mark.parametrize("cut_at", ["</wp:author>", "<item>", "</wp:comment>"])
def test_a_truncated_https_export_is_called_broken_not_an_rss_feed(tmp_path, cut_at):
    text = SUBFOLDER.read_text()
    truncated = tmp_path / "truncated.xml"
    truncated.write_text(text[: text.index(cut_at) + len(cut_at) + 40])

    with pytest.raises(CommandError) as refused:
        import_wxr(truncated)

    message = str(refused.value)
    assert "ordinary RSS feed" not in message
    assert "not well-formed XML" in message or "the XML is broken at line" in message
    assert not Article.objects.exists() and not Page.objects.exists()


def test_addresses_by_id_under_the_old_path_lead_to_each_story(subfolder_site, client):
    for wordpress_id in (1000, 1004, 1008, 1009):
        response = client.get(f"/demo/?p={wordpress_id}")
        assert response.status_code == 301
        assert response["Location"] == story(wordpress_id).get_absolute_url()
    assert client.get("/demo/?page_id=1102")["Location"] == "/about/"
    assert client.get("/demo/?p=1102")["Location"] == "/about/"


def test_the_old_home_page_is_no_story_address(subfolder_site, client):
    """Two posts gave the home page as their address, and every ?p= guid names it: none of
    that makes /demo/ a story's address."""
    assert not ArticleRedirect.objects.filter(old_path="/demo/").exists()
    assert not PageRedirect.objects.filter(old_path="/demo/").exists()
    assert client.get("/demo/").status_code == 404
    for wordpress_id in (1008, 1009):
        assert client.get(story(wordpress_id).get_absolute_url()).status_code == 200


def test_pretty_permalinks_under_the_old_path_answer_301(subfolder_site, client):
    late_buses = story(1000)
    response = client.get("/demo/2015/01/12/late-buses/")

    assert response.status_code == 301
    assert response["Location"] == late_buses.get_absolute_url() == "/2015/01/12/late-buses/"


def test_greek_slugs_stay_greek_and_the_old_percent_encoded_address_answers(subfolder_site, client):
    bridge = story(1001)
    section = Section.objects.get(name="Επίπεδο 1")

    assert bridge.slug == "νέα-γέφυρα"
    assert section.slug == "επίπεδο-1"
    assert section.description == "Το πρώτο επίπεδο."
    address = bridge.get_absolute_url()
    assert address == "/2015/01/13/" + quote("νέα-γέφυρα") + "/"
    assert client.get(address).status_code == 200
    assert client.get(address.lower()).status_code == 200  # WordPress wrote lower case
    assert client.get("/2015/01/13/νέα-γέφυρα/").status_code == 200
    old = "/demo/2015/01/13/" + quote("νέα-γέφυρα").lower() + "/"
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == address
    assert client.get(section.get_absolute_url()).status_code == 200
    assert client.get(reverse("articles:section-feed", args=[section.slug])).status_code == 200


def test_password_protected_and_private_posts_come_in_as_drafts(subfolder_site, client):
    out, _ = subfolder_site
    protected, private = story(1002), story(1003)

    assert "kept from the public, as drafts: 2 password-protected, 1 private" in out
    assert protected.status == private.status == "draft"
    assert page(1104).status == "draft"  # a password-protected page
    for old in ("/demo/2015/01/14/budget-before-the-vote/", "/?p=1002", "/demo/?p=1003"):
        assert client.get(old).status_code == 404, old
    assert client.get("/members/").status_code == 404
    assert client.get("/?page_id=1104").status_code == 404
    # Their comments are kept for the editors, and shown nowhere.
    assert Comment.objects.filter(article__in=[protected, private]).count() == 2
    for address in ("/", protected.section.get_absolute_url(), reverse("articles:feed")):
        html = client.get(address).content.decode()
        assert "4.2 million" not in html and "New Year" not in html


def test_a_published_post_without_a_date_takes_the_exports_date(subfolder_site):
    _, err = subfolder_site
    snow_day = story(1004)

    assert snow_day.is_public
    assert snow_day.published_at == datetime(2015, 1, 27, 14, 56, 57, tzinfo=UTC)
    assert (
        "Post 1004: it is marked “publish” but has no date; it is dated 2015-01-27 07:56, "
        "when the export was made." in err
    )


def test_block_editor_content_is_cleaned_like_classic_content(subfolder_site):
    body = story(1005).body

    assert "[gallery" not in body and "<!--" not in body and "wp:" not in body
    assert "<p>The parade drew the biggest crowd in years.</p>" in body
    assert "<p>The library float won first prize.</p>" in body  # the image's caption
    assert '<a href="https://video.example/watch?v=parade" rel="noopener">' in body
    assert "<img" not in body


def test_a_caption_only_post_keeps_its_caption_and_an_image_only_post_waits(subfolder_site):
    _, err = subfolder_site

    parade = story(1006)
    assert parade.is_public
    assert parade.body == "<p>Crowds lined Main Street for the winter parade.</p>"
    sunset = story(1007)
    assert sunset.status == "draft"
    assert "Post 1007: nothing of its content can be shown here" in err


def test_a_category_name_used_twice_gives_two_sections(subfolder_site):
    assert story(1005).section.name == "Parks"
    assert story(1006).section.name == "Parks (County services)"
    assert story(1006).section.description == "County parks."


def test_pages_under_the_old_path_keep_their_path_below_it(subfolder_site, client):
    photo_desk, team, about = page(1100), page(1101), page(1102)

    assert (about.path, team.path, photo_desk.path) == (
        "/about/",
        "/about/team/",
        "/about/team/photo-desk/",
    )
    assert photo_desk.parent == team and team.parent == about
    assert (about.menu_order, team.menu_order, photo_desk.menu_order) == (1, 2, 3)
    response = client.get("/demo/about/team/photo-desk/")
    assert response.status_code == 301 and response["Location"] == "/about/team/photo-desk/"
    assert client.get("/?page_id=1100")["Location"] == "/about/team/photo-desk/"
    assert not Page.objects.filter(wordpress_id=1106).exists()  # in the trash


def test_a_page_whose_path_the_site_uses_comes_in_beside_it(subfolder_site, client):
    out, err = subfolder_site
    tips = page(1103)

    assert tips.path == "/search-2/"
    assert "Page 1103: /search/ is taken here; it came in at /search-2/." in err
    assert "1 at a new address" in out
    assert client.get("/search/").templates[0].name == "articles/search.html"
    assert client.get("/demo/search/")["Location"] == "/search-2/"


def test_comments_on_pages_are_left_out_and_counted(subfolder_site):
    out, _ = subfolder_site

    assert "1 on pages left out" in out
    assert not Comment.objects.filter(text__contains="Saturdays").exists()


def test_only_users_who_wrote_a_post_become_bylines(subfolder_site):
    assert sorted(Author.objects.values_list("slug", flat=True)) == [
        "demo-desk",
        "guestphotographer",
    ]


# slashes.xml, backslashes.xml, authors-multiline.xml, blank-lines.xml


def test_backslashes_and_quotes_come_over_as_they_are():
    import_wxr(FIXTURES / "slashes.xml")
    post = story(1)

    assert Section.objects.get(slug="best-of").name == 'The \\"best\\" of the valley'
    assert Tag.objects.get(slug="mas-diner").name == "Ma\\'s diner"
    assert 'Backslashes aren\\\'t \\"lost\\" here.' in post.body
    assert "C:\\\\newsroom\\\\photos" in post.body
    assert post.body.count("<p>") == 3  # blank lines, however many, make paragraphs
    assert Comment.objects.get().text == "\\o/ ¯\\_(ツ)_/¯"
    # A byline for a login the author list does not name; and one spread over lines.
    assert [a.slug for a in post.byline_authors] == ["author"]
    assert [a.name for a in story(2).byline_authors] == ["Valley Desk"]


# crazy-cdata-escaped.xml, multiple-cdata.xml, cdata-edge.xml


def test_cdata_sections_split_around_an_end_marker_read_back_whole():
    posts = {p.id: p for p in reader.read_export(FIXTURES / "cdata.xml") if hasattr(p, "id")}

    markers = posts[1]
    assert markers.content.endswith("and the raw form <![CDATA[ tags ]]> :)")
    assert markers.meta == {
        "Plain value": "Valley",
        "Only the end marker": "]]>",
        "Markers all through": "Here <![CDATA[ one opens and ]]> closes, <![CDATA[ and again: ]]>",
    }
    assert markers.comments[0].content == "I typed ]]> on purpose."
    assert posts[2].content == "line oneline twoline three"
    assert posts[3].content.endswith("ends with the sequence ]] >")


def test_cdata_edge_cases_import_as_a_browser_would_show_them(client):
    import_wxr(FIXTURES / "cdata.xml")

    assert story(1).dek == "Markers ]]> survive."
    assert "<code>&lt;![CDATA[ text ]]&gt;</code>" in story(1).body
    assert Comment.objects.get().text == "I typed ]]> on purpose."
    assert story(2).body == "<p>line oneline twoline three</p>"
    assert story(3).body.endswith("ends with the sequence ]] &gt;</p>")
    html = client.get(story(1).get_absolute_url()).content.decode()
    assert "I typed ]]&gt; on purpose." in html


# wxr-utf-8-challenges.xml


def test_hard_utf8_comes_over_intact(client):
    import_wxr(FIXTURES / "utf-8.xml")
    post = story(10)

    assert post.headline == '"Two Bridges" by the river 🌉'
    assert post.slug == "two-bridges-utf8-test"
    assert post.dek == "T̷̢̯̭̈h̶̰̾i̵̱̇s̶̰̍ is an excerpt with emoji 🚀🌟 and RTL خدسنگ text"
    for text in ("𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄", "السلام عليكم وﷲ", "T̷̢̯̭̈w̴̰̜̾o̷͉̅"):
        assert text in post.body
    assert "\x00" not in post.body  # a NUL reference becomes U+FFFD, as browsers show it
    assert post.section.name == "أخبار" and post.section.slug == "أخبار"
    written = next(r for r in reader.read_export(FIXTURES / "utf-8.xml") if hasattr(r, "login"))
    assert [a.name for a in post.byline_authors] == [written.display_name.strip()]
    assert len(written.display_name.strip()) > 10  # combining marks and all
    assert Comment.objects.get().text == "Both bridges 🌉 — and the ferry! \u202egnol evil"
    # No <link>, and a guid whose ?p= names another id: no old address to keep.
    assert not ArticleRedirect.objects.exists()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "&quot;Two Bridges&quot; by the river 🌉" in html
    assert client.get(post.section.get_absolute_url()).status_code == 200


# wxr-with-note-comments.xml


def test_editors_notes_never_become_comments(client):
    out, _ = import_wxr(FIXTURES / "notes.xml")

    assert "1 pingbacks/trackbacks/notes skipped" in out
    assert "3 on pages left out" in out
    assert list(Comment.objects.values_list("text", flat=True)) == ["Good news for the school run."]
    for address in (story(11).get_absolute_url(), page(10).get_absolute_url()):
        html = client.get(address).content.decode()
        assert "Confirm Monday" not in html and "Saturday hours" not in html
        assert "noteId" not in html


# idempotency-partial.xml, then idempotency-complete.xml


def test_a_complete_export_after_a_partial_one_adds_only_what_is_missing():
    import_wxr(FIXTURES / "partial.xml")
    first = story(1)

    out, _ = import_wxr(FIXTURES / "complete.xml")

    assert "posts: 2 created, 1 unchanged" in out
    assert "comments: 3 created, 1 unchanged" in out
    assert story(1).pk == first.pk and story(1).updated_at == first.updated_at
    assert Article.objects.count() == 3 and Page.objects.count() == 1
    later = Comment.objects.get(wordpress_id=200)
    assert later.parent == Comment.objects.get(wordpress_id=101)
    assert story(1).comment_count == 2


# namespace-edge-cases.xml, missing-tags.xml


def test_elements_count_by_namespace_not_by_prefix(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()

    out, err = import_wxr(FIXTURES / "namespaces.xml", media_dir=uploads)

    assert sorted(Article.objects.values_list("wordpress_id", flat=True)) == [1, 2, 3, 4]
    assert story(1).headline == "Mixed prefixes"  # its first post id, not the second
    assert "featured image" not in err  # the postmeta in a foreign namespace is not ours
    assert "posts: 4 created" in out
    assert not Author.objects.exists()  # nobody wrote these posts


def test_a_post_with_almost_nothing_is_dated_now_and_reported():
    before = timezone.now()

    _, err = import_wxr(FIXTURES / "missing-fields.xml")

    post = story(1)
    assert post.is_public and post.section.slug == "news"
    assert before <= post.published_at <= timezone.now() + timedelta(seconds=1)
    assert "the export does not say when it was made" in err
    assert not post.byline_authors


# Pages that could trap an importer


def page_item(wordpress_id: int, slug: str, parent: int = 0, title: str = "A page") -> str:
    return f"""<item><title><![CDATA[{title}]]></title><wp:post_id>{wordpress_id}</wp:post_id>
<wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:post_parent>{parent}</wp:post_parent>
<wp:post_type>page</wp:post_type><wp:status>publish</wp:status>
<content:encoded><![CDATA[Text of page {wordpress_id}.]]></content:encoded></item>"""


def export_of(tmp_path, *items: str) -> Path:
    path = tmp_path / "pages.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version>" + "".join(items) + "</channel></rss>"
    )
    return path


def test_pages_that_are_each_others_parents_or_their_own_still_come_in(tmp_path, client):
    export = export_of(
        tmp_path,
        page_item(1, "first", parent=2),
        page_item(2, "second", parent=1),
        page_item(3, "own-parent", parent=3),
    )

    out, err = import_wxr(export)

    assert "pages: 3 created" in out
    # One of the pair comes in at the top and the other under it; nothing waits forever.
    assert sorted(Page.objects.values_list("path", flat=True)) == [
        "/own-parent/",
        "/second/",
        "/second/first/",
    ]
    assert "came in at the top level" in err
    for path in Page.objects.values_list("path", flat=True):
        assert client.get(path).status_code == 200


def test_hostile_page_slugs_stay_inside_the_site(tmp_path, client):
    export = export_of(
        tmp_path,
        page_item(1, "admin"),
        page_item(2, "../../etc/passwd"),
        page_item(3, "x" * 400),
        page_item(4, "%00%2e%2e", title="<script>alert(1)</script>Dots"),
        page_item(5, "media"),
    )

    _, err = import_wxr(export)

    paths = dict(Page.objects.values_list("wordpress_id", "path"))
    assert paths[1] == "/admin-2/" and "Page 1: /admin/ is taken here" in err
    assert paths[2] == "/etcpasswd/"
    assert len(paths[3]) <= 102 and paths[3].startswith("/xxx")
    assert paths[4] == "/alert1dots/"  # from the title, as plain text
    assert Page.objects.get(wordpress_id=4).title == "alert(1)Dots"
    for path in paths.values():
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/").status_code == 302  # still the admin's
