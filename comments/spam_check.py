"""An optional outside spam check (Akismet), behind a one-method interface.

It is off unless `AKISMET_API_KEY` is set, so development and small newsrooms need no account.
The check never raises: when the service cannot answer, it says UNAVAILABLE and the moderation
rules hold the comment for a person instead of losing it or letting it through unseen.
Warnings name what went wrong, never the commenter's email or IP address.
"""

import logging
from typing import Protocol
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

from .choices import Verdict
from .moderation import Candidate

logger = logging.getLogger("comments.spam_check")


class SpamChecker(Protocol):
    def check(self, candidate: Candidate, *, permalink: str = "", referrer: str = "") -> Verdict:
        """SPAM, HAM or UNAVAILABLE for a new comment; never raises."""
        ...


class AkismetChecker:
    """Akismet's comment-check call, with only the standard library so it adds no dependency."""

    def __init__(self, *, api_key: str, base_url: str, blog: str, timeout: float) -> None:
        self.api_key = api_key
        self.url = base_url.rstrip("/") + "/1.1/comment-check"
        self.blog = blog
        self.timeout = timeout

    def form(self, candidate: Candidate, *, permalink: str = "", referrer: str = "") -> dict:
        """The fields Akismet reads; `user_ip` only when we have one, rather than a fake."""
        fields = {
            "api_key": self.api_key,
            "blog": self.blog,
            "user_agent": candidate.user_agent,
            "referrer": referrer,
            "permalink": permalink,
            "comment_type": "comment",
            "comment_author": candidate.name,
            "comment_author_email": candidate.email,
            "comment_author_url": candidate.website,
            "comment_content": candidate.text,
            "blog_charset": "UTF-8",
        }
        if candidate.ip_address:
            fields["user_ip"] = candidate.ip_address
        return fields

    def check(self, candidate: Candidate, *, permalink: str = "", referrer: str = "") -> Verdict:
        """Ask Akismet; any answer other than a plain "true" or "false" is UNAVAILABLE."""
        body = urlencode(self.form(candidate, permalink=permalink, referrer=referrer))
        request = Request(
            self.url,
            data=body.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "User-Agent": "newsroom/0.1",
            },
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:
                answer = response.read(64).decode("utf-8", "replace").strip()
                help_text = response.headers.get("X-akismet-debug-help", "")
        except HTTPError as error:
            return unavailable(f"HTTP {error.code}")
        # Timeouts, refused connections, DNS and protocol errors alike: a broken spam service
        # must never break posting a comment, so nothing escapes this method.
        except Exception as error:
            return unavailable(f"{type(error).__name__}: {error}")
        if answer == "true":
            return Verdict.SPAM
        if answer == "false":
            return Verdict.HAM
        return unavailable(f"unexpected answer {answer!r} {help_text}".strip())


def unavailable(reason: str) -> Verdict:
    """Log why the check failed, from the service's side only, and say UNAVAILABLE."""
    logger.warning("Akismet comment check unavailable: %s", reason)
    return Verdict.UNAVAILABLE


def get_spam_checker() -> SpamChecker | None:
    """The configured checker, or None when AKISMET_API_KEY is unset (the default)."""
    api_key = getattr(settings, "AKISMET_API_KEY", "")
    if not api_key or not api_key.strip():
        return None
    return AkismetChecker(
        api_key=api_key.strip(),
        base_url=getattr(settings, "AKISMET_URL", "https://rest.akismet.com"),
        blog=getattr(settings, "SITE_URL", "http://127.0.0.1:8000"),
        timeout=float(getattr(settings, "AKISMET_TIMEOUT_SECONDS", 3)),
    )
