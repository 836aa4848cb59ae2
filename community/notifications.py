"""The emails a submission's sender gets: the confirmation link, then the editors' answer.

Each goes to the sender alone, about their own submission; none carries anyone else's
address. Each is in the name of the town the submission was sent on, with links to its host.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Submission
from .tokens import confirmation_token


def _send(template: str, submission: Submission, **context) -> bool:
    context = {"SITE_NAME": submission.site.name, "submission": submission, **context}
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    return bool(EmailMessage(subject.strip(), body.strip() + "\n", to=[submission.email]).send())


def send_confirmation(submission: Submission) -> bool:
    path = reverse("community:confirm", kwargs={"token": confirmation_token(submission.pk)})
    return _send(
        "community/email/confirm.txt",
        submission,
        confirm_url=submission.site.absolute(path),
        days=settings.COMMUNITY_CONFIRM_DAYS,
    )


def send_published(submission: Submission) -> bool:
    article = submission.article
    if article is None:
        return False
    return _send(
        "community/email/published.txt",
        submission,
        story_url=submission.site.absolute(article.get_absolute_url()),
        goes_live=timezone.localtime(article.published_at) if article.is_scheduled else None,
    )


def send_declined(submission: Submission) -> bool:
    return _send(
        "community/email/declined.txt",
        submission,
        submit_url=submission.site.absolute(reverse("community:submit")),
    )
