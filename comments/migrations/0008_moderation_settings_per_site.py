"""Moderation settings per town: the one row there was (pk=1) becomes the default site's;
other towns get theirs, with the defaults, when first asked for."""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

import network.routing

HELP_SITE = "The town whose comments these rules judge."


def give_the_row_to_the_default_site(apps, schema_editor):
    Site = apps.get_model("network", "Site")
    if not Site.objects.filter(is_default=True).exists():
        import_module("network.migrations.0002_default_site").make_default_site(
            apps, schema_editor
        )
    default = Site.objects.get(is_default=True)
    apps.get_model("comments", "ModerationSettings").objects.filter(site__isnull=True).update(
        site_id=default.pk
    )


def keep_the_default_sites_row(apps, schema_editor):
    """Back to one row: the default site's, at pk 1 as the old model expects."""
    settings = apps.get_model("comments", "ModerationSettings")
    default = settings.objects.filter(site__is_default=True).first()
    settings.objects.exclude(pk=getattr(default, "pk", None)).delete()
    if default is not None and default.pk != 1:
        settings.objects.filter(pk=default.pk).update(id=1)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_report_addresses"),
        ("network", "0002_default_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationsettings",
            name="site",
            field=models.OneToOneField(
                null=True,
                help_text=HELP_SITE,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="moderation_settings",
                to="network.site",
            ),
        ),
        migrations.RunPython(give_the_row_to_the_default_site, keep_the_default_sites_row),
        # The database only learns NOT NULL; the default is the model's (Python) default,
        # not one written into the table, so the migration never asks the live models.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="moderationsettings",
                    name="site",
                    field=models.OneToOneField(
                        help_text=HELP_SITE,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="moderation_settings",
                        to="network.site",
                    ),
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="moderationsettings",
                    name="site",
                    field=models.OneToOneField(
                        default=network.routing.default_site_id,
                        help_text=HELP_SITE,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="moderation_settings",
                        to="network.site",
                    ),
                ),
            ],
        ),
        migrations.AlterModelOptions(
            name="moderationsettings",
            options={
                "ordering": ["site__name", "site"],
                "verbose_name": "moderation settings",
                "verbose_name_plural": "moderation settings",
            },
        ),
    ]
