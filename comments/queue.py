"""The moderation queue's rows: what each shows, and the one-click actions on it.

Every row carries Approve, Spam, Trash (and Restore, or Reply) buttons, like WordPress's row
actions. They are ordinary submit buttons of the change list's own form, each with its
own ``formaction``: no JavaScript is needed, the admin's CSRF token goes with them, and
there is no form nested in another. After the action the moderator is back on the same
list (same filters, same page) with the browser at the next row, so the keyboard carries
on from there.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse

from .choices import CommentStatus
from .models import Comment
from .services import (
    comment_approve,
    comment_mark_spam,
    comment_restore,
    comment_submit,
    comment_trash,
)
from .staff import staff_display_name

# The changelist form's hidden field naming the list to come back to (its query string).
QUEUE_QUERY = "queue_query"
# The clicked button's value: the row to land on afterwards.
NEXT_ROW = "next_row"
EXCERPT_LENGTH = 300


@dataclass(frozen=True)
class RowAction:
    label: str
    done: str  # the message's start: "Approved" Rosa Diaz’s comment
    service: Callable[..., Comment]
    shown_for: frozenset[str]


ROW_ACTIONS = {
    "approve": RowAction(
        "Approve",
        "Approved",
        comment_approve,
        frozenset({CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.TRASH}),
    ),
    "spam": RowAction(
        "Spam",
        "Marked as spam:",
        comment_mark_spam,
        frozenset({CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.TRASH}),
    ),
    "trash": RowAction(
        "Trash",
        "Moved to the trash:",
        comment_trash,
        frozenset({CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.SPAM}),
    ),
    "restore": RowAction(
        "Restore",
        "Restored to Pending:",
        comment_restore,
        frozenset({CommentStatus.SPAM, CommentStatus.TRASH}),
    ),
}
REPLYABLE = {CommentStatus.PENDING, CommentStatus.APPROVED}


def reply_field(comment_id: int) -> str:
    return f"reply_{comment_id}"


def reply_draft_key(comment_id: int) -> str:
    return f"comments.queue.reply.{comment_id}"


def prepare_rows(rows: list[Comment], request: HttpRequest) -> None:
    """Give the listed comments what their rows show beyond their own columns.

    One query for all rows, whatever their number: how many approved comments each
    commenter's address has. Each row also learns its neighbour, where the moderator
    lands after acting on it, and gets back a reply that could not be sent.
    """
    addresses = {comment.email.lower() for comment in rows}
    approved = dict(
        Comment.objects.approved()
        .annotate(address=Lower("email"))
        .filter(address__in=addresses)
        .order_by()
        .values("address")
        .annotate(n=Count("pk"))
        .values_list("address", "n")
    )
    for position, comment in enumerate(rows):
        comment.approved_from_address = approved.get(comment.email.lower(), 0)
        after = rows[position + 1] if position + 1 < len(rows) else None
        before = rows[position - 1] if position else None
        comment.next_row_id = (after or before).pk if (after or before) else ""
        # Only touched when there is one, so listing the queue does not write the session.
        if reply_draft_key(comment.pk) in request.session:
            comment.reply_draft = request.session.pop(reply_draft_key(comment.pk))
        else:
            comment.reply_draft = ""


def actions_for(comment: Comment) -> list[tuple[str, RowAction]]:
    return [
        (name, action) for name, action in ROW_ACTIONS.items() if comment.status in action.shown_for
    ]


def back_to_queue(request: HttpRequest, row: str | None = None) -> HttpResponseRedirect:
    """The list the moderator acted from (same filters, same page), at the row they move
    on to: the one after, unless another is named."""
    url = reverse("admin:comments_comment_changelist")
    query = QueryDict(request.POST.get(QUEUE_QUERY, ""))
    if query:
        url += "?" + query.urlencode()
    row = request.POST.get(NEXT_ROW, "") if row is None else row
    if row.isdigit():
        url += f"#row-{row}"
    return HttpResponseRedirect(url)


def whose(comment: Comment) -> str:
    return f"{comment.name}’s comment"


def moderate(request: HttpRequest, comment: Comment, action_name: str) -> HttpResponseRedirect:
    """One row button: the same service as the bulk action of the same name."""
    action = ROW_ACTIONS[action_name]
    before = comment.status
    if action.service(comment=comment).status != before:
        messages.success(request, f"{action.done} {whose(comment)}.")
    else:
        status = comment.get_status_display().lower()
        messages.info(request, f"Nothing changed: {whose(comment)} is {status}.")
    return back_to_queue(request)


@transaction.atomic
def comment_reply(*, parent: Comment, user, text: str, user_agent: str = "") -> Comment:
    """A moderator's answer from the queue, published at once as a staff comment.

    Answering a held comment approves it first (WordPress's "Approve and reply"): a reply
    under a comment readers cannot see would make no sense to them.
    """
    if parent.status == CommentStatus.PENDING:
        comment_approve(comment=parent)
    return comment_submit(
        article=parent.article,
        parent_id=parent.pk,
        name=staff_display_name(user),
        email=user.email or settings.DEFAULT_FROM_EMAIL,
        website="",
        text=text,
        # Staff are known by their account; their address is not kept.
        ip_address=None,
        user_agent=user_agent,
        user=user,
    )


def reply(request: HttpRequest, comment: Comment) -> HttpResponseRedirect:
    text = request.POST.get(reply_field(comment.pk), "").strip()
    if comment.status not in REPLYABLE:
        messages.error(request, f"Restore {whose(comment)} before replying to it.")
    elif not text:
        messages.error(request, f"Write your reply to {comment.name} first.")
    elif len(text) > settings.COMMENTS_MAX_LENGTH:
        # Kept for the form, which opens again with it: a long reply is never lost.
        request.session[reply_draft_key(comment.pk)] = text
        messages.error(
            request,
            f"Your reply to {comment.name} is {len(text):,} characters long; the most a "
            f"comment may have is {settings.COMMENTS_MAX_LENGTH:,}. It is kept below.",
        )
        return back_to_queue(request, row=str(comment.pk))
    else:
        was_pending = comment.status == CommentStatus.PENDING
        comment_reply(
            parent=comment,
            user=request.user,
            text=text,
            user_agent=request.headers.get("User-Agent", ""),
        )
        approved = "Approved and replied to" if was_pending else "Replied to"
        messages.success(request, f"{approved} {whose(comment)}; your reply is published.")
    return back_to_queue(request)


def excerpt_end(text: str) -> int:
    """Where a row's visible text ends: all of it when short, else at a word break near
    EXCERPT_LENGTH, the rest being a click away. A few words more than the limit are
    shown rather than hidden behind a click."""
    if len(text) <= EXCERPT_LENGTH * 6 // 5:
        return len(text)
    space = text.rfind(" ", 0, EXCERPT_LENGTH)
    return space if space > EXCERPT_LENGTH // 2 else EXCERPT_LENGTH
