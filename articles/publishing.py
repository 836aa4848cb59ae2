"""The publishing workflow: draft → scheduled → published → unpublished, and who may move it.

Scheduling needs no job: a story published with a future time is left out by
``Article.objects.published()`` until its time comes.
"""

from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils import timezone

from .models import Article

# Form fields only someone who may publish can send.
PUBLISHING_FIELDS = ("status", "published_at", "published_at_0", "published_at_1")


def is_own_draft(article: Article, user) -> bool:
    """A writer's own story that has never gone out: the only kind they may change."""
    return article.status == Article.Status.DRAFT and article.created_by_id == user.pk


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
