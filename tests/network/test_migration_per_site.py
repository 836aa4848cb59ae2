"""An existing installation's sections, pages (with their old addresses) and moderation
settings move into the default site."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Page, PageRedirect, Section
from comments.models import ModerationSettings
from network.models import Site
from network.routing import ensure_default_site

BEFORE = [("articles", "0015_list_indexes_cover_the_site"), ("comments", "0007_report_addresses")]
AFTER = [("articles", "0018_pages_per_site"), ("comments", "0008_moderation_settings_per_site")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def old_models():
    return MigrationExecutor(connection).loader.project_state(BEFORE).apps


@pytest.mark.django_db(transaction=True)
def test_sections_pages_and_moderation_settings_move_into_the_default_site():
    migrate(BEFORE)
    try:
        old = old_models()
        old.get_model("articles", "Section").objects.create(name="News", slug="news")
        page_model = old.get_model("articles", "Page")
        about = page_model.objects.create(title="About", slug="about", path="/about/")
        old.get_model("articles", "PageRedirect").objects.create(old_path="/about-us/", page=about)
        old.get_model("comments", "ModerationSettings").objects.create(
            pk=1, disallowed_words="casino"
        )
        migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    default = Site.objects.default()
    assert Section.objects.get(slug="news").site == default
    assert Page.objects.get(path="/about/").site == default
    assert PageRedirect.objects.get(old_path="/about-us/").site == default
    assert ModerationSettings.objects.get().site == default
    assert ModerationSettings.load().disallowed_words == "casino"


@pytest.mark.django_db(transaction=True)
def test_moderation_settings_go_back_to_one_row_when_the_migration_is_reversed():
    other = Site.objects.create(name="Other", slug="other", base_url="https://other.example")
    ModerationSettings.objects.for_site(other)
    ModerationSettings.objects.for_site(ensure_default_site())
    try:
        migrate([("comments", "0007_report_addresses")])
        old = old_models().get_model("comments", "ModerationSettings")
        assert list(old.objects.values_list("pk", flat=True)) == [1]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        other.delete()
