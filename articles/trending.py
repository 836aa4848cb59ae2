"""Trending: which published stories readers are reading most right now.

Reads are counted per story per hour by the story page's beacon. The ranking sums the
reads of the last few days (``TRENDING_DAYS``); a later change weighs recent hours above
old ones.
"""

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from .models import Article, ReadCount

# Crawlers and link previewers announce themselves; a read is a person with a browser.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|monitor|curl|wget|python-requests|httpclient"
    r"|headless|lighthouse|facebookexternalhit|embedly|quora link|whatsapp",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def is_person_reading(request: HttpRequest) -> bool:
    """False for crawlers and for pages the browser only fetched ahead of time."""
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return not is_bot(request.headers.get("User-Agent", "")) and "prefetch" not in purpose


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def record_read(*, article_id: int, when: datetime | None = None) -> None:
    """Add one read of a story to the count for the current hour."""
    hour = hour_of(when or timezone.now())
    counts = ReadCount.objects.filter(article_id=article_id, hour=hour)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ReadCount.objects.create(article_id=article_id, hour=hour, count=1)
    except IntegrityError:
        # Another request created this hour's row between our update and insert.
        counts.update(count=F("count") + 1)


def trending_articles(limit: int = 5) -> list[Article]:
    """The most-read published stories of the last few days, most recent first on a tie.

    With no reads in the window it falls back to the latest stories, so the sidebar is
    never empty on a quiet day or a new site.
    """
    since = hour_of(timezone.now() - timedelta(days=settings.TRENDING_DAYS))
    ranked = list(
        Article.objects.published()
        .filter(read_counts__hour__gte=since)
        .annotate(reads=Sum("read_counts__count"))
        .order_by("-reads", "-published_at", "-pk")[:limit]
    )
    return ranked or list(Article.objects.published().order_by("-published_at", "-pk")[:limit])
