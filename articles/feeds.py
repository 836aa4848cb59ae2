"""RSS 2.0 and Atom feeds of the latest published stories: the whole site, a section, an
author, a tag.

Every feed starts from ``Article.objects.published()``. Bylines give the author names only:
staff contact emails are never written into a feed.
"""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from taggit.models import Tag

from .models import Article, Author, Section

FEED_LENGTH = 20


def byline_names(article: Article) -> str:
    """The byline as the story page writes it: "A", "A and B", "A, B and C"."""
    names = [author.name for author in article.byline_authors]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def lead_image_enclosure(article: Article, request: HttpRequest) -> Enclosure | None:
    """The largest JPEG rendition of the lead image, else the original, with its real size.

    None when the story has no image or the file cannot be found in storage.
    """
    if not article.lead_image:
        return None
    storage = article.lead_image.storage
    jpegs = sorted(article.lead_image_renditions or [], key=lambda rendition: rendition["width"])
    if jpegs:
        name, mime_type = jpegs[-1]["jpeg"], "image/jpeg"
    else:
        name = article.lead_image.name
        mime_type = mimetypes.guess_type(name)[0] or "image/jpeg"
    try:
        length = storage.size(name)
    except (OSError, NotImplementedError):
        return None
    url = request.build_absolute_uri(storage.url(name))
    return Enclosure(url=url, length=str(length), mime_type=mime_type)


class StoryFeed(Feed):
    """The latest stories on the whole site, as RSS 2.0."""

    request: HttpRequest | None = None

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # One instance serves every request of its route; enclosures need this request's
        # host, so each request works on its own copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj) -> str:
        return settings.SITE_NAME

    def description(self, obj) -> str:
        return settings.SITE_TAGLINE

    def link(self, obj) -> str:
        return reverse("articles:home")

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.stories(obj).for_listing().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item: Article) -> str:
        # RSS readers take titles as HTML, so the headline's own "&" or "<" stays text.
        return escape(item.headline)

    def item_description(self, item: Article) -> str:
        return escape(item.dek)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Article) -> str | None:
        return byline_names(item) or None

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.modified_at or item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        enclosure = lead_image_enclosure(item, self.request)
        return [enclosure] if enclosure else []


class AtomMixin:
    """The same feed as Atom, whose titles are plain text and whose subtitle is the
    description."""

    feed_type = Atom1Feed

    def subtitle(self, obj) -> str:
        return self.description(obj)

    def item_title(self, item: Article) -> str:
        return item.headline


class SectionFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Section:
        return get_object_or_404(Section, slug=slug)

    def title(self, obj: Section) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj: Section) -> str:
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def link(self, obj: Section) -> str:
        return obj.get_absolute_url()

    def stories(self, obj: Section):
        return Article.objects.published().filter(section=obj)


class AuthorFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Author:
        return get_object_or_404(Author, slug=slug)

    def title(self, obj: Author) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj: Author) -> str:
        return f"The latest stories by {obj.name} for {settings.SITE_NAME}."

    def link(self, obj: Author) -> str:
        return obj.get_absolute_url()

    def stories(self, obj: Author):
        return Article.objects.published().filter(bylines__author=obj)


class TagFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj: Tag) -> str:
        return f"The latest stories tagged {obj.name} on {settings.SITE_NAME}."

    def link(self, obj: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def stories(self, obj: Tag):
        return Article.objects.published().filter(tags=obj)


class StoryAtomFeed(AtomMixin, StoryFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass
