"""The newsroom's roles: Writers, Editors and Moderators, with their permissions.

The roles span the apps (stories, comments, tags), so the project that wires the apps
together creates them. Earlier installations made these groups in two migrations of the
apps themselves; this one finds the groups by name and only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STORY_MODELS = ["article", "byline", "section", "author", "source", "correction"]
ROLES = {
    # Writers draft stories; the admin lets them change only their own drafts.
    "Writers": [
        ("articles", "article", ["add", "change", "view"]),
        ("articles", "byline", ["add", "change", "delete", "view"]),
        ("articles", "section", ["view"]),
        ("articles", "author", ["view"]),
        ("articles", "source", ["view"]),
        ("articles", "historicalarticle", ["view"]),
        ("taggit", "tag", ["view"]),
    ],
    # Editors run the desk: every story, the newsroom's lists, publishing, and comments.
    "Editors": [
        *[("articles", model, ["add", "change", "delete", "view"]) for model in STORY_MODELS],
        ("articles", "article", ["publish"]),
        ("articles", "articleredirect", ["view", "delete"]),
        ("articles", "historicalarticle", ["view"]),
        ("taggit", "tag", ["add", "change", "delete", "view"]),
        ("comments", "comment", ["view", "change", "delete"]),
        ("comments", "commentreport", ["view", "delete"]),
        ("comments", "moderationsettings", ["view", "change"]),
        ("comments", "commenteremail", ["view"]),
    ],
    # Moderators handle comments and nothing else.
    "Moderators": [
        ("comments", "comment", ["view", "change", "delete"]),
        ("comments", "commentreport", ["view", "delete"]),
        ("comments", "moderationsettings", ["view"]),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )
    # Granted by the old migrations, checked by nothing: gone, so nobody relies on it.
    Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_imports"),
        ("comments", "0005_drop_unused_moderate_permission"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
