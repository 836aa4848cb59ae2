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
