"""The GIN index behind reader search on PostgreSQL (articles/search.py).

PostgreSQL uses an expression index only for a query with the very same expression, so
the weighted document below is the one ``articles.search.search_document()`` builds. It is
written out here rather than imported, so that this migration keeps meaning what it meant;
a test (tests/articles/test_search.py) checks that searches use the index. Other databases
have no full-text search of this kind, and this migration does nothing there.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_document"


def search_index():
    return GinIndex(
        SearchVector("headline", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english"),
        name=INDEX_NAME,
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_image_validators"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
