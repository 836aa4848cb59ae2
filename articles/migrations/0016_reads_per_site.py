"""Reads belong to the town they were made on, and each town has its own Trending.

Every existing read row moves into the default site with one UPDATE (no loop), so this
runs in seconds on a year of hourly rows. The stored ranking is remade rather than moved:
it is worked out again from the read rows by the first flush of reads (within a minute
of the next read, or by ``manage.py flush_views``).
"""

import django.db.models.deletion
from django.db import migrations, models

import network.routing
from network.migration_steps import give_to_default_site


def move_reads_into_default_site(apps, schema_editor):
    give_to_default_site(apps, schema_editor, ("articles", "ReadCount"))


def site_field(**extra) -> models.ForeignKey:
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="network.site",
        help_text="The town whose page the reads were made on.",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_list_indexes_cover_the_site"),
        ("network", "0002_default_site"),
    ]

    operations = [
        migrations.AddField(model_name="readcount", name="site", field=site_field(null=True)),
        migrations.RunPython(move_reads_into_default_site, migrations.RunPython.noop),
        # The database learns NOT NULL only; the default is the model's (Python) one.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(model_name="readcount", name="site", field=site_field()),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="readcount",
                    name="site",
                    field=site_field(default=network.routing.default_site_id),
                ),
            ],
        ),
        migrations.RemoveConstraint(model_name="readcount", name="one_read_count_per_hour"),
        migrations.AddConstraint(
            model_name="readcount",
            constraint=models.UniqueConstraint(
                fields=("article", "site", "hour"), name="one_read_count_per_site_and_hour"
            ),
        ),
        migrations.DeleteModel(name="TrendingStory"),
        migrations.CreateModel(
            name="TrendingStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "score",
                    models.FloatField(
                        help_text="Reads over the window, each hour weighted by decay."
                    ),
                ),
                (
                    "hour",
                    models.DateTimeField(
                        help_text="The hour the score was worked out for, in UTC."
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="trending",
                        to="articles.article",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="network.site",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "trending stories",
                "ordering": ["site", "-score"],
                "indexes": [
                    models.Index(fields=["site", "-score"], name="trending_by_site_and_score")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("site", "article"), name="one_place_per_site")
                ],
            },
        ),
    ]
