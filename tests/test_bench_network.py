"""`make bench-network`'s seeding and page reading, at a tiny scale on the test database,
so the tool cannot rot while the models change under it."""

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article, ReadCount, TaggedStory, TrendingStory
from comments.models import Comment
from network.models import Site, SiteHost
from network.routing import site_for_host
from tools import bench_network, network_pages, seed_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    return seed_network.seed(3, 5, say=lambda *args, **kwargs: None)


def test_seeding_makes_towns_that_look_alike_each_at_two_host_names(network):
    assert network["towns"] == 3 and network["stories"] == 15
    for number, site in enumerate(Site.objects.order_by("-is_default", "pk")):
        assert site.articles.count() == 5
        assert site_for_host(f"www.town-{number}.bench.example") == site
    assert SiteHost.objects.count() == 1 + 3 * 2  # the default site's own host, and two each


def test_seeding_shares_comments_tags_and_reads_so_every_page_has_something_to_show(network):
    town_0 = Site.objects.default()

    assert Article.objects.published().on_site(town_0).exclude(site=town_0).count() == 2
    assert TaggedStory.objects.count() == 15 * 2
    featured = Article.objects.order_by("-comment_count").first()
    assert featured.comment_count == Comment.objects.filter(article=featured).count() >= 50
    assert ReadCount.objects.count() == 15 * 48
    assert TrendingStory.objects.exists()


def test_every_page_the_benchmark_reads_answers_for_town_0(network):
    pages = network_pages.town_pages()

    measured = {name: network_pages.render_cold(path, renders=1) for name, path in pages.items()}

    assert set(measured) == {
        "home",
        "section",
        "story with comments",
        "tag",
        "author",
        "feed",
        "sitemap index",
        "sitemap page",
        "search",
    }
    assert all(page["queries"] >= 1 for page in measured.values())
    story = Client(HTTP_HOST="127.0.0.1").get(pages["story with comments"])
    assert b"Neighbour 0" in story.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN ANALYZE of PostgreSQL")
def test_the_slowest_queries_are_explained_and_ask_shared_stories_as_an_array(network):
    measured = network_pages.measure(renders=1, explain_top=20)

    assert len(measured["plans"]) == 20
    assert all(plan["plan"] and plan["ms"] is not None for plan in measured["plans"])
    # on_site() asks ANY(ARRAY(…)) itself now: no query is left for the bench to rewrite.
    assert any("= ANY(ARRAY(" in plan["sql"] for plan in measured["plans"])
    assert not any(plan["as_array"] for plan in measured["plans"])


def test_host_routing_is_timed_from_the_database_then_from_the_cached_map(network):
    routing = network_pages.host_routing(lookups=20)

    assert routing["sites"] == 3 and routing["hosts"] == 7
    assert routing["build_queries"] == 1
    assert routing["route_queries"] == 0


def test_the_one_town_database_is_named_after_the_network_one():
    url = "postgres://postgres@127.0.0.1:5432/bench_network"

    one = bench_network.database_named(url, bench_network.database_name(url) + "_one")

    assert one == "postgres://postgres@127.0.0.1:5432/bench_network_one"


def test_the_shared_stories_subquery_is_rewritten_as_an_array_for_the_plan_comparison():
    asked = (
        'SELECT COUNT(*) FROM "articles_article" WHERE ("articles_article"."site_id" = 1 OR '
        '"articles_article"."id" IN (SELECT U0."article_id" AS "article_id" FROM '
        '"articles_article_shared_to" U0 WHERE U0."site_id" = 1))'
    )

    rewritten = network_pages.shared_as_array(asked)

    assert '"articles_article"."id" = ANY(ARRAY(SELECT U0."article_id"' in rewritten
    assert " IN (" not in rewritten
    assert network_pages.shared_as_array('SELECT 1 FROM "articles_section"') is None
