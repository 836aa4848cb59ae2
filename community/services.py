"""Writes to submissions, shared by the public views, the admin's actions and the signals.

A submission's life: sent (unconfirmed) on a town's site → confirmed by its sender, which
makes a draft story of that town in its Community section (waiting for the town's editors)
→ published or declined by an editor. The sender is emailed at each step that needs them
or concerns them, with the town's name and links.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.text import slugify

from articles.images import clean_image
from articles.models import Article, Section
from articles.publishing import article_publish
from articles.slugs import unique_slug
from articles.templatetags.sidebar import COMMUNITY_SECTION_SLUG
from network.models import Site

from . import held_photos, notifications
from .models import Event, Submission
from .rate_limit import SubmissionRateLimited, hold_submitting_lock, is_rate_limited


def submission_submit(
    *,
    site: Site,
    fields: dict,
    photo: UploadedFile | None = None,
    kept_photo: str = "",
    ip_address: str | None,
) -> Submission:
    """Store what a neighbour sent on this town's site and email them the link that
    confirms it.

    ``photo`` is a fresh upload (checked by the form); ``kept_photo`` a held one from an
    earlier try of the same form, already cleaned. Raises ``SubmissionRateLimited`` when
    this IP or email has sent as many as the window allows (counted under a lock).
    """
    submissions_sweep()
    submission = Submission(**fields, site=site, ip_address=ip_address or None)
    if photo:
        submission.photo = clean_image(photo)
    elif kept_photo:
        with default_storage.open(kept_photo, "rb") as held:
            submission.photo = ContentFile(held.read(), name=held_photos.label(kept_photo))
    submission.full_clean()
    with transaction.atomic():
        hold_submitting_lock(ip_address=ip_address, email=submission.email)
        if is_rate_limited(ip_address=ip_address, email=submission.email):
            raise SubmissionRateLimited
        submission.save()
        # robust: a mail server that is down is logged; it does not turn a saved
        # submission into an error page.
        transaction.on_commit(lambda: notifications.send_confirmation(submission), robust=True)
    held_photos.release(kept_photo)
    return submission


def submission_confirm(*, submission: Submission) -> Submission:
    """The sender clicked the link: the submission becomes a draft for the editors.

    Confirming twice changes nothing (the link may be opened from two devices).
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Submission.Status.UNCONFIRMED:
            return submission
        submission.article = _draft_story(submission)
        submission.status = Submission.Status.WAITING
        submission.confirmed_at = timezone.now()
        submission.save(update_fields=["article", "status", "confirmed_at"])
    return submission


def community_section(site: Site) -> Section:
    """The section a town's community stories go to, made if the town has none: the one
    place that picks it."""
    section, _ = Section.objects.get_or_create(
        site=site,
        slug=COMMUNITY_SECTION_SLUG,
        defaults={"name": "Community", "order": 2},
    )
    return section


def story_body(submission: Submission) -> str:
    """The sender's paragraphs as HTML, escaped, with the event's when and where after."""
    body = linebreaks(submission.text, autoescape=True)
    if submission.event_date:
        when = f"{submission.event_date:%A, %B} {submission.event_date.day}, "
        when += f"{submission.event_date.year}"
        if submission.event_time:
            when += ", " + _clock(submission.event_time)
        body += format_html("\n<p><strong>When:</strong> {}</p>", when)
        if submission.event_place:
            body += format_html("\n<p><strong>Where:</strong> {}</p>", submission.event_place)
    return body


def _clock(moment) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'a.m.' if moment.hour < 12 else 'p.m.'}"


def _draft_story(submission: Submission) -> Article:
    article = Article(
        headline=submission.headline,
        slug=unique_slug(
            Article.objects.all(), slugify(submission.headline), fallback="community-news"
        ),
        body=story_body(submission),
        site=submission.site,
        section=community_section(submission.site),
        status=Article.Status.DRAFT,
        contributor_name=submission.name,
    )
    if submission.photo:
        with submission.photo.open("rb") as photo:
            # Assigned, not stored: saving the story makes its renditions.
            article.lead_image = ContentFile(photo.read(), name=submission.photo.name)
        article.lead_image_alt = submission.photo_alt
        article.lead_image_credit = f"Photo: {submission.name}"
    article._change_reason = "Made from a community submission"
    article.save()
    if submission.event_date:
        Event.objects.create(
            article=article,
            starts_on=submission.event_date,
            start_time=submission.event_time,
            place=submission.event_place,
        )
    return article


def submission_publish(*, submission: Submission, user=None) -> bool:
    """Publish the submission's story now; returns False if it is not waiting.

    The story's own publishing marks the submission and emails its sender (see
    ``submission_mark_published``), so publishing from the story admin does the same.
    """
    if submission.status != Submission.Status.WAITING or submission.article is None:
        return False
    if user is not None:
        Submission.objects.filter(pk=submission.pk).update(decided_by=user)
    article_publish(article=submission.article)
    return True


def submission_mark_published(*, article: Article) -> bool:
    """The story made from a submission went out: record it and tell the sender once."""
    updated = Submission.objects.filter(article=article, status=Submission.Status.WAITING).update(
        status=Submission.Status.PUBLISHED, decided_at=timezone.now(), ip_address=None
    )
    if updated:
        submission = Submission.objects.select_related("article").get(article=article)
        transaction.on_commit(lambda: notifications.send_published(submission), robust=True)
    return bool(updated)


def submission_decline(*, submission: Submission, reason: str, user=None) -> bool:
    """Decline with a reason the sender is told; their draft story goes. False if it was
    already decided (a published story must be unpublished, not declined)."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status not in {Submission.Status.WAITING, Submission.Status.UNCONFIRMED}:
            return False
        article = submission.article
        if article is not None and article.status != Article.Status.DRAFT:
            return False
        submission.status = Submission.Status.DECLINED
        submission.decline_reason = reason.strip()
        submission.decided_at = timezone.now()
        submission.decided_by = user
        submission.ip_address = None
        submission.article = None
        submission.save()
        if article is not None:
            article.delete()
        if submission.confirmed_at is not None:
            transaction.on_commit(lambda: notifications.send_declined(submission), robust=True)
    return True


def submissions_sweep() -> int:
    """Forget what nobody confirmed in time, and photos held for forms never sent again.

    Run on each new submission, so it needs no cron; returns how many were deleted.
    """
    expired = list(Submission.objects.expired())
    for submission in expired:
        if submission.photo:
            submission.photo.delete(save=False)
        submission.delete()
    held_photos.sweep()
    return len(expired)
