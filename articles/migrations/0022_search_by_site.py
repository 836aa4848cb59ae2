"""Search per town, ranked from a stored document (PostgreSQL only).

Until now the weighted document (headline A, summary B, body C) was an expression index
(0007). Two costs grew with it. Ranking computed every matching story's document again,
body and all, to rank it (a common word in a town: 160 documents, 73 of the 84 ms of the
query). And a town's search found the word in every town of the network before keeping the
town's (among 200 towns: 20,000 index entries read for the town's 160).

The document is now a stored generated column, ``search_document``, which PostgreSQL keeps
up to date itself whenever a story's headline, summary or body changes, and the GIN index is
over (``site_id``, ``search_document``): btree_gin gives GIN an operator class for the
town's id, so ``site_id = X AND search_document @@ query`` is read from the index together,
and a search without a town uses the same index on its second column.

The model does not declare the column (``articles.search.StoredDocument`` names it): SQLite
has no full-text search of this kind and searches without it, and no other code writes or
reads it. Adding the column rewrites the table once, computing every story's document
(10,000 stories: a few seconds; the table is locked meanwhile). btree_gin is a trusted
extension (PostgreSQL 13 and later): the database's owner may create it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

DOCUMENT = """
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')::text), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
"""


def expression_index():
    """0007's index, for migrating back."""
    return GinIndex(
        SearchVector("headline", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english"),
        name="article_search_document",
    )


def store_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    table = schema_editor.quote_name(article._meta.db_table)
    schema_editor.remove_index(article, expression_index())
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
        f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        f"CREATE INDEX article_search_by_site ON {table} USING gin (site_id, search_document)"
    )


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    article = apps.get_model("articles", "Article")
    table = schema_editor.quote_name(article._meta.db_table)
    # Dropping the column drops its index; btree_gin stays, other indexes may use it by now.
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")
    schema_editor.add_index(article, expression_index())


def vacuum_stories(apps, schema_editor):
    """VACUUM ANALYZE after the rewrite, outside a transaction (VACUUM cannot run in one):
    the planner's statistics for the new column, and the visibility map the rewrite
    emptied, without which no list's count can be read from its index alone."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # nothing to set elsewhere; inside a test's transaction it cannot run
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(f"VACUUM ANALYZE {table}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0021_vacuum_tagged_stories")]

    operations = [
        migrations.RunPython(store_document, drop_document, atomic=True, elidable=False),
        migrations.RunPython(vacuum_stories, migrations.RunPython.noop),
    ]
