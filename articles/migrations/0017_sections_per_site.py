"""Sections belong to a town: every existing section moves into the default site (one
UPDATE), and a slug or name is unique per town instead of across the network."""

import django.db.models.deletion
from django.db import migrations, models

import network.routing
from network.migration_steps import give_to_default_site

HELP_SITE = "The town whose navigation lists this section. Its stories belong to that town too."
HELP_SLUG = (
    "The section's address: “news” makes /section/news/. Towns may use the same slug; a "
    "story shared to another town shows in that town's section of the same slug, if it "
    "has one."
)


def move_into_default_site(apps, schema_editor):
    give_to_default_site(apps, schema_editor, ("articles", "Section"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_reads_per_site"),
        ("network", "0002_default_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="site",
            field=models.ForeignKey(
                null=True,
                help_text=HELP_SITE,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sections",
                to="network.site",
            ),
        ),
        migrations.RunPython(move_into_default_site, migrations.RunPython.noop, elidable=False),
        # The database only learns NOT NULL; the default is the model's (Python) default,
        # not one written into the table, so the migration never asks the live models.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="section",
                    name="site",
                    field=models.ForeignKey(
                        help_text=HELP_SITE,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sections",
                        to="network.site",
                    ),
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="section",
                    name="site",
                    field=models.ForeignKey(
                        default=network.routing.default_site_id,
                        help_text=HELP_SITE,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sections",
                        to="network.site",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="section",
            name="name",
            field=models.CharField(max_length=80),
        ),
        migrations.AlterField(
            model_name="section",
            name="slug",
            field=models.SlugField(allow_unicode=True, help_text=HELP_SLUG, max_length=80),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                fields=("site", "slug"), name="section_slug_unique_per_site"
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                fields=("site", "name"), name="section_name_unique_per_site"
            ),
        ),
    ]
