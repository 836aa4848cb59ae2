"""Editors run community news and the newsletter too: submissions and events, today's
digest, alerts, and subscribers (whom they can unsubscribe or erase, never add).
Writers and Moderators get nothing of either."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [
        ("community", "submission", ["view", "change", "delete"]),
        ("community", "event", ["add", "change", "delete", "view"]),
        ("newsletter", "issue", ["add", "change", "view"]),
        ("newsletter", "subscriber", ["view", "change", "delete"]),
        ("newsletter", "delivery", ["view"]),
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_page_roles"),
        ("community", "0001_initial"),
        ("newsletter", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
