"""What staff see on top of the public site and the admin: the moderation queue's size."""

from django import template
from django.db.models import Count
from django.http import HttpRequest

from comments.models import Comment
from network.access import own_sites, site_ids_of
from network.admin_scoping import is_network
from network.models import Site

register = template.Library()


def pending_for(user) -> int:
    """Held comments on the stories of the towns this person works on."""
    sites = site_ids_of(user)
    pending = Comment.objects.pending()
    return (pending if sites is None else pending.filter(article__site__in=sites)).count()


@register.simple_tag(takes_context=True)
def pending_comment_count(context: template.Context) -> int:
    request = context.get("request")
    return pending_for(request.user) if request is not None else Comment.objects.pending().count()


@register.simple_tag(takes_context=True)
def pending_comments_by_town(context: template.Context) -> list[tuple[Site, int]]:
    """Held comments per town, for someone who works on several (the admin's front page
    links each town's queue): one query, however many towns."""
    request = context.get("request")
    towns = own_sites(request.user) if request is not None and is_network() else []
    if len(towns) < 2:
        return []
    counts = dict(
        Comment.objects.pending()
        .filter(article__site__in=[town.pk for town in towns])
        .order_by()
        .values_list("article__site")
        .annotate(waiting=Count("pk"))
    )
    return [(town, counts.get(town.pk, 0)) for town in towns]


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
        "pending": pending_for(user) if can_moderate else None,
        "article": context.get("article"),
    }
