"""Trending: which published stories readers are reading now.

Reads arrive from the story page's beacon. People count, once per story per half hour;
crawlers, prefetches and previews do not. Counts go to the cache first (see
``read_buffer``) and reach the database once a minute in hourly buckets. The ranking adds
up the last ``TRENDING_WINDOW_HOURS`` of reads, each hour weighted by a decay with a
half-life of ``TRENDING_HALF_LIFE_HOURS``, so a story read a lot this morning outranks one
read a little more yesterday.
"""

import hashlib
import logging
import re
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Case, F, FloatField, Sum, Value, When
from django.http import HttpRequest
from django.utils import timezone

from .models import Article, ReadCount
from .read_buffer import get_read_buffer

logger = logging.getLogger(__name__)

# Crawlers and link previewers announce themselves; a read is a person with a browser.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|monitor|curl|wget|python-requests|httpclient"
    r"|headless|lighthouse|facebookexternalhit|embedly|quora link|whatsapp|wrk",
    re.IGNORECASE,
)
FLUSH_DUE_KEY = "reads:flush-due"
TRENDING_KEY = "trending:stories"


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def is_person_reading(request: HttpRequest) -> bool:
    """False for crawlers and for pages the browser only fetched ahead of time."""
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return not is_bot(request.headers.get("User-Agent", "")) and "prefetch" not in purpose


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


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


def reader_fingerprint(request: HttpRequest, now: datetime | None = None) -> str:
    today = (now or timezone.now()).astimezone(UTC).date().isoformat()
    seen = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha256(f"{_daily_salt(today)}|{seen}".encode()).hexdigest()[:32]


_public: dict[int, tuple[bool, float]] = {}


def is_public_story(article_id: int) -> bool:
    """Whether a story may be counted. Each process remembers the answer for a minute, so
    a beacon costs no database query and no cache round trip."""
    now = time.monotonic()
    known = _public.get(article_id)
    if known is None or known[1] < now:
        if len(_public) > 10_000:
            _public.clear()
        public = Article.objects.published().filter(pk=article_id).exists()
        known = _public[article_id] = (public, now + 60)
    return known[0]


def count_read(*, article_id: int, request: HttpRequest) -> bool:
    """Count one read from a beacon; False when it does not count (bot, repeat, not public)."""
    if not is_person_reading(request):
        return False
    seen_key = f"reads:seen:{article_id}:{reader_fingerprint(request)}"
    # A repeat costs one cache operation; marking a non-public story as seen is harmless.
    if not cache.add(seen_key, 1, timeout=settings.READ_REPEAT_SECONDS):
        return False
    if not is_public_story(article_id):
        return False
    hour = int(hour_of(timezone.now()).timestamp())
    get_read_buffer().add(f"{hour}:{article_id}")
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
        return 0
    try:
        with transaction.atomic():
            written = _write_counts(counts)
    except DatabaseError:
        buffer.restore(counts)
        logger.warning("Could not write %d buffered reads; kept for the next flush.", len(counts))
        raise
    return written


def _write_counts(counts: dict[str, int]) -> int:
    by_row: dict[tuple[int, int], int] = {}
    for key, amount in counts.items():
        hour, article_id = (int(part) for part in key.split(":"))
        by_row[(hour, article_id)] = by_row.get((hour, article_id), 0) + amount
    existing = set(
        Article.objects.filter(pk__in={a for _, a in by_row}).values_list("pk", flat=True)
    )
    written = 0
    for (hour, article_id), amount in by_row.items():
        if article_id in existing:
            record_read(
                article_id=article_id, when=datetime.fromtimestamp(hour, UTC), amount=amount
            )
            written += amount
    return written


def record_read(*, article_id: int, when: datetime | None = None, amount: int = 1) -> None:
    """Add reads to a story's row for one hour, straight in the database."""
    hour = hour_of(when or timezone.now())
    rows = ReadCount.objects.filter(article_id=article_id, hour=hour)
    if rows.update(count=F("count") + amount):
        return
    try:
        with transaction.atomic():
            ReadCount.objects.create(article_id=article_id, hour=hour, count=amount)
    except IntegrityError:
        # Another server created this hour's row between our update and insert.
        rows.update(count=F("count") + amount)


def decay_weights(now: datetime) -> dict[datetime, float]:
    """The weight of each hour in the window: 1 for this hour, halving every half-life."""
    current = hour_of(now)
    half_life = settings.TRENDING_HALF_LIFE_HOURS
    return {
        current - timedelta(hours=age): 0.5 ** (age / half_life)
        for age in range(settings.TRENDING_WINDOW_HOURS)
    }


def trending_scores(now: datetime | None = None):
    """Published stories with a ``score`` for the window, best first; one query."""
    weights = decay_weights(now or timezone.now())
    weight = Case(
        *[When(read_counts__hour=hour, then=Value(w)) for hour, w in weights.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )
    return (
        Article.objects.published()
        .filter(read_counts__hour__gte=min(weights))
        .annotate(score=Sum(F("read_counts__count") * weight, output_field=FloatField()))
        .filter(score__gt=0)
        .order_by("-score", "-published_at", "-pk")
    )


def trending_articles(limit: int = 5) -> list[Article]:
    """The top of Trending, cached for a minute; the latest stories when nothing was read."""
    cached = cache.get(TRENDING_KEY)
    if cached is not None and len(cached) >= limit:
        return cached[:limit]
    stories = list(trending_scores()[:limit]) or list(
        Article.objects.published().order_by("-published_at", "-pk")[:limit]
    )
    cache.set(TRENDING_KEY, stories, timeout=settings.TRENDING_CACHE_SECONDS)
    return stories
