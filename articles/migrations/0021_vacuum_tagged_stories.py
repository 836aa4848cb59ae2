"""After the copy of 0020, PostgreSQL's VACUUM ANALYZE of both tagging tables, outside a
transaction (VACUUM cannot run in one): until the new table's visibility map is set, a tag
page's (tag, story) index cannot be read without the table (among 200 towns: its count
7.0 ms before VACUUM, 2.4 ms after), and autovacuum may not come by for a while."""

from django.db import migrations


def vacuum_taggings(apps, schema_editor) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # nothing to set elsewhere; inside a test's transaction it cannot run
    quote = schema_editor.quote_name
    for model in (
        apps.get_model("articles", "TaggedStory"),
        apps.get_model("taggit", "TaggedItem"),
    ):
        schema_editor.execute(f"VACUUM ANALYZE {quote(model._meta.db_table)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0020_tagged_stories")]

    operations = [migrations.RunPython(vacuum_taggings, migrations.RunPython.noop)]
