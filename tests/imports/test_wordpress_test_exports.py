"""The exports WordPress's own importer is tested on, reproduced in our own words.

Each fixture here reproduces the quirks of one of the files in the WordPress importer's
test data (``phpunit/data/``) and asserts what WordPress's tests assert, where it applies
to a news site: the counts of posts, pages, comments, bylines, categories and tags,
threading, titles with slashes, CDATA edge cases, versions 1.0 and 1.1, and the errors for
a missing or invalid version. The file each one follows is named in its test's docstring.
"""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Article, ArticleRedirect, Author, Byline, Page, Section
from comments.models import Comment

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "wxr"


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


def nothing_written() -> bool:
    return not any(
        model.objects.exists() for model in (Article, Page, Section, Author, Tag, Comment)
    )


# small-export.xml


def test_a_small_site_comes_over_with_the_counts_wordpress_asserts():
    """small-export.xml: 3 users who wrote, 5 published posts and 1 private, 4 published
    pages and 1 draft, 1 comment, 11 items; 30 categories and 3 tags in the channel."""
    out, err = import_wxr(FIXTURES / "small-site.xml")

    assert err == ""
    assert Article.objects.published().count() == 5
    assert list(Article.objects.exclude(status="published").values_list("wordpress_id")) == [(13,)]
    assert Page.objects.published().count() == 4
    assert list(Page.objects.exclude(status="published").values_list("wordpress_id")) == [(9,)]
    assert Article.objects.count() + Page.objects.count() == 11
    assert Comment.objects.count() == 1
    assert "kept from the public, as drafts: 1 private" in out
    # Only the users who wrote an imported post get a byline; the intern wrote nothing.
    assert sorted(Author.objects.values_list("slug", flat=True)) == ["admin", "editor", "reporter"]
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["budget", "transit", "zoning"]


def test_each_post_keeps_its_title_slug_byline_and_section():
    """small-export.xml's posts, as WordPress's test walks them by id."""
    import_wxr(FIXTURES / "small-site.xml")

    def summary(wordpress_id):
        item = story(wordpress_id)
        bylines = [author.slug for author in item.byline_authors]
        return item.headline, item.slug, bylines, item.section.name, item.status

    assert summary(22) == (
        "Every neighbourhood at once",
        "every-neighbourhood-at-once",
        ["admin"],
        "Alder Park",  # the first of its 27 categories
        "published",
    )
    assert summary(19)[3] == "News"  # a post format is not a category
    assert summary(17)[1:4] == ("district-schools-open-late", ["admin"], "Schools")
    assert summary(15)[1:4] == ("county-school-board-meets", ["editor"], "Schools (County)")
    assert summary(13)[4] == "draft"
    assert sorted(story(13).tags.slugs()) == ["budget", "transit", "zoning"]
    assert summary(1)[:3] == (
        "Welcome to the new Riverside Bulletin",
        "welcome-to-the-new-bulletin",
        ["reporter"],
    )
    comment = Comment.objects.get()
    assert comment.article == story(1) and comment.status == "approved"
    assert comment.text == (
        "Hi, this is the first comment.\nModerators can edit or remove comments from the admin."
    )


def test_two_categories_with_one_name_become_two_sections_an_editor_can_tell_apart():
    """small-export.xml: "Foo" at the top and "Foo" under "Bar" (#13364)."""
    import_wxr(FIXTURES / "small-site.xml")

    schools = {s.slug: s.name for s in Section.objects.filter(slug__startswith="schools")}
    assert schools == {"schools": "Schools", "schools-county": "Schools (County)"}
    assert Section.objects.get(slug="schools-county").description == "The county's own schools."
    # Categories no imported post is filed under do not become empty sections.
    assert not Section.objects.filter(slug__in=["archive", "chinatown", "uncategorized"]).exists()


def test_pages_keep_their_parents_whatever_order_the_file_lists_them_in():
    """small-export.xml: the child page comes before its parent; the draft page has no
    slug and a zero GMT date."""
    import_wxr(FIXTURES / "small-site.xml")

    assert page(4).parent == page(6)
    assert page(4).path == "/about/staff/" and page(6).path == "/about/"
    assert page(2).path == "/about-the-bulletin/"
    assert page(11).path == "/send-a-tip/" and page(11).status == "published"
    draft = page(9)
    assert (draft.title, draft.slug, draft.status) == (
        "Advertising rates",
        "advertising-rates",
        "draft",
    )
    assert "<blockquote>" in page(2).body


def test_importing_the_small_site_twice_keeps_the_same_counts():
    """small-export.xml, imported twice (WordPress's test_double_import)."""
    import_wxr(FIXTURES / "small-site.xml")
    out, _ = import_wxr(FIXTURES / "small-site.xml")

    assert "posts: 0 created, 6 unchanged" in out
    assert "pages: 0 created, 5 unchanged" in out
    assert (Article.objects.count(), Page.objects.count(), Comment.objects.count()) == (6, 5, 1)
    assert (Author.objects.count(), Tag.objects.count(), Section.objects.count()) == (3, 3, 4)


# valid-wxr-1.0.xml and valid-wxr-1.1.xml


def test_a_wxr_1_0_export_reads_its_tags_and_terms():
    """valid-wxr-1.0.xml: no author list, terms written twice (once with no domain), tags in
    the "tag" domain, a child page first and sharing its slug with a post."""
    out, err = import_wxr(FIXTURES / "wxr-1.0.xml")

    assert "(WXR 1.0)" in out and err == ""
    assert Article.objects.count() == 3 and Page.objects.count() == 3
    assert sorted(story(4).tags.slugs()) == ["hockey", "winter"]
    assert sorted(story(6).tags.slugs()) == ["families", "lessons"]
    assert story(4).section.description == "News from the town arena."
    assert story(6).section.name == "Youth"
    assert story(1).section.slug == "news" and not story(1).tags.exists()
    assert Tag.objects.count() == 4
    assert [a.name for a in story(1).byline_authors] == ["admin"]  # from dc:creator only
    assert page(8).path == "/programs/skating-lessons/" and page(8).parent == page(10)
    assert story(6).slug == "skating-lessons"  # the post keeps its slug: pages live apart


def test_a_wxr_1_1_export_leaves_out_terms_of_other_taxonomies():
    """valid-wxr-1.1.xml: a term of a custom taxonomy (wp:term) on a post."""
    import_wxr(FIXTURES / "wxr-1.1.xml")

    post = story(1)
    assert list(post.tags.slugs()) == ["volunteers"]
    assert (post.section.name, post.section.description) == ("Events", "What is on this week.")
    assert not Tag.objects.filter(slug="old-mill").exists()
    assert not Section.objects.filter(slug="old-mill").exists()
    assert [(a.name, a.slug) for a in post.byline_authors] == [("Jordan Doe", "jordan-doe")]
    assert page(2).path == "/about/"


# The files WordPress refuses


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        # missing-version-tag.xml and invalid-version-tag.xml
        ("missing-version.xml", "it has no <wp:wxr_version>"),
        ("invalid-version.xml", "its <wp:wxr_version> “abc” is not a version number"),
    ],
)
def test_a_missing_or_invalid_version_is_refused_as_wordpress_refuses_it(name, reason):
    with pytest.raises(CommandError) as refused:
        import_wxr(FIXTURES / name)

    message = str(refused.value)
    assert reason in message
    assert "missing/invalid WXR version number" in message
    assert message.endswith("Nothing was imported.")
    assert nothing_written()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        # malformed.xml: a misnamed channel element.
        ("wrong-channel.xml", "it is not well-formed XML (mismatched tag at line 25, column 2)"),
        # crazy-cdata.xml: "]]>" unescaped in a CDATA section; only WordPress's regex
        # parser reads it, and we do not.
        ("cdata-unescaped.xml", "the XML is broken at line 18, column 74"),
    ],
)
def test_xml_that_is_not_well_formed_is_refused_with_where(name, reason):
    with pytest.raises(CommandError) as refused:
        import_wxr(FIXTURES / name)

    assert reason in str(refused.value)
    assert nothing_written()


def test_a_newer_version_is_read_with_a_warning(tmp_path):
    """WordPress's importer warns on a version newer than it knows, and goes on."""
    export = tmp_path / "newer.xml"
    text = (FIXTURES / "wxr-1.1.xml").read_text()
    export.write_text(text.replace("<wp:wxr_version>1.1<", "<wp:wxr_version>1.3<"))

    out, err = import_wxr(export)

    assert "This is a WXR 1.3 file; the newest this importer knows is 1.2" in err
    assert "posts: 1 created" in out


def test_byline_counts_do_not_include_users_who_wrote_nothing():
    import_wxr(FIXTURES / "small-site.xml")

    assert not Author.objects.filter(name="Summer Intern").exists()
    assert not Author.objects.filter(slug="intern").exists()
    assert Byline.objects.count() == Article.objects.count()
    assert not ArticleRedirect.objects.exists()  # plain ?p= links are answered by id
