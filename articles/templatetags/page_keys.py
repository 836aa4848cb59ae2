"""Templates say what they print, for the page cache, the fragment caches and the CDN.

``{% shows "events" %}`` notes a key on the page. ``{% fragment_version "story" article.pk
"nav" as version %}`` notes the keys too and gives their version, for a ``{% cache %}``
tag's key: the fragment is rendered again once one of them is retired. A name ("events",
"nav") is the page's own town's (``events-<site id>``); a kind takes an id.
"""

from django import template

from network.routing import site_of

from ..fragment_versions import fragment_version as version_of
from ..page_keys import NAMES, key, record

register = template.Library()


def parse_keys(args: tuple, site_id: int) -> list[str]:
    """``("story", 12, "nav")`` -> ``["story-12", "nav-<site_id>"]``: a name of this town,
    or a kind and an id."""
    parts = list(args)
    found = []
    while parts:
        kind = parts.pop(0)
        if kind in NAMES:
            found.append(key(kind, site_id))
        elif parts:
            found.append(key(kind, parts.pop(0)))
        else:
            raise template.TemplateSyntaxError(f"Page key {kind!r} needs an id.")
    return found


def request_of(context: template.Context):
    return getattr(context, "request", None) or context.get("request")


@register.simple_tag(takes_context=True)
def shows(context: template.Context, *args) -> str:
    request = request_of(context)
    record(request, *parse_keys(args, site_of(request).pk))
    return ""


@register.simple_tag(takes_context=True)
def fragment_version(context: template.Context, *args) -> str:
    request = request_of(context)
    shown = parse_keys(args, site_of(request).pk)
    record(request, *shown)
    return version_of(request, shown)
