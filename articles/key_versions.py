"""When each page key was last retired, kept in the shared cache.

One counter, the retirement clock, goes up by one at every retirement, and each retired
key is stamped with the clock's new value. A stored page remembers the clock as it read it
*before* rendering and the keys it shows; it may be served while none of its keys has a
stamp above that reading. So a change committed while a page was being rendered (by this
server or another) retires that page too, however late it is stored.

Why a clock and per-key stamps rather than a reverse index (key -> stored pages): it
needs nothing but ``get_many``, ``set_many``, ``add`` and ``incr``, so it works the same
on the local-memory cache and on Redis, across any number of servers, and checking a page
is one ``get_many`` of its keys. Retiring a thousand keys is one ``set_many``.

A key with no stamp (never retired, or evicted) is given the clock reading of the page
that stores it; a page read while one of its keys has no stamp is not served. Eviction
can thus only make pages miss, never serve a retired one.

Two retirements of the same key on two servers at the same instant can leave the older
stamp in place (there is no "set if greater"); each change retires twice (see
``newsroom.retirement.retire``), and pages expire after ``PAGE_CACHE_SECONDS`` anyway.
"""

import time
from collections.abc import Iterable

from django.core.cache import cache

CLOCK = "retired:clock"


def stamp_key(key: str) -> str:
    return f"retired:{key}"


def microseconds() -> int:
    return time.time_ns() // 1000


def read_clock(stored: dict | None = None) -> int:
    """The retirement clock now (from ``stored``, a ``get_many`` that asked for it)."""
    value = stored.get(CLOCK) if stored is not None else cache.get(CLOCK)
    if value is None:
        # Started from the time in microseconds: a clock lost with the cache starts again
        # above every stamp the old one gave (one tick per retirement is far slower).
        # Not nanoseconds: Redis answers INCR through a Lua number, exact to 2**53 only.
        cache.add(CLOCK, microseconds(), timeout=None)
        value = cache.get(CLOCK)
    return value if value is not None else 0


def tick() -> int:
    try:
        value = cache.incr(CLOCK)
    except ValueError:  # not set yet, or evicted
        read_clock()
        try:
            value = cache.incr(CLOCK)
        except ValueError:
            value = None
    # django-redis answers None when Redis is away: nothing is stored then anyway.
    return value if value is not None else microseconds()


def stamp(keys: Iterable[str]) -> None:
    """Retire these keys: every page or fragment that shows one is served no more."""
    keys = set(keys)
    if not keys:
        return
    now = tick()
    cache.set_many({stamp_key(key): now for key in keys}, timeout=None)


def all_older_than(keys: Iterable[str], clock: int) -> bool:
    """Whether none of these keys was retired after the clock read ``clock``."""
    wanted = [stamp_key(key) for key in keys]
    found = cache.get_many(wanted)
    return len(found) == len(wanted) and all(value <= clock for value in found.values())


def unretired(*groups: tuple[Iterable[str], int]) -> list[bool]:
    """``all_older_than`` for several (keys, clock) pairs, asked of the cache at once: a
    stored page and the stored parts it is served with are checked in one round trip."""
    wanted = {stamp_key(key) for keys, _ in groups for key in keys}
    found = cache.get_many(list(wanted))
    return [
        all(found.get(stamp_key(key), clock + 1) <= clock for key in keys) for keys, clock in groups
    ]


def stamps(keys: Iterable[str], clock: int) -> dict[str, int]:
    """The keys' stamps; a key that has none is given ``clock`` (see the module's note)."""
    keys = sorted(set(keys))
    found = cache.get_many([stamp_key(key) for key in keys])
    result = {}
    for key in keys:
        value = found.get(stamp_key(key))
        if value is None:
            # add, not set: a retirement that got there first keeps its later stamp.
            cache.add(stamp_key(key), clock, timeout=None)
            value = cache.get(stamp_key(key), clock)
        result[key] = value
    return result
