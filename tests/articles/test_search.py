import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import (
    SEARCH_INDEX,
    clean_query,
    highlight,
    marks_to_html,
    search_articles,
)
from network.models import Site
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search with ranking needs PostgreSQL; SQLite uses the simple fallback",
)

SEARCH_URL = reverse("articles:search")


def search(client, query, **params):
    response = client.get(SEARCH_URL, {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def headlines(html: str) -> list[str]:
    """The headlines of the results, in order, without their highlighting."""
    found = re.findall(r'<h2 class="teaser-headline"><a [^>]*>(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", headline) for headline in found]


def test_finds_a_story_by_a_word_of_its_headline_summary_or_body(client):
    ArticleFactory(headline="Library extends its weekend hours")
    ArticleFactory(headline="Bakery opens", dek="The library's neighbour sells bread.")
    ArticleFactory(headline="Budget passes", body="<p>Money for the <em>library</em> roof.</p>")
    ArticleFactory(headline="Parade route announced", body="<p>Floats and bands.</p>")

    found = headlines(search(client, "library"))

    assert sorted(found) == ["Bakery opens", "Budget passes", "Library extends its weekend hours"]


def test_every_word_of_the_query_must_match(client):
    ArticleFactory(headline="Library roof repaired")
    ArticleFactory(headline="Library hours extended")

    assert headlines(search(client, "library roof")) == ["Library roof repaired"]


def test_only_published_stories_are_found(client):
    ArticleFactory(headline="Harbour festival returns")
    ArticleFactory(
        headline="Harbour festival draft", status=Article.Status.DRAFT, published_at=None
    )
    ArticleFactory(
        headline="Harbour festival scheduled", published_at=timezone.now() + timedelta(days=1)
    )
    ArticleFactory(headline="Harbour festival withdrawn", status=Article.Status.UNPUBLISHED)

    assert headlines(search(client, "harbour festival")) == ["Harbour festival returns"]
    assert [story.headline for story in search_articles("harbour")] == ["Harbour festival returns"]


# The page cache keys pages by their full address, and Django warns (an error in tests)
# about keys longer than memcached accepts; the search itself copes with any length.


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces"),
        pytest.param("library " * 25, id="200 characters"),
        pytest.param("x" * 5000, id="very long"),
        pytest.param("!!!", id="bangs"),
        pytest.param("'\"<>", id="quotes and brackets"),
        pytest.param("Привет", id="cyrillic"),
        pytest.param("東京", id="cjk"),
        pytest.param("a\x00b", id="nul"),
        pytest.param("-", id="minus"),
        pytest.param('"', id="lone quote"),
        pytest.param("OR", id="operator"),
        pytest.param("the", id="stop word"),
        pytest.param("café naïve résumé", id="accents"),
    ],
)
def test_any_query_gets_a_page(client, query):
    ArticleFactory(headline="Council meets on Tuesday")

    search(client, query)


def test_an_empty_query_asks_for_a_word_without_searching(client):
    ArticleFactory(headline="Council meets on Tuesday")

    with CaptureQueriesContext(connection) as queries:
        html = search(client, "   ")

    assert "Type a word to search." in html
    assert "teaser-headline" not in html
    assert not [q for q in queries if "LIKE" in q["sql"] or "@@" in q["sql"]]


def test_a_query_without_matches_says_so(client):
    ArticleFactory(headline="Council meets on Tuesday")

    html = search(client, "zeppelin")

    assert "No stories match “zeppelin”." in html


def test_stories_in_other_scripts_are_found(client):
    ArticleFactory(headline="Привет соседям", dek="A greeting from the new Russian bakery.")
    ArticleFactory(headline="Tourists from 東京 visit the farmers market")

    assert headlines(search(client, "Привет")) == ["Привет соседям"]
    assert headlines(search(client, "東京")) == ["Tourists from 東京 visit the farmers market"]


def test_a_long_query_is_cut_to_200_characters():
    assert clean_query("  library  " + "x" * 500) == ("library " + "x" * 500)[:200]
    assert clean_query("tab\there\x00and\nthere") == "tab here and there"


def test_the_query_is_shown_escaped(client):
    html = search(client, "'\"<b>bold</b>")

    assert "<b>bold</b>" not in html
    assert "“&#x27;&quot;&lt;b&gt;bold&lt;/b&gt;”" in html
    assert 'value="&#x27;&quot;&lt;b&gt;bold&lt;/b&gt;"' in html


def test_search_pages_are_kept_out_of_search_engines(client):
    assert '<meta name="robots" content="noindex">' in search(client, "")
    ArticleFactory(headline="Council meets on Tuesday")
    assert '<meta name="robots" content="noindex">' in search(client, "council")


def test_every_page_has_the_search_form_in_the_masthead(client):
    html = client.get(reverse("articles:home")).content.decode()

    masthead = re.search(r'<header class="masthead">.*?</header>', html, re.S).group()
    assert re.search(r'<form [^>]*role="search"[^>]*action="/search/"', masthead)
    assert '<label class="visually-hidden" for="site-search-q">Search stories</label>' in masthead
    assert re.search(r'<input type="search" id="site-search-q" name="q"', masthead)


def test_results_come_ten_to_a_page_and_the_pages_keep_the_query(client):
    for n in range(12):
        ArticleFactory(
            headline=f"City council vote {n}",
            published_at=timezone.now() - timedelta(hours=n + 1),
        )

    first = search(client, "city council")
    second = search(client, "city council", page=2)

    assert len(headlines(first)) == 10
    assert "12 stories found; page 1 of 2." in first
    assert 'href="/search/?q=city%20council&amp;page=2"' in first
    assert len(headlines(second)) == 2
    assert 'href="/search/?q=city%20council&amp;page=1"' in second
    assert '<ol class="search-results" start="11">' in second
    assert set(headlines(first)).isdisjoint(headlines(second))


def test_highlighting_marks_the_matched_words_and_escapes_everything_else(client):
    ArticleFactory(
        headline="Residents ask what <script> tags do at the library",
        dek="Parents & <i>teachers</i> ask the library board.",
        body="<p>Fish &amp; chips at the <strong>library</strong> fundraiser.</p>",
    )

    html = search(client, "library")

    assert "<script> tags" not in html and "<i>teachers" not in html
    assert "Residents ask what &lt;script&gt; tags do at the <mark>library</mark>" in html
    assert "Parents &amp; &lt;i&gt;teachers&lt;/i&gt; ask the <mark>library</mark> board." in html
    assert "Fish &amp; chips at the <mark>library</mark> fundraiser" in html
    assert html.count("<mark>") == html.count("</mark>") == 3


def test_highlight_escapes_text_and_marks_each_word_in_any_case():
    marked = highlight("<b>Bold</b> & BOLD bolder", ["bold"])

    assert marked == (
        "&lt;b&gt;<mark>Bold</mark>&lt;/b&gt; &amp; <mark>BOLD</mark> <mark>bold</mark>er"
    )
    assert highlight("<i>no words</i>", []) == "&lt;i&gt;no words&lt;/i&gt;"


def test_marks_from_the_database_become_balanced_mark_tags_only():
    assert marks_to_html("a \ue000b\ue001 &lt;i&gt; <mark>") == (
        "a <mark>b</mark> &lt;i&gt; &lt;mark&gt;"
    )
    assert marks_to_html("\ue001 stray \ue000open") == "stray <mark>open</mark>"


def count_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_page_of_results_makes_the_same_number_of_queries_for_3_or_30_results(client):
    authors = [AuthorFactory(), AuthorFactory()]
    url = f"{SEARCH_URL}?q=parking"
    for n in range(3):
        ArticleFactory(headline=f"Parking rules {n}", authors=authors, tags=["parking"])
    few = count_queries(client, url)
    for n in range(27):
        ArticleFactory(headline=f"More parking rules {n}", authors=authors, tags=["parking"])
    many = count_queries(client, url)

    assert few == many
    # With the cache empty, routing reads the host map once, and the page cache asks
    # when the next scheduled story goes public.
    assert many <= 12


@needs_postgresql
def test_a_headline_match_outranks_a_body_match():
    ArticleFactory(
        headline="Pothole season arrives",
        published_at=timezone.now() - timedelta(days=2),
    )
    ArticleFactory(
        headline="Road crews busy",
        body="<p>Crews filled a pothole on Main Street.</p>",
        published_at=timezone.now() - timedelta(hours=1),
    )

    assert [story.headline for story in search_articles("pothole")] == [
        "Pothole season arrives",
        "Road crews busy",
    ]


@needs_postgresql
def test_words_are_found_by_their_stem(client):
    ArticleFactory(headline="Zoning meeting set for Monday")

    html = search(client, "meetings")

    assert headlines(html) == ["Zoning meeting set for Monday"]
    assert "Zoning <mark>meeting</mark> set for Monday" in html


@needs_postgresql
def test_websearch_syntax_excludes_words_and_matches_phrases():
    ArticleFactory(headline="City council approves parking plan")
    ArticleFactory(headline="Council of churches meets in the city")

    assert [s.headline for s in search_articles('"city council"')] == [
        "City council approves parking plan"
    ]
    assert [s.headline for s in search_articles("council -parking")] == [
        "Council of churches meets in the city"
    ]


@needs_postgresql
def test_search_uses_the_gin_index():
    # A newsroom's worth of published stories, one of them about a meeting, so that the
    # planner's statistics look like a real site's (every story is published; few match:
    # with a few hundred, reading them all and testing each stored document is cheaper).
    section = SectionFactory()
    Article.objects.bulk_create(
        Article(
            headline=f"Road works, part {n}",
            slug=f"road-works-{n}",
            body="<p>Lanes close overnight.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(3000)
    )
    ArticleFactory(headline="Zoning meeting set for Monday")

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        # What autovacuum does on a real site: the new entries join the index proper.
        cursor.execute(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass)")
        # On a table this small, reading every story is cheap enough to be chosen.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = search_articles("meeting").explain()

    assert SEARCH_INDEX in plan, plan


@needs_postgresql
def test_a_towns_search_reads_its_town_from_the_search_index():
    # Many towns, the word in a few stories of each: the town's matches must come from the
    # index (town and words together), not from every town's matches filtered afterwards,
    # nor from the town's every story (with a hundred or two, that is the cheaper plan).
    home = Site.objects.default()
    towns = [Site.objects.create(name=f"Town {n}", slug=f"town-{n}") for n in range(20)]
    stories = []
    for town in [home, *towns]:
        section = SectionFactory(site=town, slug="news", name="News")
        stories += [
            Article(
                site=town,
                headline=f"Library hours change, part {n}" if n < 3 else f"Road works, part {n}",
                slug=f"story-{town.pk}-{n}",
                body="<p>The library opens later.</p>" if n < 3 else "<p>Lanes close.</p>",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=n + 1),
            )
            for n in range(1500 if town == home else 100)
        ]
    Article.objects.bulk_create(stories)
    shared = ArticleFactory(site=towns[0], headline="Library board elected")
    shared.shared_to.add(home)

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        cursor.execute(f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass)")
    results = search_articles("library", site=home)
    plan = results.explain()

    # Ranked from the stored document: no story's document is computed again.
    assert "to_tsvector" not in plan, plan
    assert SEARCH_INDEX in plan, plan
    index_scan = plan[plan.index(SEARCH_INDEX) :].split("->")[0]
    assert "site_id" in index_scan and "@@" in index_scan, plan
    assert results.count() == 4
    assert shared in results
