"""The version of a cached fragment: the stamps of the keys it shows (see key_versions)."""

import time
from collections.abc import Iterable

from django.http import HttpRequest

from . import key_versions


def request_clock(request: HttpRequest | None) -> int:
    """The retirement clock as this request first read it (the page cache reads it before
    anything is rendered; other requests read it at their first fragment)."""
    clock = getattr(request, "retirement_clock", None)
    if clock is None:
        clock = key_versions.read_clock()
        if request is not None:
            request.retirement_clock = clock
    return clock


def fragment_version(request: HttpRequest | None, keys: Iterable[str]) -> str:
    clock = request_clock(request)
    stamps = key_versions.stamps(keys, clock)
    if any(value > clock for value in stamps.values()):
        # Retired while this page was being rendered: what it read may be older than the
        # change, so it is not kept under a version later pages would ask for.
        return f"retiring-{time.time_ns()}"
    return ".".join(str(stamps[key]) for key in sorted(stamps))
