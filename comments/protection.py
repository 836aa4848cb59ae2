"""Forgery and bot protection for the public forms that keeps their pages cacheable.

A CSRF cookie would make every page differ per reader, so a form instead carries a signed,
timestamped token, and the post must come from this site. Filling the hidden honeypot
field marks a bot.

There are two kinds of token, because a page and its form may be served from a cache for
many readers:

- a **page token** is stamped when the form is rendered into a page. Caches hand it to
  every reader, so its age says nothing about when this reader got the form; it only
  proves the form came from this site, not too long ago (``COMMENTS_MAX_AGE_SECONDS``).
- a **fresh token** is issued to one reader: by the small uncached request the page's
  script makes when the reader starts on the form (``comments:form-token``), or in a form
  that only this reader is shown (the form sent back after a post). Its age is how long
  this reader had the form, which must be at least ``COMMENTS_MIN_SECONDS``.

A post carrying a page token (a reader without JavaScript, or a bot that fetched a cached
page) gets the form back with a fresh token and is asked to send it once more.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

TOKEN_SALT = "comments.form-token"


def form_token(target: int | str, now: float | None = None, *, fresh: bool = False) -> str:
    """A token for a form about ``target``, signed with the time it was made: a story's id
    for its reply and report forms, a name (``"community.submit"``) for another form.

    ``fresh`` only for a token issued to one reader, never for one in a shared page.
    """
    issued = int(now if now is not None else time.time())
    payload = {"a": target, "t": issued}
    if fresh:
        payload["f"] = 1
    return signing.dumps(payload, salt=TOKEN_SALT)


@dataclass(frozen=True)
class TokenError:
    code: str
    message: str


INVALID = TokenError("token", "This form could not be checked. Please send it again.")
TOO_FAST = TokenError(
    "too_fast",
    "That was faster than a person can type. Please wait a few seconds, then send it again.",
)
EXPIRED = TokenError(
    "expired", "This page was open a long time and the form has expired. Please send it again."
)
NOT_FRESH = TokenError(
    "not_fresh",
    "One more step, to keep out automated posting: please check the form and send it once more.",
)


def form_token_error(
    token: str | None, target: int | str, now: float | None = None
) -> TokenError | None:
    """Why a returned form token is refused, or None when it is good."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        issued = int(data["t"])
        if data["a"] != target:
            raise ValueError("token made for another form")
        fresh = data.get("f") == 1
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return INVALID
    age = (now if now is not None else time.time()) - issued
    if age > settings.COMMENTS_MAX_AGE_SECONDS:
        return EXPIRED
    if not fresh:
        return NOT_FRESH
    if age < settings.COMMENTS_MIN_SECONDS:
        return TOO_FAST
    return None


def is_same_origin(request: HttpRequest) -> bool:
    """False when the browser says the post came from another site.

    Browsers send Origin on form posts; Referer is the fallback. A post with neither
    (some privacy tools strip both) is let through to the other checks.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True
        origin = referer
    try:
        parts = urlsplit(origin)
    except ValueError:  # "http://[::1": not an address at all, so not this site's
        return False
    return parts.scheme in {"http", "https"} and parts.netloc == request.get_host()
