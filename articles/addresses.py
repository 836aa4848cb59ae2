"""Public addresses of stories, sections and authors, reversed once per process.

A list page links dozens of stories, sections and authors, and reversing a URL pattern is
one of the dearest things such a page does in Python. The answer depends only on the URL
patterns in use, the script prefix and the arguments, so it is remembered under all of
them (a story whose slug or date changes simply has another key).
"""

from datetime import date, datetime
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

REMEMBERED = 20_000  # a year of stories plus sections and authors, a few MB at most


def public_address(viewname: str, **kwargs: str) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered."""
    return _reversed(get_urlconf(), get_script_prefix(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=REMEMBERED)
def _reversed(urlconf, prefix: str, viewname: str, kwargs: tuple) -> str:
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def address_day(published_at: datetime) -> date:
    """The date in a story's address (and its comment feeds'): the day in the
    installation's TIME_ZONE, never the town's, so that a story shared to a town in
    another zone has the same address on every town that shows it."""
    return timezone.localtime(published_at, timezone.get_default_timezone()).date()
