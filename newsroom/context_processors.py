from django.conf import settings
from django.http import HttpRequest

from .page_cache import site_version


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name and tagline, and the version that keys its cached fragments."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "SITE_VERSION": getattr(request, "site_version", None) or site_version(),
        "FRAGMENT_CACHE_SECONDS": settings.FRAGMENT_CACHE_SECONDS,
    }
