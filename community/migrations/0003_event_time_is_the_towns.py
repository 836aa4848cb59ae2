"""An event's time is its town's local time; the help text no longer names the
installation's TIME_ZONE (which also made the first migration depend on the setting)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0002_submissions_per_town'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='start_time',
            field=models.TimeField(blank=True, help_text="The town's local time (its story's town). Leave empty for an all-day event.", null=True),
        ),
    ]
