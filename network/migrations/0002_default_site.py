"""The installation as it was becomes the network's default site, from its settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def make_default_site(apps, schema_editor):
    Site = apps.get_model("network", "Site")
    SiteHost = apps.get_model("network", "SiteHost")
    if Site.objects.filter(is_default=True).exists():
        return
    site = Site.objects.create(
        name=settings.SITE_NAME,
        slug="default",
        tagline=settings.SITE_TAGLINE,
        time_zone=settings.TIME_ZONE,
        base_url=settings.SITE_URL,
        is_default=True,
    )
    host = urlsplit(settings.SITE_URL).hostname
    if host:
        SiteHost.objects.get_or_create(host=host.lower(), defaults={"site": site})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(make_default_site, migrations.RunPython.noop)]
