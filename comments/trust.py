"""Proof that a commenter owns the address they type, and that this browser is theirs.

A typed email proves nothing. The owner proves it by clicking a link we email to the
address; that click marks the address confirmed and leaves a signed cookie in the browser
that clicked. Only comments from such a browser count as coming from the address's owner.
"""

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import CommenterEmail

TOKEN_SALT = "comments.confirm-email"
TOKEN_MAX_AGE = 7 * 24 * 3600
COOKIE_NAME = "comments_confirmed"
COOKIE_SALT = "comments.confirmed-browser"
COOKIE_MAX_AGE = 365 * 24 * 3600
MAX_REMEMBERED = 10


def normalized(email: str) -> str:
    return email.strip().lower()


def confirmation_token(email: str) -> str:
    return signing.dumps(normalized(email), salt=TOKEN_SALT)


def email_from_token(token: str) -> str | None:
    """The address a confirmation link was made for, or None if it is forged or too old."""
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


def email_confirm(*, email: str) -> CommenterEmail:
    """Record that the owner of this address clicked the link we sent."""
    record, _ = CommenterEmail.objects.get_or_create(email=normalized(email))
    if record.confirmed_at is None:
        record.confirmed_at = timezone.now()
        record.save(update_fields=["confirmed_at"])
    return record


def is_email_confirmed(email: str) -> bool:
    return CommenterEmail.objects.filter(
        email=normalized(email), confirmed_at__isnull=False
    ).exists()


def _fingerprint(email: str) -> str:
    # The cookie holds a keyed hash, so the browser's cookie store never holds the address.
    return salted_hmac(COOKIE_SALT, normalized(email)).hexdigest()[:32]


def _browser_fingerprints(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT)
    return [part for part in value.split(",") if part]


def browser_confirmed(request: HttpRequest, email: str) -> bool:
    return _fingerprint(email) in _browser_fingerprints(request)


def remember_confirmed_browser(request: HttpRequest, response: HttpResponse, email: str) -> None:
    fingerprints = [f for f in _browser_fingerprints(request) if f != _fingerprint(email)]
    fingerprints = [*fingerprints, _fingerprint(email)][-MAX_REMEMBERED:]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(fingerprints),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
