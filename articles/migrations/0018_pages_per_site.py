"""Static pages belong to a town: every existing page, and every old address of one,
moves into the default site (one UPDATE each); an address is unique per town."""

import django.db.models.deletion
from django.db import migrations, models

import network.routing
from network.migration_steps import give_to_default_site

HELP_SITE = "The town whose site shows this page (in its footer and sitemap)."


def move_into_default_site(apps, schema_editor):
    # Every page is the default site's now, so every old address of one is too.
    give_to_default_site(apps, schema_editor, ("articles", "Page"), ("articles", "PageRedirect"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_sections_per_site"),
        ("network", "0002_default_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="site",
            field=models.ForeignKey(
                null=True,
                help_text=HELP_SITE,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="pages",
                to="network.site",
            ),
        ),
        migrations.AddField(
            model_name="pageredirect",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="network.site",
            ),
        ),
        migrations.RunPython(move_into_default_site, migrations.RunPython.noop, elidable=False),
        # The database only learns NOT NULL; the default is the model's (Python) default,
        # not one written into the table, so the migration never asks the live models.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="page",
                    name="site",
                    field=models.ForeignKey(
                        help_text=HELP_SITE,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pages",
                        to="network.site",
                    ),
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="page",
                    name="site",
                    field=models.ForeignKey(
                        default=network.routing.default_site_id,
                        help_text=HELP_SITE,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pages",
                        to="network.site",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="pageredirect",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="network.site",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="path",
            field=models.CharField(
                editable=False,
                help_text="Made from the parent's address and the slug.",
                max_length=300,
                verbose_name="address",
            ),
        ),
        migrations.AlterField(
            model_name="pageredirect",
            name="old_path",
            field=models.CharField(max_length=300),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                fields=("site", "path"), name="page_path_unique_per_site"
            ),
        ),
        migrations.AddConstraint(
            model_name="pageredirect",
            constraint=models.UniqueConstraint(
                fields=("site", "old_path"), name="page_redirect_unique_per_site"
            ),
        ),
    ]
