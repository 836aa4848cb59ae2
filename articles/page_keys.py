"""What a public page shows, named by keys: the one vocabulary of the page cache, the
fragment caches and the CDN (``Surrogate-Key``).

A page records a key for every piece of data it prints; a change retires the keys of what
it changed (``newsroom.retirement_rules``), and every stored copy recording one of them is
served no more. The vocabulary:

``story-<id>``
    Everything a story's own page prints from the story: body, headline, corrections,
    tags, attribution, byline box. Any change to a public story retires it.
``teaser-<id>``
    The story as lists print it (home, section, tag, author and source pages, the
    feeds, search results): headline, summary, image, dates, address, section, byline.
    Retired only when one of those changes, so a body edit leaves every list alone.
``comments-<id>``
    The story's approved comments and their count: its thread, its comment feed, and
    every list that prints its count. A held comment retires nothing.
``section-<id>``, ``tag-<id>``, ``author-<id>``, ``source-<id>``
    Which stories such a page (and its feeds) lists, and the page's own heading.
``page-<id>``
    A static page; pages that print its title (breadcrumbs, subpage lists) record it too.
``home-<site id>``, ``feeds-<site id>``, ``sitemaps-<site id>``, ``search-<site id>``,
``events-<site id>``
    One town's home page list, its site-wide feeds, its sitemaps, its search results, its
    community events lists.
``sidebar-<site id>``, ``nav-<site id>``, ``footer-<site id>``
    Parts of every HTML page of one town: the sidebar's lists, the section navigation,
    the footer's pages. Changing them retires every page of that town.

Objects' keys are the same on every town (a story's page prints the same story wherever
it shows); the names are per town, because each town's lists show its own stories and
those shared to it: publishing on town A retires A's home page and those of the towns the
story is shared to, and no other town's. A page records the names of the town it was
asked for (``record_names``, ``showing``, ``{% shows "events" %}``).
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps

from django.http import HttpRequest

from network.routing import site_of

HOME = "home"
FEEDS = "feeds"
SITEMAPS = "sitemaps"
SEARCH = "search"
EVENTS = "events"
SIDEBAR = "sidebar"
NAV = "nav"
FOOTER = "footer"

KINDS = frozenset({"story", "teaser", "comments", "section", "tag", "author", "source", "page"})
NAMES = frozenset({HOME, FEEDS, SITEMAPS, SEARCH, EVENTS, SIDEBAR, NAV, FOOTER})


def key(kind: str, pk: object) -> str:
    """``key("story", 12)`` is ``"story-12"``; ``key("home", 3)`` is ``"home-3"``, town
    3's home page.

    Unknown kinds and names are refused, so a typo cannot make a key nothing ever retires.
    """
    if kind not in KINDS and kind not in NAMES:
        raise ValueError(f"Unknown kind of page key {kind!r}.")
    if pk is None:
        raise ValueError(f"A {kind!r} key names its {'town' if kind in NAMES else 'object'}.")
    return f"{kind}-{int(pk)}"


def keys(kind: str, pks: Iterable[object]) -> set[str]:
    return {key(kind, pk) for pk in pks if pk is not None}


def town_keys(names: Iterable[str], site_ids: Iterable[int]) -> set[str]:
    """These names on each of these towns: ``town_keys([HOME], [1, 2])`` is
    ``{"home-1", "home-2"}``."""
    site_ids = list(site_ids)
    return {key(name, site_id) for name in names for site_id in site_ids}


def record(request: HttpRequest | None, *shown: str) -> None:
    """Note on the request that its page shows these keys."""
    if request is None:
        return
    recorded = getattr(request, "page_keys", None)
    if recorded is None:
        recorded = request.page_keys = set()
    recorded.update(shown)


def recorded(request: HttpRequest) -> set[str]:
    return getattr(request, "page_keys", set())


def expires(request: HttpRequest | None, moment: datetime | None) -> None:
    """Note on the request that its page changes by itself at ``moment`` (comments close,
    say) with nothing saved that could retire it: it is not stored past then."""
    if request is None or moment is None:
        return
    current = getattr(request, "page_expires_at", None)
    if current is None or moment < current:
        request.page_expires_at = moment


def expires_at(request: HttpRequest) -> datetime | None:
    return getattr(request, "page_expires_at", None)


def record_names(request: HttpRequest | None, *names: str) -> None:
    """Note that the page shows these names (``HOME``, ``SIDEBAR``…) of its own town."""
    if request is None:
        return
    site_id = site_of(request).pk
    record(request, *(key(name, site_id) for name in names))


def record_listed(request: HttpRequest | None, stories: Iterable) -> None:
    """A list of stories prints each one's teaser and comment count."""
    for story in stories:
        record(request, key("teaser", story.pk), key("comments", story.pk))


def showing(*names: str) -> Callable:
    """A view decorator: every page this view answers shows these names of its town."""
    unknown = set(names) - NAMES
    if unknown:
        raise ValueError(f"Unknown page key names {sorted(unknown)}.")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def recording(request: HttpRequest, *args, **kwargs):
            record_names(request, *names)
            return view(request, *args, **kwargs)

        return recording

    return decorator


def header_value(shown: Iterable[str]) -> str:
    """The ``Surrogate-Key`` header: the keys, space-separated, in a stable order."""
    return " ".join(sorted(shown))
