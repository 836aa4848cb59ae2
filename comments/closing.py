"""When a story stops taking comments: its own switch, or its age."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Article


def comments_are_open(article: Article, now: datetime | None = None) -> bool:
    """Open unless an editor closed them, or the story is older than COMMENTS_CLOSE_AFTER_DAYS.

    Zero days means comments never close by age.
    """
    if not article.comments_open:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if not days or article.published_at is None:
        return True
    return article.published_at >= (now or timezone.now()) - timedelta(days=days)


def comments_close_at(article: Article, now: datetime | None = None) -> datetime | None:
    """When the story's age will close its comments; None if nothing will by itself (or
    they are closed already)."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if not article.comments_open or not days or article.published_at is None:
        return None
    moment = article.published_at + timedelta(days=days)
    return moment if moment > (now or timezone.now()) else None
