"""Steps the apps' migrations share when their rows come to belong to a town.

Migrations call these with their historical models (``apps``), so the steps never see
today's models. Change them only in ways every migration that calls them still wants.
"""

from importlib import import_module


def default_site_id(apps, schema_editor) -> int:
    """The default site's id. Network migration 0002 made the site, unless it was deleted
    since (a flushed database): then it is made again."""
    Site = apps.get_model("network", "Site")
    if not Site.objects.filter(is_default=True).exists():
        import_module("network.migrations.0002_default_site").make_default_site(apps, schema_editor)
    return Site.objects.get(is_default=True).pk


def give_to_default_site(apps, schema_editor, *models: tuple[str, str]) -> None:
    """Every row of these models (app label, model name) without a site becomes the
    default site's: one UPDATE each, quick on big tables."""
    site_id = default_site_id(apps, schema_editor)
    for app_label, model_name in models:
        apps.get_model(app_label, model_name).objects.filter(site__isnull=True).update(
            site_id=site_id
        )
