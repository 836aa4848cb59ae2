import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from comments.own_comments import has_own_cookies

from .views import service_unavailable

logger = logging.getLogger(__name__)

PUBLIC_CACHE = {"public": True, "max_age": 60, "stale_while_revalidate": 300}


class CacheControlMiddleware:
    """Say who may keep a copy of each page.

    A page an anonymous reader gets is the same for every anonymous reader, so a CDN or
    the browser may keep it for a minute. Staff, and readers whose page shows their own
    held comment or saved details, get a page that nobody else may be served.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in {"GET", "HEAD"} or response.has_header("Cache-Control"):
            return response
        if has_own_cookies(request) or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code == 200:
            patch_cache_control(response, **PUBLIC_CACHE)
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    The public site runs only its own scripts and styles. Django's admin (and its body
    editor) set inline style attributes, so the admin alone may use inline styles.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/admin/"):
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer 503 with the site's own page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("Database unavailable: %s", type(exception).__name__)
            return service_unavailable(request)
        return None
