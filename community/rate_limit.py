"""How many submissions one address or one IP may send in a while.

Counted from the stored submissions themselves, under the same per-address lock as
comments (``comments.rate_limit``), so every app server sees the same numbers and twenty
submissions sent at once from one address get exactly ``COMMUNITY_RATE_LIMIT`` through.
"""

from datetime import datetime

from django.conf import settings

from comments.rate_limit import hold_posting_lock, too_many

from .models import Submission


class SubmissionRateLimited(Exception):
    """This address or this email has sent as many submissions as the window allows."""


def is_rate_limited(*, ip_address: str | None, email: str, now: datetime | None = None) -> bool:
    """True once COMMUNITY_RATE_LIMIT submissions came from this IP or email in the window."""
    limit, window = settings.COMMUNITY_RATE_LIMIT, settings.COMMUNITY_RATE_WINDOW_SECONDS
    return too_many(Submission.objects, limit, window, ip_address=ip_address, email=email, now=now)


def hold_submitting_lock(*, ip_address: str | None, email: str) -> None:
    """Make other submissions from this IP or this email wait until this transaction ends."""
    hold_posting_lock(ip_address=ip_address, email=email, what="submitting")
