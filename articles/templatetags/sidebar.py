"""The sidebar's three lists. Each tag owns its query: one query per list, on any page."""

from django import template
from django.urls import reverse

from ..models import Article, Section
from ..trending import trending_articles

register = template.Library()

COMMUNITY_SECTION_SLUG = "community"


@register.inclusion_tag("includes/sidebar_list.html")
def recent_news(limit: int = 5) -> dict:
    stories = Article.objects.published().order_by("-published_at", "-pk")[:limit]
    return {"title": "Recent News", "list_id": "recent-news", "stories": stories}


@register.inclusion_tag("includes/sidebar_list.html")
def trending_news(limit: int = 5) -> dict:
    return {"title": "Trending", "list_id": "trending", "stories": trending_articles(limit)}


@register.inclusion_tag("includes/sidebar_list.html")
def community_news(limit: int = 5) -> dict:
    stories = (
        Article.objects.published()
        .filter(section__slug=COMMUNITY_SECTION_SLUG)
        .order_by("-published_at", "-pk")[:limit]
    )
    return {
        "title": "Community News",
        "list_id": "community-news",
        "stories": stories,
        "more_url": reverse("articles:section", kwargs={"slug": COMMUNITY_SECTION_SLUG}),
    }


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context: template.Context) -> dict:
    request = context.get("request")
    return {"sections": Section.objects.all(), "current_path": request.path if request else ""}
