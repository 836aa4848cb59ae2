"""Parts of a stored page that are kept apart from it: the sidebar.

The sidebar (Recent News, Trending, Community News, Upcoming events) is on every HTML
page and changes with every story published and every hour's reads. Stored inside each
page, it would make one publication retire every page of the town, and Trending would
keep every stored page short-lived. So a page stored by the page cache holds a marker
where the sidebar goes; the sidebar is stored once per town, for
``FRAGMENT_CACHE_SECONDS`` or until one of its keys is retired, and put in each page as it
is served. A publication then costs one sidebar and the lists that show the story; the
story pages stay stored.

Readers who get a page of their own (staff, commenters with cookies) get the sidebar
rendered in place, as before.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string

from network.routing import site_of

SIDEBAR = "sidebar"
MARKER = b"<!--page-slot:sidebar-->"


def use_slots(request: HttpRequest) -> None:
    """This request's page is rendered for the page cache: the sidebar becomes a marker."""
    request.sidebar_apart = True


def slot_or_none(request: HttpRequest | None) -> str | None:
    """The marker to print in place of the sidebar, or None to render it in place."""
    return MARKER.decode() if getattr(request, "sidebar_apart", False) else None


def stored_key(request: HttpRequest) -> str:
    site = site_of(request)
    return f"slot:{SIDEBAR}:{site.pk if site is not None else 0}"


def render_sidebar(request: HttpRequest, clock: int) -> tuple[bytes, list[str]]:
    """The town's sidebar and the page keys it shows, stored for the next pages."""
    outer = getattr(request, "page_keys", None)
    request.page_keys = set()
    try:
        html = render_to_string("includes/sidebar.html", request=request).encode()
        shown = sorted(request.page_keys)
    finally:
        request.page_keys = outer if outer is not None else set()
    if settings.FRAGMENT_CACHE_SECONDS > 0:
        cache.set(
            stored_key(request), (html, clock, shown), timeout=settings.FRAGMENT_CACHE_SECONDS
        )
    return html, shown


def fill(content: bytes, sidebar: bytes) -> bytes:
    return content.replace(MARKER, sidebar, 1)
