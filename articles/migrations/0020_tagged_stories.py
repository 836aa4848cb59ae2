"""Stories' tags move from taggit's generic ``TaggedItem`` to ``TaggedStory``, whose story
is a real foreign key: the table is made, every story's tagging is copied in one
``INSERT … SELECT`` and the generic rows for stories deleted, then the unique (tag, story)
index is built over the copied rows (faster than keeping it up to date row by row).

Taggings whose story no longer exists are not copied (nothing showed them). Reversing
copies the taggings back into taggit's table before the new one is dropped.
"""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


def story_type_id(apps, *, create: bool) -> int | None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    names = {"app_label": "articles", "model": "article"}
    if create:
        return ContentType.objects.get_or_create(**names)[0].pk
    return ContentType.objects.filter(**names).values_list("pk", flat=True).first()


def tables(apps, schema_editor) -> dict[str, str]:
    """The quoted table and column names the statements use, from the models."""
    quote = schema_editor.quote_name
    TaggedStory = apps.get_model("articles", "TaggedStory")
    return {
        "stories": quote(apps.get_model("articles", "Article")._meta.db_table),
        "generic": quote(apps.get_model("taggit", "TaggedItem")._meta.db_table),
        "tagged": quote(TaggedStory._meta.db_table),
        "story": quote(TaggedStory._meta.get_field("content_object").column),
    }


def copy_story_tags(apps, schema_editor) -> None:
    story_type = story_type_id(apps, create=False)
    if story_type is None:
        return  # a database that never had a story has no tagging to move
    names = tables(apps, schema_editor)
    schema_editor.execute(
        "INSERT INTO {tagged} ({story}, tag_id) SELECT object_id, tag_id FROM {generic} "
        "WHERE content_type_id = %s AND object_id IN (SELECT id FROM {stories})".format(**names),
        [story_type],
    )
    schema_editor.execute(
        "DELETE FROM {generic} WHERE content_type_id = %s".format(**names), [story_type]
    )
    if schema_editor.connection.vendor == "postgresql":
        # Statistics now rather than at autovacuum's next pass: until then the planner
        # would take the new table for empty.
        schema_editor.execute("ANALYZE {tagged}".format(**names))


def copy_story_tags_back(apps, schema_editor) -> None:
    story_type = story_type_id(apps, create=True)
    names = tables(apps, schema_editor)
    schema_editor.execute(
        "INSERT INTO {generic} (object_id, tag_id, content_type_id) "
        "SELECT {story}, tag_id, %s FROM {tagged}".format(**names),
        [story_type],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_sections_by_slug"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaggedStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="articles.article",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_stories",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={
                "verbose_name": "tagged story",
                "verbose_name_plural": "tagged stories",
            },
        ),
        migrations.RunPython(copy_story_tags, copy_story_tags_back),
        migrations.AddConstraint(
            model_name="taggedstory",
            constraint=models.UniqueConstraint(
                fields=("tag", "content_object"), name="one_tagging_per_story"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="articles.TaggedStory",
                to="taggit.Tag",
                verbose_name="Tags",
            ),
        ),
    ]
