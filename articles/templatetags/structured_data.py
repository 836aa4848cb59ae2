"""What search engines and social sites read from a story's head: JSON-LD (NewsArticle and
BreadcrumbList), Open Graph and Twitter card tags.

Author names and pages only: staff contact emails never go into structured data.
"""

import json
from datetime import datetime

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from network.routing import site_of

from ..models import Article, Author

register = template.Library()

# What json_script escapes, so nothing in the data can close the <script> element.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data: object) -> SafeString:
    """JSON that is safe inside ``<script type="application/ld+json">``."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder).translate(SCRIPT_SAFE))


def iso(moment: datetime) -> str:
    """ISO 8601 in the site's time zone, with its offset, to the second."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, article: Article) -> str:
    """The story's ``rel=canonical`` address (``Article.get_canonical_url``)."""
    return article.get_canonical_url(context["request"])


def author_data(author: Author, request: HttpRequest) -> dict:
    kind = "Organization" if author.kind == Author.Kind.TEAM else "Person"
    return {
        "@type": kind,
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


def news_article_data(article: Article, request: HttpRequest) -> dict:
    absolute = request.build_absolute_uri
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "description": article.dek,
        "image": [absolute(image["url"]) for image in article.lead_picture.jpegs()],
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.modified_at or article.published_at),
        "author": (
            [{"@type": "Person", "name": article.contributor_name}]
            if article.contributor_name
            else [author_data(author, request) for author in article.byline_authors]
        ),
        "publisher": {
            "@type": "Organization",
            # The newsroom that published it: the home site, on a shared copy too.
            "name": article.site.name,
            "url": article.site.get_absolute_url(),
            "logo": {"@type": "ImageObject", "url": absolute(static("img/favicon.svg"))},
        },
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if not data["image"]:
        del data["image"]
    if not data["description"]:
        del data["description"]
    if article.is_syndicated:
        data["isBasedOn"] = article.original_url
    return data


def breadcrumb_data(article: Article, request: HttpRequest) -> dict:
    absolute = request.build_absolute_uri
    trail = [
        (site_of(request).name, reverse("articles:home")),
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


@register.inclusion_tag("includes/structured_data.html", takes_context=True)
def article_structured_data(context: template.Context, article: Article) -> dict:
    """JSON-LD, Open Graph and Twitter card tags for a published story's head.

    The story's tags are fetched here into the story's prefetch cache, so the story body
    further down the page reuses them instead of asking again; its bylines are a cached
    property, shared the same way.
    """
    request = context["request"]
    prefetch_related_objects([article], "tags")
    images = article.lead_picture.jpegs()
    image = {**images[0], "url": request.build_absolute_uri(images[0]["url"])} if images else None
    return {
        "json_ld": [
            json_for_script(news_article_data(article, request)),
            json_for_script(breadcrumb_data(article, request)),
        ],
        "article": article,
        "url": article.get_canonical_url(request),
        "image": image,
        "image_alt": article.lead_image_alt_text,
        "published_time": iso(article.published_at),
        "modified_time": iso(article.modified_at or article.published_at),
        # A community contributor has no author page to point to.
        "authors": [
            request.build_absolute_uri(author.get_absolute_url())
            for author in article.byline_authors
            if not article.contributor_name
        ],
        "tags": [tag.name for tag in article.tags.all()],
        "SITE_NAME": site_of(request).name,
    }
