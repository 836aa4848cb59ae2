"""Forgery and bot protection for the reply form that keeps story pages cacheable.

A CSRF cookie would make every story page differ per reader, so the form instead carries
a signed, timestamped token (the same for every reader of a page) and the post must come
from this site. Filling the hidden honeypot field marks a bot.
"""

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

TOKEN_SALT = "comments.form-token"


def form_token(article_id: int, now: float | None = None) -> str:
    """A token for the reply form of one story, signed with the time it was made."""
    issued = int(now if now is not None else time.time())
    return signing.dumps({"a": article_id, "t": issued}, salt=TOKEN_SALT)


def form_token_error(token: str | None, article_id: int, now: float | None = None) -> str:
    """Why a returned form token is refused, or "" when it is good."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        issued = int(data["t"])
        if data["a"] != article_id:
            raise ValueError("token made for another story")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return "This form could not be checked. Please send your comment again."
    age = (now if now is not None else time.time()) - issued
    if age < settings.COMMENTS_MIN_SECONDS:
        return (
            "That was faster than a person can type. Please wait a few seconds, "
            "then send your comment again."
        )
    if age > settings.COMMENTS_MAX_AGE_SECONDS:
        return (
            "This page was open a long time and the form has expired. "
            "Please send your comment again."
        )
    return ""


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
    parts = urlsplit(origin)
    return parts.scheme in {"http", "https"} and parts.netloc == request.get_host()
