"""Each town's Trending: the ranking worked out from its hourly reads, stored, and read.

The ranking adds up the last ``TRENDING_WINDOW_HOURS`` of reads, each hour weighted by a
decay with a half-life of ``TRENDING_HALF_LIFE_HOURS``, so a story read a lot this morning
outranks one read a little more yesterday. Adding up a window of hourly rows takes a while
on a big network, so it is never done while a reader waits.

A read belongs to the town whose page it was made on (``counting``), so each town's own
readers decide its Trending. One query ranks every town at once (a window function keeps
each town's top ``TRENDING_STORED``) whenever reads reach the database and at the first
flush of each hour; a page reads its own town's few stored rows, in one query, however
many towns there are.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from network.models import Site
from network.routing import default_site

from ..models import Article, ReadCount, TrendingStory
from ..models.story_queries import LINK_FIELDS

TRENDING_KEY = "trending:stories"
# Per town: more than the sidebar shows, so that stories taken down since the ranking was
# stored still leave it full.
TRENDING_STORED = 50


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def decay_weights(now: datetime) -> dict[datetime, float]:
    """The weight of each hour in the window: 1 for this hour, halving every half-life."""
    current = hour_of(now)
    half_life = settings.TRENDING_HALF_LIFE_HOURS
    return {
        current - timedelta(hours=age): 0.5 ** (age / half_life)
        for age in range(settings.TRENDING_WINDOW_HOURS)
    }


def _weight_of(hour_field: str, weights: dict[datetime, float]) -> Case:
    return Case(
        *[When(**{hour_field: hour}, then=Value(w)) for hour, w in weights.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )


def trending_scores(now: datetime | None = None, site: Site | None = None):
    """A town's Trending (the default site's unless told) worked out live from its hourly
    reads: the published stories it shows, each with a ``score`` for the window, best
    first; one query. Pages read the stored ranking instead; this says what it must be."""
    site = site or default_site()
    weights = decay_weights(now or timezone.now())
    return (
        Article.objects.published()
        .on_site(site)
        .filter(read_counts__hour__gte=min(weights), read_counts__site=site)
        .annotate(
            score=Sum(
                F("read_counts__count") * _weight_of("read_counts__hour", weights),
                output_field=FloatField(),
            )
        )
        .filter(score__gt=0)
        .order_by("-score", "-published_at", "-pk")
    )


def shown_where_read() -> Exists:
    """A read row's story is published and shown on the town it was read on (its own, or
    shared to it): a story taken back from a town leaves that town's Trending."""
    shared_there = Article.shared_to.through.objects.filter(
        article=OuterRef(OuterRef("article")), site=OuterRef(OuterRef("site"))
    )
    return Exists(
        Article.objects.published()
        .filter(pk=OuterRef("article"))
        .filter(Q(site=OuterRef("site")) | Exists(shared_there))
    )


def ranked_reads(now: datetime):
    """Every town's ranking in one query: (site, article, score) rows, each town's best
    ``TRENDING_STORED`` only, ties to the newer story."""
    weights = decay_weights(now)
    return (
        ReadCount.objects.filter(shown_where_read(), hour__gte=min(weights))
        .order_by()  # grouped by town and story only, not by the rows' own ordering
        .values("site", "article", "article__published_at")
        .annotate(score=Sum(F("count") * _weight_of("hour", weights), output_field=FloatField()))
        .filter(score__gt=0)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("site")],
                order_by=[
                    F("score").desc(),
                    F("article__published_at").desc(),
                    F("article").desc(),
                ],
            )
        )
        .filter(place__lte=TRENDING_STORED)
        .values_list("site", "article", "score")
    )


def refresh_trending(now: datetime | None = None) -> list[TrendingStory]:
    """Work every town's ranking out from its hourly reads and store its top; returns the
    rows stored. One query ranks every town; then the table is cleared and the rows stored
    (in batches: one per 1,000 rows on PostgreSQL, smaller on SQLite's parameter limit).

    Safe from several servers at once: each stores the same ranking for the same reads.
    """
    now = now or timezone.now()
    hour = hour_of(now)
    ranked = [
        TrendingStory(site_id=site_id, article_id=article_id, score=score, hour=hour)
        for site_id, article_id, score in ranked_reads(now)
    ]
    with transaction.atomic():
        TrendingStory.objects.all().delete()
        TrendingStory.objects.bulk_create(
            ranked,
            batch_size=1000,
            # Another server storing the same ranking at the same moment.
            update_conflicts=True,
            unique_fields=["site", "article"],
            update_fields=["score", "hour"],
        )
    return ranked


def stored_trending(limit: int, site: Site) -> list[Article]:
    """Published stories in a town's stored ranking that the town shows, best first, each
    with its ``score`` and the ``ranked_for`` hour it was stored for; one query over a few
    rows.

    Asked from the ranking's side: its few rows, each checked for being published and
    shown here, rather than every published story checked for a place in the ranking.
    """
    shown = Article.objects.published().on_site(site)
    story_is_shown = Exists(shown.filter(pk=OuterRef("article")))
    rows = (
        TrendingStory.objects.filter(story_is_shown, site=site)
        .select_related("article")
        .only("score", "hour", *(f"article__{name}" for name in LINK_FIELDS))
        .order_by("-hour", "-score", "-article__published_at", "-article")[:limit]
    )
    stories = []
    for row in rows:
        row.article.score, row.article.ranked_for = row.score, row.hour
        stories.append(row.article)
    return stories


def trending_cache_key(site: Site) -> str:
    return f"{TRENDING_KEY}:{site.pk}"


def trending_articles(limit: int = 5, site: Site | None = None) -> list[Article]:
    """A town's Trending (the default site's unless told), cached for a minute under the
    town's own key; its latest stories when nobody there read anything.

    Read from the stored ranking, which each flush of the read buffer brings up to date
    (see ``flush_reads``); a page never works it out. A ranking stored before the window
    began (nobody has read anything since) is not shown. Code that writes ``ReadCount``
    rows in bulk calls ``refresh_trending`` itself.
    """
    site = site or default_site()
    key = trending_cache_key(site)
    cached = cache.get(key)
    if cached is not None and len(cached) >= limit:
        return cached[:limit]
    window_start = hour_of(timezone.now()) - timedelta(hours=settings.TRENDING_WINDOW_HOURS)
    stories = [story for story in stored_trending(limit, site) if story.ranked_for > window_start]
    if not stories:
        stories = list(Article.objects.published().on_site(site).for_links()[:limit])
    cache.set(key, stories, timeout=settings.TRENDING_CACHE_SECONDS)
    return stories
