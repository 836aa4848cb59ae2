import ipaddress
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware import common
from django.utils.cache import patch_cache_control

from comments.own_comments import has_own_cookies

from . import csp
from .client_address import resolve_client_address
from .views import bad_request, service_unavailable

logger = logging.getLogger(__name__)

# The body editor (django-prose-editor) loads its modules through an inline import map.

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
    """Content-Security-Policy and Permissions-Policy on every response (see csp.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", csp.policy_for(request))
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


class ClientAddressMiddleware:
    """Put the client's address in ``REMOTE_ADDR``, believing X-Forwarded-For exactly as
    far as ``TRUSTED_PROXIES`` says (see ``newsroom.client_address``).

    It runs before anything that reads the address (the read beacon, rate limits,
    reports, stored comments), so they all see the same one. The address the connection
    came from is kept in ``PEER_ADDR``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = settings.TRUSTED_PROXIES
        self.warned = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        peer = meta.get("REMOTE_ADDR") or ""
        forwarded_for = meta.get("HTTP_X_FORWARDED_FOR")
        meta["PEER_ADDR"] = peer
        meta["REMOTE_ADDR"] = resolve_client_address(peer, forwarded_for, self.trusted)
        if forwarded_for and not self.trusted and not self.warned:
            self.warn_about_untrusted_proxy(meta["REMOTE_ADDR"])
        return self.get_response(request)

    def warn_about_untrusted_proxy(self, peer: str) -> None:
        # A proxy on this machine or the private network that nobody said to trust: every
        # reader behind it is one reader. Said once per process, in case it is a mistake.
        try:
            behind_a_proxy = not ipaddress.ip_address(peer).is_global
        except ValueError:
            return
        if behind_a_proxy:
            self.warned = True
            logger.warning(
                "Requests from %s carry X-Forwarded-For but DJANGO_TRUSTED_PROXIES is not "
                "set, so every reader behind that proxy counts as one (see README, Deploying).",
                peer,
            )


class RequestCheckMiddleware:
    """No NUL byte gets past here: an address holding one is a 400, and one in the query
    string is dropped (a search for "a%00b" is a search for "ab").

    Nothing legitimate contains one, and PostgreSQL refuses NUL in any text it is asked to
    compare, so without this a crafted address or query would reach a query and fail there.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return bad_request(request)
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            # Before anything parses request.GET, which reads this on first use.
            request.META["QUERY_STRING"] = ENCODED_NUL.sub("", query).replace("\x00", "")
        return self.get_response(request)


ENCODED_NUL = re.compile("%00", re.IGNORECASE)


# Every page and form here answers some of these; none answers PUT, DELETE, PATCH,
# OPTIONS or TRACE. Views that take fewer say so with ``articles.http.allow_methods``.
DEFAULT_METHODS = frozenset({"GET", "HEAD", "POST"})


class CommonMiddleware(common.CommonMiddleware):
    """Django's, except that only a GET or HEAD is sent on to the address with a slash.

    A PUT or POST to an address without its slash is answered where it was sent (404, or
    405 from the view); a redirect would tell the client nothing it can use.
    """

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        return request.method in {"GET", "HEAD"} and super().should_redirect_with_slash(request)


class AllowedMethodsMiddleware:
    """Answer 405, with the ``Allow`` header, to a method the view does not take.

    It runs before the CSRF check, so a PUT or DELETE is told "not allowed here" rather
    than "forged", and OPTIONS or TRACE never get a page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        allowed = getattr(view, "allowed_methods", DEFAULT_METHODS)
        if request.method in allowed:
            return None
        listed = [method for method in METHOD_ORDER if method in allowed]
        return HttpResponseNotAllowed(listed + sorted(allowed - set(METHOD_ORDER)))


METHOD_ORDER = ("GET", "HEAD", "POST")
