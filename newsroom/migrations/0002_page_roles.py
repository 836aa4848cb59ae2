"""Editors manage the static pages (About, Contact, the ethics policy …) and their old
addresses; Writers and Moderators do not."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = [
    ("page", ["add", "change", "delete", "view"]),
    ("pageredirect", ["view", "delete"]),
]


def grant_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for model, actions in GRANTS:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles",
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles", content_type__model__in=[m for m, _ in GRANTS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_roles"),
        ("articles", "0010_pages_and_unicode_slugs"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
