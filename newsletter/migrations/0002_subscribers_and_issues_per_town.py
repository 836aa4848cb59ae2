"""Subscribers and issues belong to a town; every existing one moves into the default site.

One UPDATE per table, not a loop. An address may then subscribe to several towns (one row
each), and each town has its own digest a day and its own alert per story.
"""

import django.db.models.deletion
from django.db import migrations, models

import network.routing
from network.migration_steps import give_to_default_site

HELP_SUBSCRIBER_SITE = "The town whose newsletter this is: the site they signed up on."
HELP_ISSUE_SITE = "The town whose subscribers get it, with its name and its links."


def move_into_default_site(apps, schema_editor):
    give_to_default_site(apps, schema_editor, ("newsletter", "Subscriber"), ("newsletter", "Issue"))


def site_field(*, null: bool, related_name: str, help_text: str) -> models.ForeignKey:
    return models.ForeignKey(
        null=null,
        default=None if null else network.routing.default_site_id,
        on_delete=django.db.models.deletion.PROTECT,
        related_name=related_name,
        to="network.site",
        verbose_name="town",
        help_text=help_text,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_list_indexes_cover_the_site"),
        ("network", "0002_default_site"),
        ("newsletter", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="site",
            field=site_field(null=True, related_name="subscribers", help_text=HELP_SUBSCRIBER_SITE),
        ),
        migrations.AddField(
            model_name="issue",
            name="site",
            field=site_field(
                null=True, related_name="newsletter_issues", help_text=HELP_ISSUE_SITE
            ),
        ),
        migrations.RunPython(move_into_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="site",
            field=site_field(
                null=False, related_name="subscribers", help_text=HELP_SUBSCRIBER_SITE
            ),
        ),
        migrations.AlterField(
            model_name="issue",
            name="site",
            field=site_field(
                null=False, related_name="newsletter_issues", help_text=HELP_ISSUE_SITE
            ),
        ),
        migrations.AlterModelOptions(
            name="subscriber",
            options={"ordering": ["email", "site"]},
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="email",
            field=models.EmailField(help_text="Stored in lower case.", max_length=254),
        ),
        migrations.AddConstraint(
            model_name="subscriber",
            constraint=models.UniqueConstraint(
                fields=("site", "email"), name="one_subscription_per_town"
            ),
        ),
        migrations.AlterField(
            model_name="issue",
            name="edition_date",
            field=models.DateField(
                blank=True, help_text="The day of a daily digest (the town's time).", null=True
            ),
        ),
        migrations.RemoveConstraint(model_name="issue", name="one_digest_per_day"),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "digest")),
                fields=("site", "edition_date"),
                name="one_digest_per_town_per_day",
            ),
        ),
        migrations.RemoveConstraint(model_name="issue", name="one_alert_per_story"),
        migrations.AddConstraint(
            model_name="issue",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "alert")),
                fields=("article", "site"),
                name="one_alert_per_story_per_town",
            ),
        ),
    ]
