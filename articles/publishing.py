"""The publishing workflow and who may move a story along it.

    draft → pending review → (scheduled →) published → unpublished
      ↑__________|  sent back by an editor, or withdrawn by its writer

Writers write drafts and submit them for review; editors publish, schedule, unpublish,
or send a submitted story back with a note. Scheduling needs no job: a story published
with a future time is left out by ``Article.objects.published()`` until its time comes.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from . import notifications
from .models import Article

# The revision that sent a story back says so; the writer's form shows who and when.
SENT_BACK = "Sent back to the writer"

# Form fields only someone who may publish can send.
PUBLISHING_FIELDS = ("status", "published_at", "published_at_0", "published_at_1")


def is_own_draft(article: Article, user) -> bool:
    """A writer's own story that has never gone out: the only kind they may change."""
    return article.status == Article.Status.DRAFT and article.created_by_id == user.pk


def is_own_submission(article: Article, user) -> bool:
    """A writer's own story waiting for an editor: they may read it and withdraw it.

    Editors review a text that holds still: to change a submitted story, its writer takes
    it back to draft (which takes it out of the editors' queue) and submits it again.
    """
    return article.status == Article.Status.PENDING and article.created_by_id == user.pk


def refuse_publishing_fields(data: QueryDict) -> None:
    """Refuse a form that tries to publish or schedule for someone who may not.

    The admin does not show these fields to writers; a post that carries them anyway
    was made by hand, and is refused rather than quietly half-applied.
    """
    status = data.get("status")
    if status not in (None, "", Article.Status.DRAFT) or any(
        data.get(field) for field in PUBLISHING_FIELDS[1:]
    ):
        raise PermissionDenied("Only editors can publish, schedule or unpublish stories.")


def article_publish(*, article: Article) -> bool:
    """Publish now (or keep a scheduled time); returns False if it was already published."""
    if article.status == Article.Status.PUBLISHED and article.is_public:
        return False
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > timezone.now():
        article.published_at = timezone.now()
    article._change_reason = "Published"
    article.save()
    return True


def article_unpublish(*, article: Article) -> bool:
    """Take a story off the site; its address and publish time are kept for a return."""
    if article.status != Article.Status.PUBLISHED:
        return False
    article.status = Article.Status.UNPUBLISHED
    article._change_reason = "Unpublished"
    article.save()
    return True


@transaction.atomic
def article_submit_for_review(*, article: Article) -> bool:
    """A writer's finished draft goes to the editors, who are emailed about it.

    The editor's note belonged to the draft before; submitting again answers it.
    Returns False, saving nothing, when the story is not a draft.
    """
    if article.status != Article.Status.DRAFT:
        return False
    article.status = Article.Status.PENDING
    article.review_note = ""
    article._change_reason = "Submitted for review"
    article.save()
    transaction.on_commit(lambda: notifications.send_review_request(article))
    return True


@transaction.atomic
def article_withdraw(*, article: Article) -> bool:
    """Its writer takes a submitted story back to draft, to change it."""
    if article.status != Article.Status.PENDING:
        return False
    article.status = Article.Status.DRAFT
    article._change_reason = "Withdrawn from review by its writer"
    article.save()
    return True


@transaction.atomic
def article_send_back(*, article: Article, note: str) -> bool:
    """An editor returns a submitted story to its writer, with a note on what to change;
    the writer sees the note on the story's form and is emailed."""
    if article.status != Article.Status.PENDING:
        return False
    article.status = Article.Status.DRAFT
    article.review_note = note.strip()
    article._change_reason = SENT_BACK
    article.save()
    transaction.on_commit(lambda: notifications.send_sent_back_notice(article))
    return True
