"""The footer's list of the town's static pages. One query, on any page, and only when the cached
fragment around it is missing."""

from django import template

from network.routing import site_of

from ..models import Page

register = template.Library()


@register.inclusion_tag("includes/footer_nav.html", takes_context=True)
def footer_pages(context: template.Context) -> dict:
    request = context.get("request")
    return {
        "pages": list(Page.objects.on_site(site_of(request)).for_footer()),
        "current_path": request.path if request else "",
        "SITE_NAME": context.get("SITE_NAME", ""),
    }
