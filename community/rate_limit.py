"""How many submissions one address or one IP may send in a while.

Counted from the stored submissions themselves, as the comments' limit is, so every app
server sees the same numbers.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Submission


def is_rate_limited(*, ip_address: str | None, email: str, now: datetime | None = None) -> bool:
    """True once COMMUNITY_RATE_LIMIT submissions came from this IP or email in the window."""
    limit = settings.COMMUNITY_RATE_LIMIT
    if not limit:
        return False
    since = (now or timezone.now()) - timedelta(seconds=settings.COMMUNITY_RATE_WINDOW_SECONDS)
    recent = Submission.objects.filter(created_at__gte=since)
    if ip_address and recent.filter(ip_address=ip_address).count() >= limit:
        return True
    return recent.by_email(email).count() >= limit
