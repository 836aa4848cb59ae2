from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .routing import default_site, site_for_host

SITELESS_PATHS = frozenset({"/healthz"})


class SiteMiddleware:
    """Put the site the request is for in ``request.site``, and print its times in the
    town's own time zone.

    ``get_host()`` refuses a host not in ALLOWED_HOSTS (400, as always). An allowed host
    that no site names is refused the same way once the network has several sites: which
    town it is for cannot be guessed, and guessing would show one town under another's
    name.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host = request.get_host()
        site = site_for_host(host)
        if site is None and request.path in SITELESS_PATHS:
            # A load balancer's health check asks by the server's own address.
            site = default_site()
        if site is None:
            raise DisallowedHost(f"No site in the network answers at {host!r}.")
        request.site = site
        with timezone.override(site.zone):
            return self.get_response(request)
