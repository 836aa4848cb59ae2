"""Feeds, sitemaps, robots.txt and the structured data in a story's head."""

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Source
from comments.models import Comment
from comments.services import comment_approve
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PageFactory,
    SectionFactory,
    SourceFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
STAFF_EMAIL = "desk.reporter@thelocalloop.example"


def fetch_xml(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def rss_items(client, url) -> list[ET.Element]:
    return fetch_xml(client, url).findall("./channel/item")


def rss_links(client, url) -> list[str]:
    return [item.findtext("link") for item in rss_items(client, url)]


def atom_links(client, url) -> list[str]:
    root = fetch_xml(client, url)
    return [
        entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        for entry in root.findall(f"{ATOM}entry")
    ]


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def sitemap_locations(client, url) -> list[str]:
    return [loc.text for loc in fetch_xml(client, url).iter(f"{SITEMAP}loc")]


def structured_data(html: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def news_article(html: str) -> dict:
    return next(data for data in structured_data(html) if data["@type"] == "NewsArticle")


class HeadTags(HTMLParser):
    """The <meta property|name> and <link rel="alternate"> tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.alternates: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link" and attributes.get("rel") == "alternate":
            self.alternates.append(attributes)


def head_tags(html: str) -> HeadTags:
    parser = HeadTags()
    parser.feed(html)
    return parser


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def unpublished_stories(now):
    """A draft, a scheduled story and a withdrawn one: none of them may appear anywhere."""
    return [
        ArticleFactory(status=Article.Status.DRAFT, published_at=None, slug="the-draft"),
        ArticleFactory(published_at=now + timedelta(days=1), slug="the-scheduled"),
        ArticleFactory(status=Article.Status.UNPUBLISHED, slug="the-withdrawn"),
    ]


# Feeds


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_site_feed_lists_published_stories_only(client, url, unpublished_stories):
    story = ArticleFactory()

    body = client.get(url).content.decode()
    links = rss_links(client, url) if "atom" not in url else atom_links(client, url)

    assert links == [absolute(story.get_absolute_url())]
    for hidden in unpublished_stories:
        assert hidden.slug not in body
        assert f"/preview/{hidden.pk}/" not in body


def test_rss_item_carries_headline_dek_bylines_dates_tags_and_lead_image(client):
    authors = [AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Ben Cole")]
    story = ArticleFactory(
        headline="Library & park plan",
        dek="The council <votes> on Tuesday.",
        lead_image=jpeg_file(),
        lead_image_alt="x",
        authors=authors,
        tags=["parks", "council"],
    )
    story.refresh_from_db()
    largest = max(story.lead_image_renditions, key=lambda rendition: rendition["width"])

    root = fetch_xml(client, reverse("articles:feed"))
    item = root.find("./channel/item")

    assert root.findtext("./channel/title") == "The Local Loop"
    # RSS titles and descriptions are HTML: the headline's own "&" and "<" stay text.
    assert item.findtext("title") == "Library &amp; park plan"
    assert item.findtext("description") == "The council &lt;votes&gt; on Tuesday."
    assert item.findtext("link") == absolute(story.get_absolute_url())
    assert item.findtext(DC_CREATOR) == "Ana Ruiz and Ben Cole"
    assert item.find("author") is None
    assert item.findtext("pubDate")
    assert sorted(category.text for category in item.findall("category")) == [
        "council",
        "parks",
    ]
    enclosures = item.findall("enclosure")
    assert len(enclosures) == 1
    assert enclosures[0].get("url") == absolute(default_storage.url(largest["jpeg"]))
    assert enclosures[0].get("length") == str(default_storage.size(largest["jpeg"]))
    assert int(enclosures[0].get("length")) > 0
    assert enclosures[0].get("type") == "image/jpeg"


def test_atom_entry_has_author_summary_updated_time_and_enclosure(client, now):
    story = ArticleFactory(
        headline="Library & park plan",
        authors=[AuthorFactory(name="Ana Ruiz")],
        lead_image=jpeg_file(),
        lead_image_alt="x",
        modified_at=now - timedelta(minutes=5),
    )

    entry = fetch_xml(client, reverse("articles:feed-atom")).find(f"{ATOM}entry")

    assert entry.findtext(f"{ATOM}title") == "Library & park plan"
    assert entry.findtext(f"{ATOM}summary") == story.dek
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ana Ruiz"
    assert entry.find(f"{ATOM}author/{ATOM}email") is None
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == story.published_at
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == story.modified_at
    enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.get("type") == "image/jpeg" and int(enclosure.get("length")) > 0


def test_story_without_lead_image_has_no_enclosure(client):
    ArticleFactory()
    item = rss_items(client, reverse("articles:feed"))[0]
    assert item.find("enclosure") is None


def test_feed_holds_the_latest_20_stories(client, now):
    stories = [ArticleFactory(published_at=now - timedelta(hours=n + 1)) for n in range(22)]
    links = rss_links(client, reverse("articles:feed"))
    assert links == [absolute(story.get_absolute_url()) for story in stories[:20]]


def test_section_author_and_tag_feeds_list_only_their_stories(client):
    parks = SectionFactory(name="Parks", slug="parks")
    ana = AuthorFactory(slug="ana")
    in_section = ArticleFactory(section=parks)
    by_author = ArticleFactory(authors=[ana])
    tagged = ArticleFactory(tags=["budget"])
    ArticleFactory(section=parks, status=Article.Status.DRAFT, published_at=None)

    def both(name, slug):
        rss = rss_links(client, reverse(f"articles:{name}", kwargs={"slug": slug}))
        atom = atom_links(client, reverse(f"articles:{name}-atom", kwargs={"slug": slug}))
        assert rss == atom
        return rss

    assert both("section-feed", "parks") == [absolute(in_section.get_absolute_url())]
    assert both("author-feed", "ana") == [absolute(by_author.get_absolute_url())]
    assert both("tag-feed", "budget") == [absolute(tagged.get_absolute_url())]
    title = fetch_xml(client, reverse("articles:section-feed", kwargs={"slug": "parks"}))
    assert title.findtext("./channel/title") == "Parks — The Local Loop"


@pytest.mark.parametrize(
    "url",
    ["/section/nowhere/feed/", "/author/nobody/feed/atom/", "/tag/nothing/feed/"],
)
def test_feed_of_unknown_section_author_or_tag_is_404(client, url):
    assert client.get(url).status_code == 404


def test_staff_contact_emails_are_in_no_feed(client):
    author = AuthorFactory(email=STAFF_EMAIL, slug="desk", kind=Author.Kind.TEAM)
    story = ArticleFactory(authors=[author], tags=["parks"], section=SectionFactory(slug="news"))
    CommentFactory(article=story)
    day = timezone.localtime(story.published_at)
    story_kwargs = {
        "year": day.year,
        "month": f"{day.month:02d}",
        "day": f"{day.day:02d}",
        "slug": story.slug,
    }
    urls = [
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("articles:section-feed", kwargs={"slug": "news"}),
        reverse("articles:author-feed", kwargs={"slug": "desk"}),
        reverse("articles:author-feed-atom", kwargs={"slug": "desk"}),
        reverse("articles:tag-feed", kwargs={"slug": "parks"}),
        reverse("comments:feed", kwargs=story_kwargs),
        reverse("comments:feed-atom", kwargs=story_kwargs),
    ]
    for url in urls:
        body = client.get(url).content.decode().lower()
        assert author.name.lower() in body or "comments" in url, url
        assert STAFF_EMAIL not in body, url
        assert "desk.reporter" not in body, url


def test_feeds_make_the_same_number_of_queries_for_3_or_20_stories(client):
    def queries_for(count):
        Article.objects.all().delete()
        authors = [AuthorFactory() for _ in range(3)]
        for _ in range(count):
            ArticleFactory(authors=authors, tags=["a", "b", "c"], section=SectionFactory(slug="s"))
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(reverse("articles:section-feed", kwargs={"slug": "s"}))
        assert response.status_code == 200
        assert len(rss_items(client, reverse("articles:feed"))) == count
        return len(queries)

    small = queries_for(3)
    cache.clear()  # the page cache would answer the second time
    assert queries_for(20) == small


# The comments feed


def comments_feed_url(story, name="comments:feed") -> str:
    day = timezone.localtime(story.published_at)
    return reverse(
        name,
        kwargs={
            "year": day.year,
            "month": f"{day.month:02d}",
            "day": f"{day.day:02d}",
            "slug": story.slug,
        },
    )


PRIVATE = [
    ("Rosa.Diaz@Example.net", "198.51.100.23"),
    ("second.reader@example.org", "203.0.113.77"),
    ("held.reader@example.com", "192.0.2.45"),
]


def private_traces(email: str, ip: str) -> list[str]:
    normal = email.strip().lower()
    return [
        normal,
        email,
        normal.replace("@", "&#64;"),
        email.split("@")[0].lower(),
        hashlib.md5(normal.encode()).hexdigest(),
        hashlib.sha256(normal.encode()).hexdigest(),
        ip,
    ]


@pytest.mark.parametrize("name", ["comments:feed", "comments:feed-atom"])
def test_comments_feed_shows_approved_comments_by_name_without_email_or_ip(
    client, comment_data, name
):
    story = ArticleFactory(authors=[AuthorFactory(email=STAFF_EMAIL)])
    for number, (email, ip) in enumerate(PRIVATE):
        Client().post(
            reverse("comments:post", kwargs={"article_id": story.pk}),
            comment_data(story, name=f"Reader {number}", email=email, text=f"Comment {number}"),
            REMOTE_ADDR=ip,
        )
    posted = {comment.text: comment for comment in Comment.objects.all()}
    assert len(posted) == 3 and posted["Comment 0"].ip_address == PRIVATE[0][1]
    comment_approve(comment=posted["Comment 0"])
    comment_approve(comment=posted["Comment 1"])
    Comment.objects.filter(pk=posted["Comment 2"].pk).update(status=Comment.Status.PENDING)

    response = client.get(comments_feed_url(story, name))
    body = response.content.decode()
    root = ET.fromstring(response.content)

    assert response.status_code == 200
    if name == "comments:feed":
        items = root.findall("./channel/item")
        assert [item.findtext(DC_CREATOR) for item in items] == ["Reader 1", "Reader 0"]
        assert items[1].findtext("link") == absolute(
            f"{story.get_absolute_url()}#comment-{posted['Comment 0'].pk}"
        )
        assert "Comment 0" in items[1].findtext("description")
        assert items[1].findtext("pubDate")
    else:
        entries = root.findall(f"{ATOM}entry")
        assert [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in entries] == [
            "Reader 1",
            "Reader 0",
        ]
        assert all(entry.find(f"{ATOM}author/{ATOM}email") is None for entry in entries)
        assert all(entry.findtext(f"{ATOM}updated") for entry in entries)
    assert "Reader 2" not in body and "Comment 2" not in body
    lowered = body.lower()
    for email, ip in PRIVATE:
        for trace in private_traces(email, ip):
            assert trace.lower() not in lowered, trace
    assert STAFF_EMAIL not in lowered


def test_comment_text_is_escaped_in_the_comments_feed(client):
    story = ArticleFactory()
    CommentFactory(article=story, text='<script>alert("x")</script> & www.example.org')

    item = rss_items(client, comments_feed_url(story))[0]

    description = item.findtext("description")
    assert "<script>" not in description
    assert "&lt;script&gt;" in description
    assert 'rel="nofollow ugc noopener"' in description


def test_comments_feed_of_an_unpublished_or_misdated_story_is_404(client, now):
    scheduled = ArticleFactory(published_at=now + timedelta(days=1))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.published_at = now  # only to build an address for it
    story = ArticleFactory(published_at=now - timedelta(days=3))
    wrong_day = comments_feed_url(story).replace(
        f"/{timezone.localtime(story.published_at):%d}/",
        f"/{timezone.localtime(story.published_at - timedelta(days=1)):%d}/",
    )

    assert client.get(comments_feed_url(scheduled)).status_code == 404
    assert client.get(comments_feed_url(draft)).status_code == 404
    assert client.get(wrong_day).status_code == 404
    assert client.get("/2024/02/31/no-such-story/comments/feed/").status_code == 404
    assert client.get(comments_feed_url(story)).status_code == 200


# Autodiscovery


def test_every_page_links_the_site_feeds(client):
    ArticleFactory()
    alternates = head_tags(client.get(reverse("articles:home")).content.decode()).alternates
    assert {(link["type"], link["href"]) for link in alternates} == {
        ("application/rss+xml", reverse("articles:feed")),
        ("application/atom+xml", reverse("articles:feed-atom")),
    }


@pytest.mark.parametrize("page", ["section", "author", "tag"])
def test_listing_pages_also_link_their_own_feed(client, page):
    story = ArticleFactory(
        section=SectionFactory(name="Parks", slug="parks"),
        authors=[AuthorFactory(slug="ana", name="Ana Ruiz")],
        tags=["parks"],
    )
    url = {
        "section": story.section.get_absolute_url(),
        "author": story.byline_authors[0].get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "parks"}),
    }[page]
    slug = {"section": "parks", "author": "ana", "tag": "parks"}[page]

    alternates = head_tags(client.get(url).content.decode()).alternates
    hrefs = {(link["type"], link["href"]) for link in alternates}

    assert ("application/rss+xml", reverse("articles:feed")) in hrefs
    assert ("application/rss+xml", reverse(f"articles:{page}-feed", kwargs={"slug": slug})) in hrefs
    own_atom = reverse(f"articles:{page}-feed-atom", kwargs={"slug": slug})
    assert ("application/atom+xml", own_atom) in hrefs
    for href in [link["href"] for link in alternates]:
        assert client.get(href).status_code == 200, href


def test_story_page_links_its_comments_feed(client):
    story = ArticleFactory()
    alternates = head_tags(client.get(story.get_absolute_url()).content.decode()).alternates
    hrefs = [link["href"] for link in alternates]
    assert comments_feed_url(story) in hrefs
    assert comments_feed_url(story, "comments:feed-atom") in hrefs
    assert client.get(comments_feed_url(story)).status_code == 200


# Sitemaps


def test_sitemap_index_lists_the_sub_sitemaps_with_lastmod(client):
    ArticleFactory(authors=[AuthorFactory()], tags=["parks"])
    PageFactory(slug="about")

    root = fetch_xml(client, reverse("sitemap"))
    entries = root.findall(f"{SITEMAP}sitemap")

    assert [entry.findtext(f"{SITEMAP}loc") for entry in entries] == [
        absolute(reverse("sitemap-section", kwargs={"section": name}))
        for name in ["stories", "sections", "authors", "tags", "pages"]
    ]
    for entry in entries:
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", entry.findtext(f"{SITEMAP}lastmod"))
        assert client.get(entry.findtext(f"{SITEMAP}loc")).status_code == 200


def test_stories_sitemap_lists_published_stories_only(client, unpublished_stories, now):
    story = ArticleFactory(modified_at=now - timedelta(minutes=10))
    canonical_elsewhere = ArticleFactory(
        source=SourceFactory(indexing=Source.Indexing.CANONICAL),
        original_url="https://outlet.example/their-story",
    )

    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": "stories"}))
    body = client.get(reverse("sitemap-section", kwargs={"section": "stories"})).content.decode()
    urls = root.findall(f"{SITEMAP}url")

    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [absolute(story.get_absolute_url())]
    lastmod = urls[0].findtext(f"{SITEMAP}lastmod")
    assert lastmod == timezone.localtime(story.modified_at).isoformat()
    assert "/preview/" not in body
    assert canonical_elsewhere.slug not in body
    for hidden in unpublished_stories:
        assert hidden.slug not in body


def test_listing_sitemaps_list_pages_with_published_stories(client):
    ArticleFactory(
        section=SectionFactory(slug="parks"), authors=[AuthorFactory(slug="ana")], tags=["trees"]
    )
    ArticleFactory(
        section=SectionFactory(slug="empty"),
        authors=[AuthorFactory(slug="drafty")],
        tags=["unseen"],
        status=Article.Status.DRAFT,
        published_at=None,
    )
    AuthorFactory(slug="idle")

    def listed(section):
        return sitemap_locations(client, reverse("sitemap-section", kwargs={"section": section}))

    assert listed("sections") == [absolute("/section/parks/")]
    assert listed("authors") == [absolute("/author/ana/")]
    assert listed("tags") == [absolute("/tag/trees/")]


def test_news_sitemap_lists_the_last_48_hours(client, now, unpublished_stories):
    fresh = ArticleFactory(headline="Market opens & grows", published_at=now - timedelta(hours=2))
    ArticleFactory(slug="day-before", published_at=now - timedelta(hours=47))
    ArticleFactory(slug="too-old", published_at=now - timedelta(hours=49))
    ArticleFactory(
        slug="partner-noindex",
        source=SourceFactory(indexing=Source.Indexing.NOINDEX),
        original_url="https://outlet.example/a",
    )

    response = client.get(reverse("news-sitemap"))
    root = ET.fromstring(response.content)
    urls = root.findall(f"{SITEMAP}url")

    assert response["Content-Type"].startswith("application/xml")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
        absolute(fresh.get_absolute_url()),
        absolute(reverse("articles:story", kwargs=_story_kwargs("day-before"))),
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Local Loop"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Market opens & grows"
    assert (
        news.findtext(f"{NEWS}publication_date")
        == timezone.localtime(fresh.published_at).isoformat()
    )
    body = response.content.decode()
    for hidden in [*unpublished_stories, "too-old", "partner-noindex"]:
        assert getattr(hidden, "slug", hidden) not in body


def _story_kwargs(slug: str) -> dict:
    story = Article.objects.get(slug=slug)
    day = timezone.localtime(story.published_at)
    return {"year": day.year, "month": day.month, "day": day.day, "slug": slug}


# robots.txt


def test_robots_txt_allows_all_but_private_paths_and_names_both_sitemaps(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert lines[0] == "User-agent: *"
    assert "Allow: /" in lines
    for prefix in ["/admin/", "/preview/", "/search/", "/comments/"]:
        assert f"Disallow: {prefix}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert client.head("/robots.txt").status_code == 200


# Structured data, Open Graph and Twitter cards


def test_story_page_has_news_article_json_ld(client, now):
    person = AuthorFactory(name="Ana Ruiz", slug="ana", email=STAFF_EMAIL)
    team = AuthorFactory(
        name="Editorial Staff", slug="staff", kind=Author.Kind.TEAM, email="staff@loop.example"
    )
    story = ArticleFactory(
        section=SectionFactory(name="Parks", slug="parks"),
        headline="New park opens",
        dek="Swings and a splash pad.",
        authors=[person, team],
        lead_image=jpeg_file(),
        lead_image_alt="x",
        modified_at=now - timedelta(minutes=3),
    )
    story.refresh_from_db()

    html = client.get(story.get_absolute_url()).content.decode()
    data = news_article(html)

    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "New park opens"
    assert data["description"] == "Swings and a splash pad."
    assert data["mainEntityOfPage"] == absolute(story.get_absolute_url())
    renditions = sorted(story.lead_image_renditions, key=lambda r: -r["width"])
    assert data["image"] == [absolute(default_storage.url(r["jpeg"])) for r in renditions]
    assert (
        data["datePublished"]
        == timezone.localtime(story.published_at).replace(microsecond=0).isoformat()
    )
    assert (
        data["dateModified"]
        == timezone.localtime(story.modified_at).replace(microsecond=0).isoformat()
    )
    assert re.search(r"[+-]\d\d:\d\d$", data["datePublished"])
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Ruiz", "url": absolute("/author/ana/")},
        {"@type": "Organization", "name": "Editorial Staff", "url": absolute("/author/staff/")},
    ]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "The Local Loop"
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": absolute(static("img/favicon.svg")),
    }
    assert "isBasedOn" not in data
    assert STAFF_EMAIL not in html and "staff@loop.example" not in html


def test_story_page_has_breadcrumbs_home_section_story(client):
    story = ArticleFactory(section=SectionFactory(name="Parks", slug="parks"), headline="Swings")
    html = client.get(story.get_absolute_url()).content.decode()

    crumbs = next(d for d in structured_data(html) if d["@type"] == "BreadcrumbList")

    assert [(c["position"], c["name"], c["item"]) for c in crumbs["itemListElement"]] == [
        (1, "The Local Loop", absolute("/")),
        (2, "Parks", absolute("/section/parks/")),
        (3, "Swings", absolute(story.get_absolute_url())),
    ]


def test_json_ld_dates_fall_back_to_publish_time_and_image_to_nothing(client):
    story = ArticleFactory(modified_at=None)
    data = news_article(client.get(story.get_absolute_url()).content.decode())
    assert data["dateModified"] == data["datePublished"]
    assert "image" not in data


def test_syndicated_story_names_the_original_in_is_based_on(client):
    source = SourceFactory(indexing=Source.Indexing.NOINDEX)
    syndicated = ArticleFactory(source=source, original_url="https://outlet.example/story?a=1&b=2")
    ours = ArticleFactory(source=source, original_url="")

    syndicated_data = news_article(client.get(syndicated.get_absolute_url()).content.decode())
    own_data = news_article(client.get(ours.get_absolute_url()).content.decode())

    assert syndicated_data["isBasedOn"] == "https://outlet.example/story?a=1&b=2"
    assert "isBasedOn" not in own_data


def test_json_ld_cannot_close_its_script_element(client):
    story = ArticleFactory(headline='Sign reads "</script><script>alert(1)</script>" & more')
    html = client.get(story.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html
    assert news_article(html)["headline"] == story.headline


def test_story_page_has_open_graph_and_twitter_card_tags(client):
    story = ArticleFactory(
        section=SectionFactory(name="Parks", slug="parks"),
        headline="New park opens",
        dek="Swings and a splash pad.",
        lead_image=jpeg_file(),
        lead_image_alt="Children on the new swings",
        tags=["parks", "kids"],
        authors=[AuthorFactory(slug="ana")],
    )
    story.refresh_from_db()
    largest = max(story.lead_image_renditions, key=lambda rendition: rendition["width"])

    meta = head_tags(client.get(story.get_absolute_url()).content.decode()).meta

    assert meta["og:type"] == ["article"]
    assert meta["og:title"] == ["New park opens"]
    assert meta["og:description"] == ["Swings and a splash pad."]
    assert meta["og:url"] == [absolute(story.get_absolute_url())]
    assert meta["og:site_name"] == ["The Local Loop"]
    assert meta["og:image"] == [absolute(default_storage.url(largest["jpeg"]))]
    assert meta["og:image:width"] == [str(largest["width"])]
    assert meta["og:image:height"] == [str(largest["height"])]
    assert meta["og:image:alt"] == ["Children on the new swings"]
    assert meta["article:published_time"] == [
        timezone.localtime(story.published_at).replace(microsecond=0).isoformat()
    ]
    assert meta["article:modified_time"] == meta["article:published_time"]
    assert meta["article:section"] == ["Parks"]
    assert sorted(meta["article:tag"]) == ["kids", "parks"]
    assert meta["article:author"] == [absolute("/author/ana/")]
    assert meta["twitter:card"] == ["summary_large_image"]


def test_story_without_image_gets_a_summary_card(client):
    story = ArticleFactory()
    meta = head_tags(client.get(story.get_absolute_url()).content.decode()).meta
    assert meta["twitter:card"] == ["summary"]
    assert "og:image" not in meta


def test_preview_carries_no_structured_data(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    client.force_login(get_user_model().objects.create_user("desk", is_staff=True))

    html = client.get(draft.get_preview_url()).content.decode()

    assert response_is_preview(html)
    assert structured_data(html) == []
    assert "og:title" not in html


def response_is_preview(html: str) -> bool:
    return '<meta name="robots" content="noindex, nofollow">' in html
