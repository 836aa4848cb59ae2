"""Logging filters for the settings' LOGGING: a cache outage is one line a minute, and no
line carries an email address or a link that confirms one."""

import logging
import re
import time

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A confirmation link signs in as the address's owner (and its token holds the address);
# an unsubscribe link acts for the commenter. Their tokens never reach a log.
PRIVATE_LINK = re.compile(r"(/comments/(?:confirm|unsubscribe)/)[^/\s?#\"']+")


def redact(text: str) -> str:
    return PRIVATE_LINK.sub(r"\1[token]", EMAIL.sub("[email]", text))


class Redact(logging.Filter):
    """On the console handler: whatever a message or a traceback says, an email address
    becomes ``[email]`` and a confirmation or unsubscribe token ``[token]``.

    The code logs neither on purpose; this is the net under what it does not control
    (Django's request warnings name the path, an SMTP error names its recipients).
    """

    formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class CacheOutage(logging.Filter):
    """django-redis logs every cache call that failed while Redis is away, with a traceback.

    The site carries on without the cache (pages are rendered afresh), so that is one fact,
    not thousands: this lets one short warning through a minute and drops the rest.
    """

    def __init__(self, seconds: float = 60) -> None:
        super().__init__()
        self.seconds = seconds
        self.last = -seconds

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self.last < self.seconds:
            return False
        self.last = now
        error = record.exc_info[1] if record.exc_info else None
        cause = getattr(error, "__cause__", None) or error
        record.msg = "Cache unavailable (%s); serving without it."
        record.args = (f"{type(cause).__name__}: {cause}" if cause else "unknown error",)
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
