"""Submissions belong to the town they were sent on; every existing one moves into the
default site (one UPDATE)."""

import django.db.models.deletion
from django.db import migrations, models

import network.routing
from network.migration_steps import give_to_default_site

HELP_SITE = "The town it was sent on: its story belongs there."


def move_into_default_site(apps, schema_editor):
    give_to_default_site(apps, schema_editor, ("community", "Submission"))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0001_initial"),
        ("network", "0002_default_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="community_submissions",
                to="network.site",
                verbose_name="town",
                help_text=HELP_SITE,
            ),
        ),
        migrations.RunPython(move_into_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="submission",
            name="site",
            field=models.ForeignKey(
                default=network.routing.default_site_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="community_submissions",
                to="network.site",
                verbose_name="town",
                help_text=HELP_SITE,
            ),
        ),
    ]
