"""The page cache: anonymous readers get stored copies of public pages.

Every anonymous reader gets the same bytes, so one rendering serves them all for up to
``PAGE_CACHE_SECONDS``. Anything that changes what readers see (a story, a section, an
author, an approved comment) bumps the site's version number, which retires every stored
page at once: simpler than tracking which pages show what, and never stale.

Staff and readers with comment cookies (their own held comment, their saved details)
always get a fresh page of their own.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from comments.own_comments import has_own_cookies

VERSION_KEY = "site-version"
SKIPPED_PREFIXES = ("/admin/", "/preview/", "/comments/", "/read/", "/media/", "/static/")


def site_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_site_version(**kwargs) -> None:
    """Retire every cached page (a signal receiver, hence ``**kwargs``).

    Bumped now and again once the change is committed: a page rendered by another
    server between the two, from the not-yet-committed database, is retired as well.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted: any new number will do
        cache.add(VERSION_KEY, 2, timeout=None)


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and not request.path.startswith(SKIPPED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not has_own_cookies(request)
    )


def is_cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(response, "streaming", False)
        and "public" in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        address = f"{request.get_host()}{request.get_full_path()}"
        # Hashed: addresses can be longer than a cache key may be (a long search query).
        # Kept on the request: the page's fragment caches are keyed by the same version.
        request.site_version = site_version()
        key = f"page:{request.site_version}:{hashlib.sha256(address.encode()).hexdigest()}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(response):
            headers = {k: v for k, v in response.items() if k.lower() != "vary"}
            cache.set(key, (response.content, headers), timeout=settings.PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response
