from django.conf import settings
from django.http import HttpRequest

from network.routing import site_of


def site(request: HttpRequest) -> dict[str, object]:
    """The town's name and tagline, and how long shared fragments are kept.

    Fragments are cached per town too (``current_site`` is in their keys): a sidebar or a
    section list cached for one town is never shown on another.
    """
    town = site_of(request)
    return {
        "current_site": town,
        "SITE_NAME": town.name,
        "SITE_TAGLINE": town.tagline,
        "FRAGMENT_CACHE_SECONDS": settings.FRAGMENT_CACHE_SECONDS,
    }
