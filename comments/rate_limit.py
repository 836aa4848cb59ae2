"""How many comments one address or one IP may post in a short time.

Counted from the stored comments themselves, so every app server sees the same numbers.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Comment


def is_rate_limited(*, ip_address: str | None, email: str, now: datetime | None = None) -> bool:
    """True once COMMENTS_RATE_LIMIT comments came from this IP or this email in the window."""
    limit = settings.COMMENTS_RATE_LIMIT
    if not limit:
        return False
    since = (now or timezone.now()) - timedelta(seconds=settings.COMMENTS_RATE_WINDOW_SECONDS)
    recent = Comment.objects.filter(created_at__gte=since)
    if ip_address and recent.filter(ip_address=ip_address).count() >= limit:
        return True
    return recent.by_email(email).count() >= limit
