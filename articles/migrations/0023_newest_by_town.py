"""PostgreSQL: an index of each town's published stories by time, for a town's newest
stories (``ArticleQuerySet.newest_on_site()``): read newest first from here, with the few
shared to the town, instead of walking every town's newest stories. Other databases plan
the town's lists their own way and do not get it."""

from django.db import migrations

INDEX = "published_by_town"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} (site_id, status, published_at)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_search_by_site")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
