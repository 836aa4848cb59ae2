"""The page cache: anonymous readers get stored copies of public pages.

Every anonymous reader gets the same bytes, so one rendering serves them all for up to
``PAGE_CACHE_SECONDS``. Each page records what it shows as page keys
(``articles.page_keys``); it is stored with them and with the retirement clock as it read
it before rendering, and served while none of its keys has been retired since
(``articles.key_versions``). A change retires the keys of what it changed
(``newsroom.retirement_rules``), so an approved comment on one story retires that story's
page and the lists printing its comment count, and nothing else.

The same keys go out in the ``Surrogate-Key`` header (and ``Cache-Tag`` for Cloudflare),
so a CDN in front is purged by the same names (``newsroom.cdn_purge``).

Staff and readers with comment cookies (their own held comment, their saved details)
always get a fresh page of their own.
"""

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from articles import key_versions, page_slots
from articles.page_keys import expires_at, header_value, recorded
from comments.own_comments import has_own_cookies

from . import scheduled_retirement as scheduled

logger = logging.getLogger(__name__)

SKIPPED_PREFIXES = ("/admin/", "/preview/", "/comments/", "/read/", "/media/", "/static/")


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and not request.path.startswith(SKIPPED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not has_own_cookies(request)
    )


def is_public_response(response: HttpResponse) -> bool:
    return response.status_code == 200 and "public" in response.get("Cache-Control", "")


def is_cacheable_response(response: HttpResponse) -> bool:
    return (
        is_public_response(response)
        and not response.cookies
        and not getattr(response, "streaming", False)
    )


def page_key(request: HttpRequest) -> str:
    # Hashed: addresses can be longer than a cache key may be (a long search query).
    address = f"{request.get_host()}{request.get_full_path()}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def name_keys(request: HttpRequest, response: HttpResponse) -> None:
    """Say what a public response shows, for the CDN in front."""
    shown = recorded(request)
    if shown and is_public_response(response):
        response["Surrogate-Key"] = header_value(shown)
        if settings.CDN_PURGE == "cloudflare":
            response["Cache-Tag"] = ",".join(sorted(shown))


def store_seconds(request: HttpRequest, now: datetime) -> int:
    """How long this page may be stored: ``PAGE_CACHE_SECONDS``, but not past the town's
    midnight (upcoming events pass, "today" moves on) nor past a change the page foresees
    of itself (``page_keys.expires``: its comments closing)."""
    local = timezone.localtime(now)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=local.tzinfo)
    limits = [settings.PAGE_CACHE_SECONDS, (midnight - now).total_seconds()]
    foreseen = expires_at(request)
    if foreseen is not None:
        limits.append((foreseen - now).total_seconds())
    return max(0, int(min(limits)))


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in {"GET", "HEAD"}:
                name_keys(request, response)
            return response
        key, slot_key = page_key(request), page_slots.stored_key(request)
        # One round trip: the stored page, its sidebar, the clock a rendering would start
        # from, and when the next scheduled story goes public.
        found = cache.get_many([key, slot_key, key_versions.CLOCK, scheduled.NEXT_DUE])
        scheduled.retire_if_due(found)
        clock = request.retirement_clock = key_versions.read_clock(found)
        stored, slot = found.get(key), found.get(slot_key)
        if stored is not None and len(stored) != 5:  # stored by an older release
            stored = None
        page_fresh, slot_fresh = key_versions.unretired(
            (stored[3] if stored else (), stored[2] if stored else -1),
            (slot[2] if slot else (), slot[1] if slot else -1),
        )
        slot = slot if slot_fresh else None
        if stored is not None and page_fresh:
            content, headers, _, shown, has_slot = stored
            response = HttpResponse(content, headers=headers)
            request.page_keys = set(shown)
            if has_slot:
                fill(request, response, clock, slot)
            name_keys(request, response)
            response["X-Page-Cache"] = "hit"
            return response

        page_slots.use_slots(request)
        response = self.get_response(request)
        shown = sorted(recorded(request))
        unfilled = b"" if getattr(response, "streaming", False) else response.content
        has_slot = page_slots.MARKER in unfilled
        if has_slot:
            fill(request, response, clock, slot)
        name_keys(request, response)
        seconds = store_seconds(request, timezone.now())
        if request.method == "GET" and is_cacheable_response(response) and seconds:
            key_versions.stamps(shown, clock)  # keys never retired get a stamp to compare
            # Every header, Vary: Cookie included: a CDN must not give this anonymous copy
            # to a signed-in editor or to a commenter whose held comment shows on theirs.
            headers = {
                name: value
                for name, value in response.items()
                if name not in {"Content-Length", "Surrogate-Key", "Cache-Tag"}
            }
            cache.set(key, (unfilled, headers, clock, shown, has_slot), timeout=seconds)
        response["X-Page-Cache"] = "miss"
        return response


def fill(request: HttpRequest, response: HttpResponse, clock: int, slot: tuple | None) -> None:
    """Put the town's sidebar in the page: the stored one while none of its keys is
    retired. The page then shows the sidebar's keys too (the CDN's ``Surrogate-Key``)."""
    if slot is not None:
        sidebar, sidebar_shown = slot[0], slot[2]
    else:
        try:
            sidebar, sidebar_shown = page_slots.render_sidebar(request, clock)
        except DatabaseError:
            # A stored page is still worth serving while the database is away; without
            # its sidebar, and not to be kept by a CDN.
            logger.warning("Sidebar not rendered: the database is unavailable.")
            sidebar, sidebar_shown = b"", []
            patch_cache_control(response, no_store=True)
    response.content = page_slots.fill(response.content, sidebar)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    request.page_keys = {*recorded(request), *sidebar_shown}
