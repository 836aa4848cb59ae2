"""Writes to comments, shared by the reply form's view and the admin's actions."""

from django.db import transaction

from articles.models import Article

from .models import Comment


@transaction.atomic
def comment_submit(
    *,
    article: Article,
    parent_id: int | None,
    name: str,
    email: str,
    website: str,
    text: str,
    ip_address: str | None,
    user_agent: str,
    is_from_bot: bool = False,
) -> Comment:
    """Store a reader's comment, held for moderation.

    A comment whose honeypot was filled is kept as spam, so moderators can see what the
    bots are sending, and the bot is answered exactly as a person would be.
    """
    comment = Comment(
        article=article,
        parent_id=parent_id,
        name=name,
        email=email,
        website=website,
        text=text,
        ip_address=ip_address or None,
        user_agent=user_agent[:500],
        status=Comment.Status.SPAM if is_from_bot else Comment.Status.PENDING,
    )
    comment.full_clean()
    comment.save()
    return comment


def comment_approve(*, comment: Comment) -> Comment:
    """Make a comment public."""
    return _comment_set_status(comment, Comment.Status.APPROVED)


def comment_mark_spam(*, comment: Comment) -> Comment:
    """Hide a comment as spam; it stays in the admin for the record."""
    return _comment_set_status(comment, Comment.Status.SPAM)


def _comment_set_status(comment: Comment, status: str) -> Comment:
    if comment.status != status:
        comment.status = status
        comment.save(update_fields=["status"])
    return comment
