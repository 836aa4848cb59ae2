"""Search per town: the GIN index of 0007 gains the story's town as its first column.

With the document alone, a town's search found the words in every town of the network (a
common word among 200 towns: 20,000 stories read, ranked and then thrown away for the town's
100). With ``site_id`` in the same GIN index (btree_gin gives GIN an operator class for it),
PostgreSQL serves ``site_id = X AND document @@ query`` from the index, and the stories shared
to the town come from the primary key: a BitmapOr of the two (``on_site()``). A search without
a town uses the same index on its second column.

The document is written out, as in 0007, and must stay the expression
``articles.search.search_document()`` builds. btree_gin is a trusted extension (PostgreSQL 13
and later): the database's owner can create it without being a superuser. Other databases
have no such index, and this migration does nothing there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import F


def document():
    return (
        SearchVector("headline", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def network_index():
    return GinIndex(document(), name="article_search_document")


def town_index():
    return GinIndex(F("site"), document(), name="article_search_by_site")


def swap(remove, add):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # Kept when migrating back: other indexes may have come to use it since.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        article = apps.get_model("articles", "Article")
        schema_editor.remove_index(article, remove())
        schema_editor.add_index(article, add())

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_vacuum_tagged_stories")]

    operations = [
        migrations.RunPython(
            swap(network_index, town_index), swap(town_index, network_index), elidable=False
        ),
    ]
