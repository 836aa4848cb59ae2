"""Stories scheduled for later go public with nothing saved: their pages are retired then.

An editor who publishes a story for 6 a.m. saves it at midnight; at 6 a.m. it joins the
home page, its section, the feeds and the sidebar without any save that could retire
those pages. Stored pages live for hours, so the first reader after the moment does it:
the page cache asks for the next scheduled moment in the same cache read as the page
(``NEXT_DUE``), and once it has passed, one request retires what those stories'
publication retires (``retirement_signals.retire_story``) and notes the next moment.
No cron job is needed, and a story that was due while nobody read anything is retired
by the first reader after.
"""

import contextlib
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.models import Article

from .retirement_signals import retire_story, story_state

NEXT_DUE = "retired:next-scheduled"
LOCK = "retired:scheduled-lock"
# Stored when no story is scheduled: a number, so that "nothing" is told from "not known".
NOTHING = 0.0


def scheduled_stories():
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def remember_next_due(now: datetime | None = None) -> float:
    """Note when the next scheduled story goes public (one query) and return it."""
    now = now or timezone.now()
    moment = (
        scheduled_stories()
        .filter(published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    due = moment.timestamp() if moment is not None else NOTHING
    cache.set(NEXT_DUE, due, timeout=None)
    return due


def story_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    """Any story saved or deleted may be, or have been, the next one due."""
    if not raw:
        transaction.on_commit(remember_next_due)


def retire_if_due(found: dict, now: datetime | None = None) -> None:
    """``found``: the page cache's ``get_many``, which asked for ``NEXT_DUE`` too."""
    due = found.get(NEXT_DUE)
    now = now or timezone.now()
    if due is None:  # a new or emptied cache (no stored pages either): nobody knows yet
        with contextlib.suppress(DatabaseError):  # the page below answers 503 by itself
            remember_next_due(now)
        return
    if due == NOTHING or due > now.timestamp():
        return
    # One request does it; the others go on serving until it has.
    if not cache.add(LOCK, 1, timeout=30):
        return
    try:
        retire_published_since(datetime.fromtimestamp(due, UTC), now)
        remember_next_due(now)
    except DatabaseError:  # tried again by the next reader
        pass
    finally:
        cache.delete(LOCK)


def retire_published_since(since: datetime, now: datetime) -> int:
    """Retire the pages of the stories that went public between ``since`` and ``now``."""
    stories = Article.objects.published().filter(published_at__gte=since, published_at__lte=now)
    count = 0
    for story in stories:
        after = story_state(story.pk, lambda name, story=story: getattr(story, name))
        # Before: the same story, not yet public.
        before = story_state(
            story.pk,
            lambda name, story=story: (
                Article.Status.DRAFT if name == "status" else getattr(story, name)
            ),
        )
        retire_story(before, after)
        count += 1
    return count
