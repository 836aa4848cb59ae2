"""The comments' vocabulary, defined once: where a comment stands, and which rule put it there.

The moderation rules, the spam check, the services, the admin and the signal wiring all
import these; no other module spells a status or a rule code as a string.
"""

from django.db import models


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    TRASH = "trash", "Trash"


class Rule(models.TextChoices):
    """The moderation rule that decided a comment's status, as stored on the comment."""

    STAFF = "staff", "Written by a signed-in staff member"
    HONEYPOT = "honeypot", "Filled the hidden field only bots see"
    BLOCKED_EMAIL = "blocked_email", "Blocked email address"
    BLOCKED_DOMAIN = "blocked_domain", "Blocked email domain"
    BLOCKED_IP = "blocked_ip", "Blocked IP address"
    DISALLOWED_WORD = "disallowed_word", "Disallowed word or phrase"
    DUPLICATE = "duplicate", "Same text as this commenter's previous comment"
    SPAM_SERVICE = "spam_service", "The spam-checking service called it spam"
    TOO_MANY_LINKS = "too_many_links", "Too many links"
    HOLD_WORD = "hold_word", "Word or phrase held for review"
    FIRST_COMMENT = "first_comment", "First comment from this email address"
    UNCONFIRMED_EMAIL = "unconfirmed_email", "Email address not confirmed from this browser"
    AUTO_APPROVE_OFF = "auto_approve_off", "Automatic approval is turned off"
    SPAM_SERVICE_UNAVAILABLE = (
        "spam_service_unavailable",
        "The spam-checking service could not be reached",
    )
    READER_REPORTS = "reader_reports", "Reported by readers"
    TRUSTED = "trusted", "Trusted commenter"
    MODERATOR = "moderator", "Decided by a moderator"


class Verdict(models.TextChoices):
    """What an outside spam check says of a comment; it never decides on its own."""

    SPAM = "spam", "Spam"
    HAM = "ham", "Not spam"
    UNAVAILABLE = "unavailable", "Could not be reached"
