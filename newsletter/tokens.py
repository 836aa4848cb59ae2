"""Signed links in newsletter emails: confirming an address, and leaving a list.

A confirmation link carries the choices it confirms and lasts a week. An unsubscribe link
carries the subscriber and the list (digest or alerts) and never expires: a reader must
be able to leave from a years-old email.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
LISTS = ("digest", "alert")


def confirmation_token(subscriber_id: int, *, digest: bool, alerts: bool) -> str:
    return signing.dumps({"s": subscriber_id, "d": digest, "a": alerts}, salt=CONFIRM_SALT)


def confirmation_from_token(token: str) -> tuple[int, bool, bool] | None:
    """(subscriber id, wants digest, wants alerts), or None if forged or expired."""
    max_age = settings.NEWSLETTER_CONFIRM_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
        return int(data["s"]), bool(data["d"]), bool(data["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def unsubscribe_token(subscriber_id: int, kind: str) -> str:
    return signing.dumps([subscriber_id, kind], salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_from_token(token: str) -> tuple[int, str] | None:
    try:
        subscriber_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        if kind not in LISTS:
            raise ValueError(kind)
        return int(subscriber_id), kind
    except (signing.BadSignature, TypeError, ValueError):
        return None
