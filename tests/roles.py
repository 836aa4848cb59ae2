"""The desk's roles (Writers, Editors, Moderators) as the migrations make them, for tests
that run after a transactional test: those are undone by emptying every table, which
takes the migrations' groups with it (the permissions come back by themselves)."""

import importlib

from django.contrib.auth.models import Group, Permission

# Each migration's grants, as (group, app label, model, actions).
ROLE_MIGRATIONS = (
    "newsroom.migrations.0001_roles",
    "newsroom.migrations.0002_page_roles",
    "newsroom.migrations.0003_community_and_newsletter_roles",
)


def role_grants() -> list[tuple[str, str, str, list[str]]]:
    first, pages, community = (importlib.import_module(name) for name in ROLE_MIGRATIONS)
    grants = [
        (group, app_label, model, actions)
        for group, rows in first.ROLES.items()
        for app_label, model, actions in rows
    ]
    grants += [("Editors", "articles", model, actions) for model, actions in pages.GRANTS]
    grants += [
        (group, app_label, model, actions)
        for group, rows in community.GRANTS.items()
        for app_label, model, actions in rows
    ]
    return grants


def ensure_roles() -> None:
    """The roles' groups with their permissions, made again if a flush took them."""
    if Group.objects.filter(name__in=["Writers", "Editors", "Moderators"]).count() == 3:
        return
    for name, app_label, model, actions in role_grants():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
