"""A town's pages make the same number of queries in a network of 2 towns as of 20, each
town with a Trending of its own."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Page, Section, TrendingStory
from articles.trending import record_read, refresh_trending
from network.models import Site, SiteHost
from tests.factories import ArticleFactory, AuthorFactory, PageFactory, SectionFactory

pytestmark = pytest.mark.django_db

HOST = "town-0.example"


def build_network(towns: int) -> dict[str, str]:
    """`towns` towns with 3 stories each, every town's first story shared to town 0; each
    town with its own sections and footer pages."""
    author = AuthorFactory(slug="desk")
    sites = [Site.objects.default()]
    for n in range(1, towns):
        sites.append(
            Site.objects.create(
                name=f"Town {n}", slug=f"town-{n}", base_url=f"https://t{n}.example"
            )
        )
    SiteHost.objects.create(site=sites[0], host=HOST)
    for n, site in enumerate(sites):
        section = SectionFactory(site=site, name="Community", slug="community")
        SectionFactory(site=site, name=f"Town {n} news", slug="news")
        for slug in ("about", "contact"):
            PageFactory(site=site, slug=slug, show_in_footer=True)
        stories = [
            ArticleFactory(site=site, section=section, authors=[author], tags=["fair"])
            for _ in range(3)
        ]
        if n:
            stories[0].shared_to.add(sites[0])
        # Each town's readers read its stories (and town 0's the shared ones): every
        # town has a Trending of its own, stored by one ranking of all towns.
        for amount, story in enumerate(stories, start=1):
            record_read(article_id=story.pk, site_id=site.pk, amount=amount, refresh=False)
            if n:
                record_read(article_id=story.pk, site_id=sites[0].pk, refresh=False)
    refresh_trending()
    own = ArticleFactory(
        site=sites[0],
        section=sites[0].sections.get(slug="community"),
        authors=[author],
        tags=["fair"],
    )
    return {
        "home": "/",
        "section": "/section/community/",
        "tag": "/tag/fair/",
        "author": "/author/desk/",
        "search": "/search/?q=story",
        "feed": "/feed/",
        "sitemap": "/sitemap-stories.xml",
        "sections sitemap": "/sitemap-sections.xml",
        "sitemap index": "/sitemap.xml",
        "authors sitemap": "/sitemap-authors.xml",
        "tags sitemap": "/sitemap-tags.xml",
        "pages sitemap": "/sitemap-pages.xml",
        "page": "/about/",
        "story": own.get_absolute_url(),
        "shared story": stories[0].get_absolute_url() if towns > 1 else own.get_absolute_url(),
    }


def cold_counts(pages: dict[str, str]) -> dict[str, int]:
    client = Client(HTTP_HOST=HOST)
    counts = {}
    for page, url in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = len(queries)
    return counts


def test_pages_make_the_same_number_of_queries_with_2_or_20_towns(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    two = cold_counts(build_network(2))
    Article.objects.all().delete()
    Author.objects.all().delete()
    Page.objects.all().delete()
    Section.objects.all().delete()
    Site.objects.filter(is_default=False).delete()
    SiteHost.objects.filter(host=HOST).delete()
    twenty = cold_counts(build_network(20))

    print(f"\nSQL queries, 2 towns: {two}\nSQL queries, 20 towns: {twenty}")
    assert TrendingStory.objects.values("site").distinct().count() == 20
    assert two == twenty
    # Cold: with every cache empty, the host map and the next scheduled story included.
    assert max(twenty.values()) <= 14
