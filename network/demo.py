"""The demo network: the installation's own town at 127.0.0.1 and a second town at
localhost, so that both show on a laptop without any DNS. Each is made once."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from .models import Site, SiteHost
from .routing import ensure_default_site

SECOND_TOWN = {
    "slug": "riverside",
    "name": "The Riverside Loop",
    "tagline": "News from along the river, close to home.",
}
FIRST_TOWN_HOST = "127.0.0.1"
SECOND_TOWN_HOST = "localhost"


def address_at(host: str) -> str:
    """SITE_URL's scheme and port on another host name (http://localhost:8000)."""
    parts = urlsplit(settings.SITE_URL)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


@transaction.atomic
def load() -> dict[str, int]:
    created = {"towns": 0}
    first = ensure_default_site()
    if not SiteHost.objects.filter(host=FIRST_TOWN_HOST).exists():
        SiteHost.objects.create(site=first, host=FIRST_TOWN_HOST)
    second = Site.objects.filter(slug=SECOND_TOWN["slug"]).first()
    if second is None:
        second = Site.objects.create(
            **SECOND_TOWN,
            time_zone=settings.TIME_ZONE,
            base_url=address_at(SECOND_TOWN_HOST),
        )
        created["towns"] += 1
    if not SiteHost.objects.filter(host=SECOND_TOWN_HOST).exists():
        SiteHost.objects.create(site=second, host=SECOND_TOWN_HOST)
    return created
