from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("comments", "comment", ["view", "change", "delete", "moderate"]),
    ("comments", "commentreport", ["view", "delete"]),
    ("comments", "moderationsettings", ["view"]),
]


def create_moderators_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, model, actions in MODERATOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_moderation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderators_group, migrations.RunPython.noop)]
