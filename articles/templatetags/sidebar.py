"""The sidebar's three lists. Each tag owns its query: one query per list, on any page."""

from django import template
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from network.models import Site
from network.routing import site_of

from ..models import Article, Section
from ..page_slots import slot_or_none
from ..trending import trending_articles

register = template.Library()

COMMUNITY_SECTION_SLUG = "community"


def recent_stories(site: Site, limit: int = 5) -> QuerySet:
    """Recent News: the site's latest published stories, its own and those shared to it."""
    return Article.objects.published().newest_on_site(site).for_links()[:limit]


def community_stories(site: Site, limit: int = 5) -> QuerySet:
    """Community News: the latest of those in the Community section."""
    return (
        Article.objects.published()
        .on_site(site)
        .filed_under_slug(site, COMMUNITY_SECTION_SLUG)
        .for_links()[:limit]
    )


@register.inclusion_tag("includes/sidebar_list.html", takes_context=True)
def recent_news(context: template.Context, limit: int = 5) -> dict:
    stories = recent_stories(site_of(context.get("request")), limit)
    return {"title": "Recent News", "list_id": "recent-news", "stories": stories}


@register.inclusion_tag("includes/sidebar_list.html", takes_context=True)
def trending_news(context: template.Context, limit: int = 5) -> dict:
    stories = trending_articles(limit, site=site_of(context.get("request")))
    return {"title": "Trending", "list_id": "trending", "stories": stories}


@register.inclusion_tag("includes/sidebar_list.html", takes_context=True)
def community_news(context: template.Context, limit: int = 5) -> dict:
    stories = community_stories(site_of(context.get("request")), limit)
    return {
        "title": "Community News",
        "list_id": "community-news",
        "stories": stories,
        "more_url": reverse("articles:section", kwargs={"slug": COMMUNITY_SECTION_SLUG}),
    }


@register.simple_tag(takes_context=True)
def sidebar(context: template.Context) -> str:
    """The town's sidebar; in a page rendered for the page cache, a marker the cache puts
    the stored sidebar in (``page_slots``)."""
    request = context.get("request")
    marker = slot_or_none(request)
    if marker is not None:
        return mark_safe(marker)
    return context.template.engine.get_template("includes/sidebar.html").render(context)


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context: template.Context) -> dict:
    request = context.get("request")
    return {
        "sections": Section.objects.on_site(site_of(request)),
        "current_path": request.path if request else "",
    }


@register.simple_tag(takes_context=True)
def section_panel(context: template.Context, section: Section) -> SafeString | str:
    """A section's own panel, when some app provides ``sections/<slug>.html`` (the
    Community section's upcoming events, say); nothing otherwise. The section page needs
    to know no app but this one."""
    try:
        panel = context.template.engine.get_template(f"sections/{section.slug}.html")
    except TemplateDoesNotExist:
        return ""
    with context.push(section=section):
        return panel.render(context)
