"""Upcoming events wherever they show: the sidebar and the Community section's panel.

Both share one query per page. Neither page holds anything about who sent an event.
"""

from django import template

from network.routing import site_of

from ..models import Event

register = template.Library()


# Both lists on one page (the Community section shows its panel and the sidebar) come
# from one query: the longer list, fetched once per request.
LONGEST_LIST = 5


def upcoming_for(request, limit: int) -> list[Event]:
    events = getattr(request, "upcoming_events", None)
    if events is None:
        events = list(Event.objects.upcoming(site=site_of(request))[:LONGEST_LIST])
        if request is not None:
            request.upcoming_events = events
    return events[:limit]


@register.inclusion_tag("community/includes/sidebar_events.html", takes_context=True)
def upcoming_events(context: template.Context, limit: int = 3) -> dict:
    """The sidebar's "Upcoming events", under Community News, with the way to submit."""
    return {"events": upcoming_for(context.get("request"), limit)}


@register.inclusion_tag("community/includes/events_panel.html", takes_context=True)
def community_panel(context: template.Context, limit: int = LONGEST_LIST) -> dict:
    """The Community section's panel: what is coming up, and the way to send news."""
    return {"events": upcoming_for(context.get("request"), limit)}
