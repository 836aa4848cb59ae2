"""Counting reads: which published stories each town's readers are reading now.

Reads arrive from the story page's beacon. People count, once per story per half hour;
crawlers, prefetches, previews and beacons sent from other sites' pages do not, and one
address counts as at most ``READERS_PER_ADDRESS`` people (see ``readers``). A read belongs
to the town whose page it was made on, and counts only if that town shows the story (its
own, or shared to it): a shared story read on town B is B's read, towards B's Trending,
and part of the story's total. Counts go to the cache first (see ``read_buffer``) and
reach the database once a minute in hourly rows per town and story; each flush stores
the rankings again (``ranking``), and so does the first flush of each hour even with
nothing to write (the decay moves on by the hour, and old hours leave the window).
"""

import hashlib
import logging
import re
import secrets
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from network.models import Site
from network.routing import default_site, site_of

from ..models import Article, ReadCount, TrendingStory
from ..read_buffer import get_read_buffer
from ..readers import client_address, is_from_this_site, reader_network
from .ranking import hour_of, refresh_trending

logger = logging.getLogger(__name__)

# Crawlers and link previewers announce themselves; a read is a person with a browser.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|monitor|curl|wget|python-requests|httpclient"
    r"|headless|lighthouse|facebookexternalhit|embedly|quora link|whatsapp|wrk",
    re.IGNORECASE,
)
FLUSH_DUE_KEY = "reads:flush-due"


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def is_person_reading(request: HttpRequest) -> bool:
    """False for crawlers and for pages the browser only fetched ahead of time."""
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return not is_bot(request.headers.get("User-Agent", "")) and "prefetch" not in purpose


_salts: dict[str, str] = {}


def _daily_salt(today: str) -> str:
    # Random, kept only in the cache (shared by every server) and replaced every day:
    # yesterday's readers can't be linked to today's, and nothing about a reader is ever
    # stored in the database. Each process remembers today's salt once it has read it.
    if today not in _salts:
        key = f"reads:salt:{today}"
        cache.add(key, secrets.token_hex(16), timeout=2 * 24 * 3600)
        _salts.clear()
        _salts[today] = cache.get(key) or settings.SECRET_KEY
    return _salts[today]


def _salted(value: str, now: datetime | None = None) -> str:
    today = (now or timezone.now()).astimezone(UTC).date().isoformat()
    return hashlib.sha256(f"{_daily_salt(today)}|{value}".encode()).hexdigest()[:32]


def reader_fingerprint(request: HttpRequest, now: datetime | None = None) -> str:
    """One reader: the client's address and browser, hashed with today's salt."""
    return _salted(f"{client_address(request)}|{request.headers.get('User-Agent', '')}", now)


def admits_another_reader(article_id: int, request: HttpRequest) -> bool:
    """Whether the client's address may count one more reader of this story in this half
    hour: at most ``READERS_PER_ADDRESS``, whatever browsers it claims to be."""
    network = _salted(reader_network(client_address(request)))
    key = f"reads:address:{article_id}:{network}"
    cache.add(key, 0, timeout=settings.READ_REPEAT_SECONDS)
    try:
        readers = cache.incr(key)
    except ValueError:  # expired between the two calls: this is the first reader again
        cache.add(key, 1, timeout=settings.READ_REPEAT_SECONDS)
        readers = 1
    return readers is not None and readers <= settings.READERS_PER_ADDRESS


_public: dict[tuple[int, int], tuple[bool, float]] = {}


def is_public_story(article_id: int, site: Site) -> bool:
    """Whether a story may be counted on this town: published, and shown there. Each
    process remembers the answer for a minute, so a beacon costs no database query and no
    cache round trip."""
    now = time.monotonic()
    known = _public.get((site.pk, article_id))
    if known is None or known[1] < now:
        if len(_public) > 10_000:
            _public.clear()
        public = Article.objects.published().on_site(site).filter(pk=article_id).exists()
        known = _public[(site.pk, article_id)] = (public, now + 60)
    return known[0]


def count_read(*, article_id: int, request: HttpRequest) -> bool:
    """Count one read from a beacon, for the town it was made on; False when it does not
    count (bot, another site's page, a repeat, one reader too many from one address, not
    public, or not shown on this town)."""
    if not is_person_reading(request) or not is_from_this_site(request):
        return False
    seen_key = f"reads:seen:{article_id}:{reader_fingerprint(request)}"
    # A repeat costs one cache operation; marking a non-public story as seen is harmless.
    if not cache.add(seen_key, 1, timeout=settings.READ_REPEAT_SECONDS):
        return False
    if not admits_another_reader(article_id, request):
        return False
    site = site_of(request)
    if not is_public_story(article_id, site):
        return False
    hour = int(hour_of(timezone.now()).timestamp())
    get_read_buffer().add(f"{hour}:{site.pk}:{article_id}")
    if _flush_is_due():
        flush_reads()
    return True


_next_flush_check = 0.0


def forget_process_memory() -> None:
    """Drop what this process remembers (public stories, next flush check, salt)."""
    global _next_flush_check
    _public.clear()
    _salts.clear()
    _next_flush_check = 0.0


def _flush_is_due() -> bool:
    """True for the first read, on any server, after a minute without a flush.

    Each process asks the shared cache at most once a second, not on every read.
    """
    global _next_flush_check
    now = time.monotonic()
    if now < _next_flush_check:
        return False
    _next_flush_check = now + 1
    return cache.add(FLUSH_DUE_KEY, 1, timeout=settings.READ_FLUSH_SECONDS)


def flush_reads() -> int:
    """Move the buffered counts into the hourly rows; returns how many reads were written.

    Safe to run at any time and from several servers at once. If the database refuses
    the write, the counts go back into the buffer for the next flush.
    """
    buffer = get_read_buffer()
    counts = buffer.drain()
    if not counts:
        # Nothing new, but the hour may have moved on (older hours weigh less now, the
        # oldest leave the window), or nothing is stored yet (a new installation, or one
        # just migrated to rankings per town). Done here, never on a page.
        if not TrendingStory.objects.filter(hour__gte=hour_of(timezone.now())).exists():
            refresh_trending()
        return 0
    try:
        with transaction.atomic():
            written = _write_counts(counts)
            refresh_trending()
    except DatabaseError:
        buffer.restore(counts)
        logger.warning("Could not write %d buffered reads; kept for the next flush.", len(counts))
        raise
    return written


def _buffered_row(key: str) -> tuple[int, int | None, int]:
    """``"<hour>:<site>:<story>"`` -> (hour, site id, story id); a key buffered by a server
    from before reads had a town (``"<hour>:<story>"``) is the default site's."""
    parts = [int(part) for part in key.split(":")]
    if len(parts) == 2:
        return parts[0], None, parts[1]
    hour, site_id, article_id = parts
    return hour, site_id, article_id


def _write_counts(counts: dict[str, int]) -> int:
    by_row: dict[tuple[int, int | None, int], int] = {}
    for key, amount in counts.items():
        row = _buffered_row(key)
        by_row[row] = by_row.get(row, 0) + amount
    existing = set(
        Article.objects.filter(pk__in={a for _, _, a in by_row}).values_list("pk", flat=True)
    )
    towns = set(Site.objects.filter(pk__in={s for _, s, _ in by_row}).values_list("pk", flat=True))
    written = 0
    for (hour, site_id, article_id), amount in by_row.items():
        if article_id in existing and (site_id is None or site_id in towns):
            record_read(
                article_id=article_id,
                site_id=site_id,
                when=datetime.fromtimestamp(hour, UTC),
                amount=amount,
                refresh=False,  # once for the whole flush
            )
            written += amount
    return written


def record_read(
    *,
    article_id: int,
    site_id: int | None = None,
    when: datetime | None = None,
    amount: int = 1,
    refresh: bool = True,
) -> None:
    """Add reads made on one town (the default site unless told) to a story's row for one
    hour, straight in the database, and store the rankings again (unless ``refresh`` is
    False: the caller will)."""
    site_id = site_id or default_site().pk
    hour = hour_of(when or timezone.now())
    rows = ReadCount.objects.filter(article_id=article_id, site_id=site_id, hour=hour)
    if not rows.update(count=F("count") + amount):
        try:
            with transaction.atomic():
                ReadCount.objects.create(
                    article_id=article_id, site_id=site_id, hour=hour, count=amount
                )
        except IntegrityError:
            # Another server created this hour's row between our update and insert.
            rows.update(count=F("count") + amount)
    if refresh:
        refresh_trending()
