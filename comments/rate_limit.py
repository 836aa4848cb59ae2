"""How many comments one address or one IP may post in a short time.

Counted from the stored comments themselves, so every app server sees the same numbers.
The count and the write that follows it happen under a lock held until the transaction
ends (``hold_posting_lock``), so twenty posts sent at the same moment from one address
get exactly ``COMMENTS_RATE_LIMIT`` comments through, not one more.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from .models import Comment


class CommentRateLimited(Exception):
    """This address or this email has posted as many comments as the window allows."""


def is_rate_limited(*, ip_address: str | None, email: str, now: datetime | None = None) -> bool:
    """True once COMMENTS_RATE_LIMIT comments came from this IP or this email in the window."""
    limit, window = settings.COMMENTS_RATE_LIMIT, settings.COMMENTS_RATE_WINDOW_SECONDS
    return too_many(Comment.objects, limit, window, ip_address=ip_address, email=email, now=now)


def too_many(
    rows: QuerySet,
    limit: int,
    window_seconds: int,
    *,
    ip_address: str | None,
    email: str,
    now: datetime | None = None,
) -> bool:
    """True once ``limit`` of the ``rows`` created in the last ``window_seconds`` (comments,
    submissions: anything with ``created_at``, an IP address and ``by_email()``) came from
    this IP or this email; no limit if 0."""
    if not limit:
        return False
    since = (now or timezone.now()) - timedelta(seconds=window_seconds)
    recent = rows.filter(created_at__gte=since)
    if ip_address and recent.filter(ip_address=ip_address).count() >= limit:
        return True
    return recent.by_email(email).count() >= limit


def hold_posting_lock(*, ip_address: str | None, email: str, what: str = "posting") -> None:
    """Make other posts from this IP or this email wait until this transaction ends
    (``what`` names the kind of post, so that a comment never waits for a submission).

    Call inside ``transaction.atomic()``, before counting. On PostgreSQL: an advisory lock
    per IP and per email, taken in a fixed order so two posts never wait for each other.
    On SQLite every transaction already begins by taking the database's write lock
    (``transaction_mode: IMMEDIATE`` in the settings), which serialises them all.
    """
    names = {f"{what}:email:{email.strip().lower()}"}
    if ip_address:
        names.add(f"{what}:ip:{ip_address}")
    hold_locks(*names)


def hold_locks(*names: str) -> None:
    """Hold a lock per name until the transaction ends (PostgreSQL advisory locks, taken
    in a fixed order; on SQLite the transaction's write lock already serialises)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(_lock_key(name) for name in set(names)):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _lock_key(name: str) -> int:
    digest = hashlib.blake2b(f"comments:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
