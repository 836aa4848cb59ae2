"""The emails the comments app sends, each for a reason the recipient asked for or needs.

- moderators: a comment is waiting for them;
- a commenter who ticked "Email me": their comment was approved, or someone answered it,
  each with a one-click unsubscribe link that needs no login;
- a commenter whose address is not yet confirmed: the link that confirms it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from network.access import working_on
from network.routing import default_site

from .models import Comment, CommenterEmail
from .trust import confirmation_token, normalized

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"
UNSUBSCRIBE_SALT = "comments.unsubscribe"
CONFIRMATION_EVERY = timedelta(hours=24)


def absolute(path: str, comment: Comment | None = None) -> str:
    """An address for an email: on the town of the comment's story, when there is one."""
    if comment is not None:
        return comment.article.site.absolute(path)
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(comment_id: int) -> str:
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def comment_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _message(
    template: str, context: dict, to: list[str], *, comment: Comment | None = None, **kwargs
) -> EmailMessage:
    site = comment.article.site if comment is not None else default_site()
    context = {"SITE_NAME": site.name if comment is not None else settings.SITE_NAME, **context}
    # Times in the town's own zone: the comment's story's town.
    with timezone.override(site.zone):
        subject, _, body = render_to_string(template, context).strip().partition("\n")
    return EmailMessage(subject.strip(), body.strip() + "\n", to=to, **kwargs)


def send_moderator_alert(comment: Comment) -> int:
    """Tell each moderator, once, that a comment is held; returns how many were emailed."""
    if not settings.COMMENTS_NOTIFY_MODERATORS:
        return 0
    moderators = (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .filter(pk__in=working_on(get_user_model().objects.all(), comment.article.site))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    context = {
        "comment": comment,
        "review_url": absolute(
            reverse("admin:comments_comment_change", args=[comment.pk]), comment
        ),
        "queue_url": absolute(
            reverse("admin:comments_comment_changelist") + "?status=pending", comment
        ),
        "story_url": absolute(comment.article.get_absolute_url(), comment),
    }
    messages = [
        _message("comments/email/moderator_alert.txt", context, [address], comment=comment)
        for address in moderators
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def _send_to_commenter(comment: Comment, template: str, context: dict) -> bool:
    unsubscribe_url = absolute(
        reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(comment.pk)}), comment
    )
    message = _message(
        template,
        {**context, "comment": comment, "unsubscribe_url": unsubscribe_url},
        [comment.email],
        comment=comment,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return bool(message.send())


def send_approved_notice(comment: Comment) -> bool:
    """Tell a commenter who asked that their held comment is now published."""
    if not comment.notify:
        return False
    return _send_to_commenter(
        comment,
        "comments/email/approved.txt",
        {"comment_url": absolute(comment.get_absolute_url(), comment)},
    )


def send_reply_notice(reply: Comment) -> bool:
    """Tell the author of the comment this reply answers, if they asked and it isn't them."""
    parent = reply.parent
    if parent is None or not parent.notify or normalized(parent.email) == normalized(reply.email):
        return False
    return _send_to_commenter(
        parent,
        "comments/email/reply.txt",
        {"reply": reply, "reply_url": absolute(reply.get_absolute_url(), reply)},
    )


def send_email_confirmation(email: str) -> bool:
    """Email the link that proves ownership of an address, at most once a day per address."""
    record, _ = CommenterEmail.objects.get_or_create(email=normalized(email))
    if record.confirmed_at is not None:
        return False
    now = timezone.now()
    if record.confirmation_sent_at and now - record.confirmation_sent_at < CONFIRMATION_EVERY:
        return False
    record.confirmation_sent_at = now
    record.save(update_fields=["confirmation_sent_at"])
    confirm_url = absolute(
        reverse("comments:confirm-email", kwargs={"token": confirmation_token(email)})
    )
    message = _message(
        "comments/email/confirm_email.txt", {"confirm_url": confirm_url}, [record.email]
    )
    return bool(message.send())
