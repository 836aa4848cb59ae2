"""What staff see on top of the public site and the admin: the moderation queue's size."""

from django import template
from django.http import HttpRequest

from comments.models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count() -> int:
    return Comment.objects.pending().count()


@register.inclusion_tag("includes/staff_toolbar.html", takes_context=True)
def staff_toolbar(context: template.Context) -> dict:
    """A thin bar for signed-in staff only; readers' pages carry nothing of it."""
    request: HttpRequest | None = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_staff:
        return {"show": False}
    can_moderate = user.has_perm("comments.change_comment")
    return {
        "show": True,
        "user": user,
        "pending": Comment.objects.pending().count() if can_moderate else None,
        "article": context.get("article"),
    }
