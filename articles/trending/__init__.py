"""Trending: reads counted per town by the story page's beacon (``counting``), and each
town's ranking worked out from them, stored and read (``ranking``)."""

from .counting import (
    BOT_USER_AGENT,
    FLUSH_DUE_KEY,
    admits_another_reader,
    count_read,
    flush_reads,
    forget_process_memory,
    is_bot,
    is_person_reading,
    is_public_story,
    reader_fingerprint,
    record_read,
)
from .ranking import (
    TRENDING_KEY,
    TRENDING_STORED,
    decay_weights,
    hour_of,
    ranked_reads,
    refresh_trending,
    shown_where_read,
    stored_trending,
    trending_articles,
    trending_cache_key,
    trending_scores,
)

__all__ = [
    "BOT_USER_AGENT",
    "FLUSH_DUE_KEY",
    "TRENDING_KEY",
    "TRENDING_STORED",
    "admits_another_reader",
    "count_read",
    "decay_weights",
    "flush_reads",
    "forget_process_memory",
    "hour_of",
    "is_bot",
    "is_person_reading",
    "is_public_story",
    "ranked_reads",
    "reader_fingerprint",
    "record_read",
    "refresh_trending",
    "shown_where_read",
    "stored_trending",
    "trending_articles",
    "trending_cache_key",
    "trending_scores",
]
