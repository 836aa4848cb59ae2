"""What must hold for every export the importer reads, whatever its quirks.

Each fixture in tests/fixtures/wxr/ is imported twice: the second run changes nothing;
every public story and page answers 200 at its new address and 301 from its old
permalink and its ``?p=``/``?page_id=``; nothing WordPress kept from the public (private
and password-protected posts and pages, drafts, their comments, editors' notes) shows on
any public page, feed or sitemap; and no commenter's email appears anywhere.
"""

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Byline,
    Page,
    PageRedirect,
    Section,
)
from comments.models import Comment
from imports.wordpress import import_export
from imports.wordpress.reader import _short

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "wxr"
IMPORTABLE = [
    "site.xml",
    "site-wxr-1.1.xml",
    "broken-posts.xml",
    "small-site.xml",
    "wxr-1.0.xml",
    "wxr-1.1.xml",
    "https-subfolder.xml",
    "slashes.xml",
    "cdata.xml",
    "utf-8.xml",
    "notes.xml",
    "partial.xml",
    "complete.xml",
    "namespaces.xml",
    "missing-fields.xml",
]


@pytest.fixture(autouse=True)
def newsroom_time_zone(settings):
    settings.TIME_ZONE = "America/Denver"


def test_every_fixture_is_checked_here():
    """A new fixture file is either imported by these tests or refused by test_import_wxr."""
    refused = {
        "cdata-unescaped.xml",
        "invalid-version.xml",
        "malformed.xml",
        "missing-version.xml",
        "not-xml.txt",
        "rss-feed.xml",
        "wrong-channel.xml",
    }
    assert {p.name for p in FIXTURES.iterdir()} == set(IMPORTABLE) | refused


def snapshot() -> dict:
    return {
        "stories": list(
            Article.objects.order_by("pk").values_list("pk", "slug", "status", "updated_at")
        ),
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "path", "status", "updated_at")
        ),
        "history": Article.history.count(),
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "parent", "status")),
        "counts": [
            model.objects.count()
            for model in (Section, Author, Tag, Byline, ArticleRedirect, PageRedirect)
        ],
    }


def items(name: str) -> dict[int, dict[str, str]]:
    """Each post's and page's link and guid, as the file has them, by WordPress id."""
    found = {}
    for item in ET.parse(FIXTURES / name).getroot().iter("item"):
        fields = {}
        for child in item:
            fields.setdefault(_short(child.tag), (child.text or "").strip())
        if fields.get("wp:post_id", "").isdigit():
            found[int(fields["wp:post_id"])] = fields
    return found


@pytest.fixture(params=IMPORTABLE)
def imported(request) -> str:
    name = request.param
    import_export(FIXTURES / name)
    return name


def test_importing_twice_changes_nothing(imported):
    before = snapshot()

    summary = import_export(FIXTURES / imported)

    assert snapshot() == before
    assert summary.posts_created == summary.pages_created == summary.comments_created == 0
    assert summary.sections_created == summary.authors_created == summary.tags_created == 0
    assert summary.redirects_created == 0


def test_public_stories_answer_at_their_address_and_from_their_old_ones(imported, client):
    old = items(imported)
    stories = list(Article.objects.published().exclude(wordpress_id=None))
    assert stories, "every fixture that imports has a public story"
    for story in stories:
        address = story.get_absolute_url()
        assert client.get(address).status_code == 200, address
        assert_moved(client, f"/?p={story.wordpress_id}", address)
        for old_path in ArticleRedirect.objects.filter(article=story).values_list(
            "old_path", flat=True
        ):
            assert_moved(client, old_path, address)
        for url in (old[story.wordpress_id].get("link"), old[story.wordpress_id].get("guid")):
            check_old_address(client, url, story.wordpress_id, address)


def test_public_pages_answer_at_their_address_and_from_their_old_ones(imported, client):
    old = items(imported)
    for page in Page.objects.published().exclude(wordpress_id=None):
        address = page.get_absolute_url()
        assert client.get(address).status_code == 200, address
        assert_moved(client, f"/?page_id={page.wordpress_id}", address)
        assert_moved(client, f"/?p={page.wordpress_id}", address)
        for old_path in PageRedirect.objects.filter(page=page).values_list("old_path", flat=True):
            assert_moved(client, old_path, address)
        for url in (old[page.wordpress_id].get("link"), old[page.wordpress_id].get("guid")):
            check_old_address(client, url, page.wordpress_id, address)


def test_old_addresses_by_id_are_never_kept_as_paths(imported):
    """``/demo/?p=1000`` is post 1000 asked of the old home page, not an address of its own:
    only permalinks and path-style guids become redirects, and never the old home."""
    path_style = {
        unquote(urlsplit(url).path).rstrip("/") + "/"
        for fields in items(imported).values()
        for url in (fields.get("link", ""), fields.get("guid", ""))
        if url and not urlsplit(url).query
    }
    kept = set(ArticleRedirect.objects.values_list("old_path", flat=True))
    kept |= set(PageRedirect.objects.values_list("old_path", flat=True))
    assert kept <= path_style
    homes = {"/", "/demo/", "/path/"}
    assert not kept & homes


def test_what_wordpress_kept_from_the_public_is_not_published(imported):
    kept = [
        wordpress_id
        for wordpress_id, fields in items(imported).items()
        if fields.get("wp:post_password")
        or fields.get("wp:status") in {"private", "draft", "pending", "trash", "auto-draft"}
    ]
    assert not Article.objects.published().filter(wordpress_id__in=kept).exists()
    assert not Page.objects.published().filter(wordpress_id__in=kept).exists()


def test_nothing_kept_from_the_public_answers_anywhere(imported, client):
    for story in Article.objects.exclude(wordpress_id=None).exclude(
        pk__in=Article.objects.published()
    ):
        assert client.get(story.get_absolute_url()).status_code == 404
        assert client.get(f"/?p={story.wordpress_id}").status_code == 404
        assert client.get(story.get_preview_url()).status_code == 404
        for old_path in story.redirects.values_list("old_path", flat=True):
            assert client.get(old_path).status_code == 404, old_path
    for page in Page.objects.exclude(wordpress_id=None).exclude(status=Page.Status.PUBLISHED):
        assert client.get(page.get_absolute_url()).status_code == 404
        assert client.get(f"/?page_id={page.wordpress_id}").status_code == 404
        assert client.get(page.get_preview_url()).status_code == 404
        for old_path in page.redirects.values_list("old_path", flat=True):
            assert client.get(old_path).status_code == 404, old_path


def test_no_public_byte_carries_an_email_or_anything_kept_from_the_public(imported, client):
    emails = {email.lower() for email in Comment.objects.values_list("email", flat=True) if email}
    hidden = hidden_texts()
    for address in public_addresses():
        response = client.get(address)
        assert response.status_code == 200, address
        text = page_text(response)
        for email in emails:
            assert email not in text, (email, address)
        for secret in hidden:
            assert secret not in text, (secret, address)
    # WordPress's users' own (private) addresses never come over at all.
    assert "private@" not in " ".join(Author.objects.values_list("email", flat=True))


def hidden_texts() -> set[str]:
    """Text only a non-public story, page or comment has (long enough to be its own)."""
    texts = set()
    for story in Article.objects.exclude(pk__in=Article.objects.published()):
        texts.add(" ".join(strip_tags(story.body).split())[:60])
        texts |= set(story.comments.values_list("text", flat=True))
    for page in Page.objects.exclude(status=Page.Status.PUBLISHED):
        texts.add(" ".join(strip_tags(page.body).split())[:60])
    texts |= set(
        Comment.objects.exclude(status=Comment.Status.APPROVED).values_list("text", flat=True)
    )
    return {text for text in texts if len(text) >= 12}


def public_addresses() -> list[str]:
    stories = Article.objects.published()
    addresses = [
        reverse("articles:home"),
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("sitemap"),
        reverse("news-sitemap"),
        *[reverse("sitemap-section", kwargs={"section": name}) for name in SITEMAP_SECTIONS],
    ]
    for story in stories:
        _, year, month, day, slug, _ = story.path.split("/")
        date = {"year": year, "month": month, "day": day, "slug": slug}
        addresses += [
            story.get_absolute_url(),
            reverse("comments:feed", kwargs=date),
            story.section.get_absolute_url(),
            reverse("articles:section-feed", kwargs={"slug": story.section.slug}),
        ]
        for author in story.byline_authors:
            addresses += [
                author.get_absolute_url(),
                reverse("articles:author-feed", kwargs={"slug": author.slug}),
            ]
        addresses += [reverse("articles:tag", kwargs={"slug": s}) for s in story.tags.slugs()]
    addresses += [page.get_absolute_url() for page in Page.objects.published()]
    return list(dict.fromkeys(addresses))


SITEMAP_SECTIONS = ["stories", "sections", "authors", "tags", "pages"]


def page_text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return unquote(body.decode()).lower()


def assert_moved(client, address: str, to: str) -> None:
    response = client.get(address)
    assert response.status_code == 301, address
    assert response["Location"] == to, address


def check_old_address(client, url: str | None, wordpress_id: int, address: str) -> None:
    """An old address in the file leads to the item: by id (when its query names this
    item), or by path; an address two items shared, or the old home, leads to neither."""
    if not url:
        return
    parts = urlsplit(url)
    if not parts.path.startswith("/"):
        return  # not an address (a urn: guid)
    query = parse_qs(parts.query)
    requested = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(requested)
    ids = query.get("p", []) + query.get("page_id", [])
    if ids:
        if ids[0] == str(wordpress_id):
            assert response.status_code == 301 and response["Location"] == address, url
        return
    if unquote(parts.path) in {unquote(address), unquote(address).rstrip("/")}:
        assert response.status_code in (200, 301), url
    elif response.status_code == 301:
        assert response["Location"] == address, url
    else:
        # Not a redirect: an address the file gives to more than one item, or the home.
        assert response.status_code in (200, 404), url
        assert not ArticleRedirect.objects.filter(old_path=unquote(parts.path)).exists()
