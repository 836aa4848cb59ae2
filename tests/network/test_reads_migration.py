"""Existing read rows move into the default site with one UPDATE, in seconds for a year of
hourly rows, and the Trending ranking is stored again by the next flush."""

import time
from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import ReadCount, TrendingStory
from articles.trending import flush_reads, trending_articles
from network.models import Site

BEFORE = [("articles", "0015_list_indexes_cover_the_site")]
AFTER = [("articles", "0016_reads_per_site")]
STORIES = 20
HOURS = 24 * 365 // 4  # a quarter of a year of hourly rows for each story: 43,800 rows


@pytest.mark.django_db(transaction=True)
def test_existing_reads_move_into_the_default_site_with_one_update():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        section = old.get_model("articles", "Section").objects.create(name="News", slug="news")
        # A test run before this one may have emptied the database, the default site too.
        import_module("network.migrations.0002_default_site").make_default_site(old, None)
        default = old.get_model("network", "Site").objects.get(is_default=True)
        Article = old.get_model("articles", "Article")
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        stories = Article.objects.bulk_create(
            Article(
                headline=f"Story {n}",
                slug=f"story-{n}",
                section_id=section.pk,
                site_id=default.pk,
                status="published",
                published_at=now - timedelta(days=1),
            )
            for n in range(STORIES)
        )
        old.get_model("articles", "ReadCount").objects.bulk_create(
            (
                old.get_model("articles", "ReadCount")(
                    article_id=story.pk, hour=now - timedelta(hours=age), count=n + 1
                )
                for n, story in enumerate(stories)
                for age in range(HOURS)
            ),
            batch_size=5000,
        )
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            MigrationExecutor(connection).migrate(AFTER)
        seconds = time.monotonic() - started
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    rows = STORIES * HOURS
    print(f"\nmoved {rows:,} read rows into the default site in {seconds:.2f} s")
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_readcount"')]
    assert len(updates) == 1
    default = Site.objects.default()
    assert ReadCount.objects.filter(site=default).count() == rows
    assert seconds < 20

    # The ranking is stored again by the next flush, from the rows as they now are.
    assert not TrendingStory.objects.exists()
    flush_reads()
    assert TrendingStory.objects.filter(site=default).count() == STORIES
    assert trending_articles(1, site=default)[0].headline == f"Story {STORIES - 1}"
