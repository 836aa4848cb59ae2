"""An existing one-town installation moves into the network: every story into the default
site, with one UPDATE, in seconds for 10,000 stories."""

import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article
from network.models import Site

BEFORE = [("articles", "0013_published_list_indexes")]
AFTER = [("articles", "0014_site_and_sharing")]
WITH_SITES = [*BEFORE, ("network", "0002_default_site")]
STORIES = 10_000


@pytest.mark.django_db(transaction=True)
def test_10000_existing_stories_move_into_the_default_site_in_seconds():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        section = old.get_model("articles", "Section").objects.create(name="News", slug="news")
        now = timezone.now()
        old.get_model("articles", "Article").objects.bulk_create(
            old.get_model("articles", "Article")(
                headline=f"Story {n}",
                slug=f"story-{n}",
                section_id=section.pk,
                status="published",
                published_at=now,
            )
            for n in range(STORIES)
        )
        started = time.monotonic()
        MigrationExecutor(connection).migrate(AFTER)
        seconds = time.monotonic() - started
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    print(f"\nmoved {STORIES:,} stories into the default site in {seconds:.2f} s")
    default = Site.objects.default()
    assert Article.objects.filter(site=default).count() == STORIES
    assert seconds < 10


@pytest.mark.django_db(transaction=True)
def test_stories_move_into_a_default_site_made_from_the_settings_when_there_is_none():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = MigrationExecutor(connection).loader.project_state(WITH_SITES).apps
        old.get_model("network", "Site").objects.all().delete()
        section = old.get_model("articles", "Section").objects.create(name="News", slug="news")
        old.get_model("articles", "Article").objects.create(
            headline="One story", slug="one-story", section_id=section.pk
        )
        MigrationExecutor(connection).migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    from django.conf import settings

    default = Site.objects.default()
    assert default.name == settings.SITE_NAME
    assert Article.objects.get(slug="one-story").site == default
