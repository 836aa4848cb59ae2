"""The comment thread as readers see it.

Public templates receive these plain records, never ``Comment`` instances, so a template
cannot reach a commenter's email or IP address, not even by mistake.
"""

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString

from articles.dates import DatePrinter

from .models import Comment
from .text import comment_html

AVATAR_COLOURS = 8
# Reversed once per thread with this id, then each comment's id put in its place.
PLACEHOLDER_ID = "918273645546372819"
PUBLIC_FIELDS = ("id", "parent_id", "name", "website", "text", "created_at", "status", "user_id")


@dataclass
class PublicComment:
    id: int
    name: str
    website: str
    text: str
    created_at: datetime
    is_pending: bool
    is_staff: bool = False
    depth: int = 1
    # Set when the reply sits beside its parent because the thread is as deep as it goes.
    in_reply_to: str = ""
    replies: list["PublicComment"] = field(default_factory=list)

    @property
    def initials(self) -> str:
        """Up to two letters for the avatar, drawn from the name, never from the email."""
        words = [word for word in self.name.split() if word[:1].isalnum()]
        letters = "".join(word[0] for word in words[:1] + words[1:][-1:])
        return letters.upper() or "?"

    @property
    def avatar_colour(self) -> int:
        """One of the stylesheet's avatar colours, steady per name, so a neighbour is
        recognisable down the thread."""
        return zlib.crc32(self.name.casefold().encode()) % AVATAR_COLOURS

    # What the thread's template prints, worked out once per comment by comment_thread():
    # a thread of hundreds of comments would otherwise run a date filter, a URL reversal
    # and the text filter in the template for each one.
    ref: str = ""
    avatar_class: str = ""
    created_iso: str = ""
    created_display: str = ""
    text_html: SafeString = SafeString("")
    report_url: str = ""


@dataclass
class Thread:
    comments: list[PublicComment]
    approved_count: int
    by_id: dict[int, PublicComment]

    def find(self, comment_id: object) -> PublicComment | None:
        """The approved comment with this id, for "Replying to …"; None for anything else."""
        try:
            comment = self.by_id.get(int(comment_id))
        except (TypeError, ValueError):
            return None
        return comment if comment and not comment.is_pending else None


def comment_thread(*, article_id: int, own_pending_ids: Iterable[int] = ()) -> Thread:
    """The approved comments of a story as a tree, plus the reader's own pending ones.

    One query, whatever the number of comments. Replies nest up to
    ``COMMENTS_MAX_DEPTH``; a reply to a comment at the deepest level joins that level.
    A reply whose parent is not shown (held, spam) is not shown either.
    """
    visible = Q(status=Comment.Status.APPROVED) | Q(
        status=Comment.Status.PENDING, pk__in=list(own_pending_ids)
    )
    rows = (
        Comment.objects.filter(visible, article_id=article_id)
        .order_by("created_at", "pk")
        .values(*PUBLIC_FIELDS)
    )
    max_depth = settings.COMMENTS_MAX_DEPTH
    dates = DatePrinter()
    report_url = reverse("comments:report", kwargs={"comment_id": PLACEHOLDER_ID})
    roots: list[PublicComment] = []
    placed: dict[int, PublicComment] = {}
    container_of: dict[int, list[PublicComment]] = {}
    for row in rows:
        comment = PublicComment(
            id=row["id"],
            name=row["name"],
            website=row["website"],
            text=row["text"],
            created_at=row["created_at"],
            is_pending=row["status"] == Comment.Status.PENDING,
            is_staff=row["user_id"] is not None,
        )
        comment.ref = str(comment.id)  # printed six times: as text, not through number formats
        comment.avatar_class = f"avatar-{comment.avatar_colour}"
        comment.created_iso = dates.iso_datetime(comment.created_at)
        comment.created_display = dates.long_datetime(comment.created_at)
        comment.text_html = comment_html(comment.text)
        comment.report_url = report_url.replace(PLACEHOLDER_ID, comment.ref)
        parent_id = row["parent_id"]
        if parent_id is None:
            container = roots
        elif parent_id in placed:
            parent = placed[parent_id]
            if parent.depth < max_depth:
                comment.depth = parent.depth + 1
                container = parent.replies
            else:
                comment.depth = parent.depth
                comment.in_reply_to = parent.name
                container = container_of[parent_id]
        else:
            continue
        container.append(comment)
        placed[comment.id] = comment
        container_of[comment.id] = container
    approved = sum(1 for comment in placed.values() if not comment.is_pending)
    return Thread(comments=roots, approved_count=approved, by_id=placed)
