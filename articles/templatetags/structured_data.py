"""What search engines and social sites read from a story's head: JSON-LD (NewsArticle and
BreadcrumbList), Open Graph and Twitter card tags.

Author names and pages only: staff contact emails never go into structured data.
"""

import json
from datetime import datetime

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

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


def lead_images(article: Article) -> list[dict]:
    """The lead image's JPEG renditions, largest first, or the original alone.

    Each is ``{"path", "width", "height"}``; an empty list when the story has no image.
    """
    if not article.lead_image:
        return []
    url = article.lead_image.storage.url
    renditions = sorted(
        article.lead_image_renditions or [], key=lambda rendition: rendition["width"], reverse=True
    )
    if renditions:
        return [
            {"path": url(r["jpeg"]), "width": r["width"], "height": r["height"]} for r in renditions
        ]
    return [
        {
            "path": article.lead_image.url,
            "width": article.lead_image_width,
            "height": article.lead_image_height,
        }
    ]


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
        "image": [absolute(image["path"]) for image in lead_images(article)],
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.modified_at or article.published_at),
        "author": [author_data(author, request) for author in article.byline_authors],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute(reverse("articles:home")),
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
        (settings.SITE_NAME, reverse("articles:home")),
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
    images = lead_images(article)
    image = images[0] if images else None
    if image:
        image = {**image, "url": request.build_absolute_uri(image["path"])}
    if article.canonical_is_original:
        url = article.original_url
    else:
        url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "json_ld": [
            json_for_script(news_article_data(article, request)),
            json_for_script(breadcrumb_data(article, request)),
        ],
        "article": article,
        "url": url,
        "image": image,
        "image_alt": "" if article.lead_image_decorative else article.lead_image_alt,
        "published_time": iso(article.published_at),
        "modified_time": iso(article.modified_at or article.published_at),
        "authors": [
            request.build_absolute_uri(author.get_absolute_url())
            for author in article.byline_authors
        ],
        "tags": [tag.name for tag in article.tags.all()],
        "SITE_NAME": settings.SITE_NAME,
    }
