"""Stories' tags move from taggit's generic tagged items to ``TaggedStory``: every tagging
of a few thousand stories, with one INSERT … SELECT, in seconds; and back again."""

import time
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, TaggedStory

BEFORE = [("articles", "0019_sections_by_slug")]
AFTER = [("articles", "0020_tagged_stories")]
STORIES = 3_000
TAGS = 30


def tag_stories_the_old_way(state: list) -> dict:
    """``STORIES`` stories with two generic taggings each, a tagged section (not a story)
    and a tagging of a story deleted long ago; what the test expects to find."""
    old = MigrationExecutor(connection).loader.project_state(state).apps
    import_module("network.migrations.0002_default_site").make_default_site(old, None)
    site = old.get_model("network", "Site").objects.get(is_default=True)
    section = old.get_model("articles", "Section").objects.create(
        name="News", slug="news", site_id=site.pk
    )
    Article = old.get_model("articles", "Article")
    now = timezone.now()
    stories = Article.objects.bulk_create(
        Article(
            headline=f"Story {n}",
            slug=f"story-{n}",
            section_id=section.pk,
            site_id=site.pk,
            status="published",
            published_at=now,
        )
        for n in range(STORIES)
    )
    Tag = old.get_model("taggit", "Tag")
    tags = Tag.objects.bulk_create(Tag(name=f"Topic {n}", slug=f"topic-{n}") for n in range(TAGS))
    ContentType = old.get_model("contenttypes", "ContentType")
    story_type = ContentType.objects.get_or_create(app_label="articles", model="article")[0]
    section_type = ContentType.objects.get_or_create(app_label="articles", model="section")[0]
    pairs = {(s.pk, tags[(n + k * 7) % TAGS].pk) for n, s in enumerate(stories) for k in (0, 1)}
    TaggedItem = old.get_model("taggit", "TaggedItem")
    TaggedItem.objects.bulk_create(
        [
            *(TaggedItem(content_type=story_type, object_id=s, tag_id=t) for s, t in pairs),
            TaggedItem(content_type=section_type, object_id=section.pk, tag_id=tags[0].pk),
            TaggedItem(content_type=story_type, object_id=stories[-1].pk + 1, tag_id=tags[0].pk),
        ],
        batch_size=2000,
    )
    return {"pairs": pairs, "section": (section_type.pk, section.pk)}


def story_taggings() -> set[tuple[int, int]]:
    return set(TaggedStory.objects.values_list("content_object_id", "tag_id"))


@pytest.mark.django_db(transaction=True)
def test_every_story_tagging_moves_to_tagged_stories_with_one_insert_in_seconds():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        made = tag_stories_the_old_way(BEFORE)
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            MigrationExecutor(connection).migrate(AFTER)
        seconds = time.monotonic() - started
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    print(f"\nmoved {len(made['pairs']):,} story taggings in {seconds:.2f} s")
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "articles_taggedst')]
    assert len(inserts) == 1
    assert len(made["pairs"]) == STORIES * 2
    assert story_taggings() == made["pairs"]
    # The stories' generic rows are gone, the orphan's with them; another model's stay.
    assert list(TaggedItem.objects.values_list("content_type_id", "object_id")) == [made["section"]]
    story = Article.objects.get(slug="story-7")
    assert sorted(story.tags.slugs()) == ["topic-14", "topic-7"]
    assert Article.objects.filter(tags__slug="topic-7").count() == 2 * STORIES // TAGS
    assert seconds < 10


@pytest.mark.django_db(transaction=True)
def test_reversing_the_migration_copies_the_taggings_back_to_taggit():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        made = tag_stories_the_old_way(BEFORE)
        MigrationExecutor(connection).migrate(AFTER)
        assert story_taggings() == made["pairs"]
        MigrationExecutor(connection).migrate(BEFORE)
        back = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        story_type = (
            back.get_model("contenttypes", "ContentType")
            .objects.get(app_label="articles", model="article")
            .pk
        )
        generic = back.get_model("taggit", "TaggedItem").objects.filter(content_type=story_type)
        copied_back = set(generic.values_list("object_id", "tag_id"))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert copied_back == made["pairs"]
