"""Stories belong to a home site and can be shared to others.

Every existing story (and every saved revision) moves into the default site with one
UPDATE each, not a loop, so this runs in seconds on tens of thousands of stories.
"""

import django.db.models.deletion
from django.db import migrations, models

import network.routing
from network.migration_steps import give_to_default_site

HELP_SITE = (
    "The town this story belongs to: its comments live there, and other towns it is shared "
    "to point search engines there."
)


def move_into_default_site(apps, schema_editor):
    give_to_default_site(
        apps, schema_editor, ("articles", "Article"), ("articles", "HistoricalArticle")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_published_list_indexes"),
        ("network", "0002_default_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="shared_to",
            field=models.ManyToManyField(
                blank=True,
                help_text="Other towns whose lists, feeds, search and sitemaps show this "
                "story, marked “Originally published by” its home site.",
                related_name="shared_articles",
                to="network.site",
                verbose_name="also shown on",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="network.site",
                verbose_name="home site",
                help_text=HELP_SITE,
            ),
        ),
        # A revision's column gets no database default either (see the last step).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="historicalarticle",
                    name="site",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text=HELP_SITE,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="network.site",
                        verbose_name="home site",
                    ),
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="historicalarticle",
                    name="site",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        default=network.routing.default_site_id,
                        help_text=HELP_SITE,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="network.site",
                        verbose_name="home site",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_into_default_site, migrations.RunPython.noop),
        # The database only learns NOT NULL; the default is the model's (Python) default,
        # not one written into the table, so the migration never asks the live models.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="network.site",
                        verbose_name="home site",
                        help_text=HELP_SITE,
                    ),
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="site",
                    field=models.ForeignKey(
                        default=network.routing.default_site_id,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="articles",
                        to="network.site",
                        verbose_name="home site",
                        help_text=HELP_SITE,
                    ),
                ),
            ],
        ),
    ]
