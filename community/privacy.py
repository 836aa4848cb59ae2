"""What we keep about the neighbours who send news, and how they get it back or erased.

A submission holds the sender's name and email (private), the IP address it came from
(until an editor decides), what they wrote and their photo. Export gives all of it;
erasing anonymises (published stories stay, credited to "a neighbour") or removes
everything, stories made from it included.
"""

from datetime import datetime
from typing import Any

from django.db import transaction

from articles.models import Article
from comments.privacy import ANONYMOUS_EMAIL

from .models import Submission

ANONYMOUS_NAME = "A neighbour"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def submitter_export(*, email: str) -> dict[str, Any]:
    """Every submission sent under this address, however capitalised, as plain JSON data."""
    email = email.strip()
    submissions = (
        Submission.objects.by_email(email)
        .select_related("article", "site")
        .order_by("created_at", "pk")
    )
    return {
        "email": email,
        "submissions": [
            {
                "id": s.pk,
                "town": s.site.name,
                "headline": s.headline,
                "text": s.text,
                "photo": s.photo.name or None,
                "photo_alt": s.photo_alt,
                "event_date": s.event_date.isoformat() if s.event_date else None,
                "event_time": s.event_time.isoformat() if s.event_time else None,
                "event_place": s.event_place,
                "name": s.name,
                "email": s.email,
                "own_work": s.own_work,
                "status": s.status,
                "created_at": _iso(s.created_at),
                "confirmed_at": _iso(s.confirmed_at),
                "decided_at": _iso(s.decided_at),
                "decline_reason": s.decline_reason,
                "ip_address": s.ip_address,
                "story_url": s.article.get_absolute_url()
                if s.article and s.article.is_public
                else None,
            }
            for s in submissions
        ],
    }


@transaction.atomic
def submitter_erase(*, email: str, remove: bool) -> int:
    """Forget a sender's address; returns how many submissions were erased.

    Anonymising (``remove=False``) blanks the name, email, IP address and the photo they
    sent; unpublished drafts made from their submissions are deleted, published stories
    stay with the credit "Community contributor: A neighbour". Removing (``remove=True``)
    deletes the submissions and every story made from them, published or not.
    """
    email = email.strip()
    if email.lower() == ANONYMOUS_EMAIL:
        raise ValueError(f"{ANONYMOUS_EMAIL} stands for already anonymised submissions.")
    submissions = list(Submission.objects.by_email(email).select_related("article"))
    for submission in submissions:
        article = submission.article
        if submission.photo:
            submission.photo.delete(save=False)
        if remove:
            submission.delete()
            if article is not None:
                article.delete()
            continue
        sent_by = submission.name
        submission.name = ANONYMOUS_NAME
        submission.email = ANONYMOUS_EMAIL
        submission.ip_address = None
        submission.photo = ""
        submission.photo_alt = ""
        if article is not None and article.status == Article.Status.DRAFT:
            submission.article = None
            submission.save()
            article.delete()
            continue
        submission.save()
        if article is not None:
            article.contributor_name = ANONYMOUS_NAME
            if article.lead_image_credit == f"Photo: {sent_by}":
                article.lead_image_credit = f"Photo: {ANONYMOUS_NAME}"
            article._change_reason = "Contributor's personal data erased"
            article.save()
    return len(submissions)


# The site-wide privacy tool (`manage.py personal_data`) finds these in each app.


def export_personal_data(email: str) -> dict[str, Any] | None:
    data = submitter_export(email=email)
    return data if data["submissions"] else None


def erase_personal_data(email: str, *, remove: bool) -> str:
    count = submitter_erase(email=email, remove=remove)
    verb = "removed, with their stories" if remove else "anonymised"
    return f"{count} community submission(s) {verb}"
