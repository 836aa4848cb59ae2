"""What we keep about commenters, for how long, and how a commenter gets it back or erased.

The IP address and browser of a comment help moderators spot a spammer while the comment is
fresh; after `COMMENTS_IP_RETENTION_DAYS` they only add risk, so a nightly job blanks them.
A commenter who asks what we hold gets an export of everything stored under their address,
and one who asks to be forgotten gets their comments anonymised or removed.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from .choices import Rule
from .models import Comment, CommenterEmail
from .services import refresh_comment_counts
from .signals import public_comments_changed

ANONYMOUS_NAME = "Deleted commenter"
# A syntactically valid address in the reserved `.invalid` TLD (RFC 2606), so the row still
# passes EmailField validation yet can never reach anyone.
ANONYMOUS_EMAIL = "deleted@example.invalid"

# Moderation rules whose matched term is the commenter's own address or IP entry.
PERSONAL_DECISION_RULES = [Rule.BLOCKED_EMAIL, Rule.BLOCKED_IP]


def ip_retention_days() -> int:
    """How many days a comment keeps the IP address and browser it was sent from."""
    return int(getattr(settings, "COMMENTS_IP_RETENTION_DAYS", 60))


def purge_old_ip_addresses(*, now: datetime | None = None) -> int:
    """Blank the IP address and browser of comments older than the retention period.

    Returns how many comments changed. Only rows that still hold one of the two are touched,
    so running it again (from cron, twice, after a failure) changes nothing and returns 0.
    One UPDATE query, whatever the number of comments.
    """
    cutoff = (now or timezone.now()) - timedelta(days=ip_retention_days())
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
        .update(ip_address=None, user_agent="")
    )


def _isoformat(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def commenter_export(*, email: str) -> dict[str, Any]:
    """Everything stored under an email address, however it was capitalised, as plain JSON data.

    This answers a commenter's request to see their data: the confirmation record of the
    address, and every comment sent with it, including the private fields readers never see
    (email, IP address, browser). Reports by other readers are not included: they hold only
    a hash of the reporter, nothing about this commenter.
    """
    email = email.strip()
    confirmation = CommenterEmail.objects.filter(email__iexact=email).first()
    comments = (
        Comment.objects.by_email(email).select_related("article").order_by("created_at", "pk")
    )
    return {
        "email": email,
        "confirmation": (
            {
                "confirmation_sent_at": _isoformat(confirmation.confirmation_sent_at),
                "confirmed_at": _isoformat(confirmation.confirmed_at),
            }
            if confirmation
            else None
        ),
        "comments": [
            {
                "id": comment.pk,
                "story": comment.article.headline,
                "story_url": comment.article.get_absolute_url(),
                "parent_id": comment.parent_id,
                "name": comment.name,
                "email": comment.email,
                "website": comment.website,
                "text": comment.text,
                "status": comment.status,
                "created_at": _isoformat(comment.created_at),
                "ip_address": comment.ip_address,
                "user_agent": comment.user_agent,
                "notify": comment.notify,
                "decided_by": comment.decided_by,
                "decided_term": comment.decided_term,
            }
            for comment in comments
        ],
    }


@transaction.atomic
def commenter_erase(*, email: str, remove: bool) -> int:
    """Forget a commenter's address: anonymise their comments, or remove them.

    Anonymising (`remove=False`) keeps the text, so the conversation under a story still
    reads, and blanks everything that points to the person: name, email, website, IP
    address, browser, the notification wish, the link to a staff account, and a moderation
    term that was their own address or IP. Removing (`remove=True`) deletes the comments;
    Django's CASCADE then also deletes every reply to them, by whoever wrote it, and the
    readers' reports on them. Either way the address's confirmation record is deleted,
    reports on anonymised comments are kept (they hold no email), and the stories' comment
    counts are recounted.

    Returns how many comments were anonymised, or removed including cascaded replies.
    """
    email = email.strip()
    if email.lower() == ANONYMOUS_EMAIL:
        raise ValueError(f"{ANONYMOUS_EMAIL} stands for already anonymised comments.")

    comments = Comment.objects.by_email(email)
    article_ids = set(comments.values_list("article_id", flat=True))
    if remove:
        _, deleted = comments.delete()
        affected = deleted.get(Comment._meta.label, 0)
    else:
        affected = comments.update(
            name=ANONYMOUS_NAME,
            email=ANONYMOUS_EMAIL,
            website="",
            ip_address=None,
            user_agent="",
            notify=False,
            user=None,
            decided_term=Case(
                When(decided_by__in=PERSONAL_DECISION_RULES, then=Value("")),
                default=F("decided_term"),
            ),
        )
    CommenterEmail.objects.filter(email__iexact=email).delete()
    transaction.on_commit(
        lambda: public_comments_changed.send(sender=Comment, article_ids=article_ids)
    )
    # Only removal changes the counts, but recounting is cheap and mends any drift.
    refresh_comment_counts(article_ids)
    return affected


# The site-wide privacy tool (`manage.py personal_data`) finds these in each app.


def export_personal_data(email: str) -> dict[str, Any] | None:
    data = commenter_export(email=email)
    return data if data["comments"] or data["confirmation"] else None


def erase_personal_data(email: str, *, remove: bool) -> str:
    count = commenter_erase(email=email, remove=remove)
    return f"{count} comment(s) {'removed, with replies to them' if remove else 'anonymised'}"
