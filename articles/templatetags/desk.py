"""What the desk sees in the admin's header: how many stories wait for an editor."""

from django import template

from articles.models import Article
from network.access import site_ids_of

register = template.Library()


@register.simple_tag(takes_context=True)
def stories_in_review_count(context: template.Context) -> int:
    """Stories waiting in the towns the signed-in person works on."""
    waiting = Article.objects.pending_review()
    request = context.get("request")
    sites = site_ids_of(request.user) if request is not None else None
    return (waiting if sites is None else waiting.filter(site__in=sites)).count()
