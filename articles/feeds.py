"""RSS 2.0 and Atom feeds of the latest published stories: the whole site, a section, an
author, a tag.

Every feed starts from ``Article.objects.published()``. Bylines give the author names only:
staff contact emails are never written into a feed.
"""

import copy

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from taggit.models import Tag

from network.routing import site_of

from .models import Article, Author, Section
from .page_keys import FEEDS, key, keys, record

FEED_LENGTH = 20


def byline_names(article: Article) -> str:
    """The byline as the story page writes it: "A", "A and B", "A, B and C", or a
    community contributor's credit."""
    if article.contributor_name:
        return article.contributor_credit
    names = [author.name for author in article.byline_authors]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def lead_image_enclosure(article: Article, request: HttpRequest) -> Enclosure | None:
    """The largest JPEG of the lead image (``Picture.jpegs``), with its real size in bytes.

    None when the story has no image or the file cannot be found in storage.
    """
    if not article.lead_image:
        return None
    largest = article.lead_picture.jpegs()[0]
    try:
        length = article.lead_image.storage.size(largest["name"])
    except (OSError, NotImplementedError):
        return None
    url = request.build_absolute_uri(largest["url"])
    return Enclosure(url=url, length=str(length), mime_type=largest["mime_type"])


class StoryFeed(Feed):
    """The latest stories on the whole site, as RSS 2.0."""

    request: HttpRequest | None = None

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # One instance serves every request of its route; enclosures need this request's
        # host, so each request works on its own copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    @property
    def site_name(self) -> str:
        return site_of(self.request).name

    def public_stories(self):
        """The stories this request's site shows: its own and those shared to it."""
        return Article.objects.published().on_site(site_of(self.request))

    def title(self, obj) -> str:
        return self.site_name

    def description(self, obj) -> str:
        return site_of(self.request).tagline

    def link(self, obj) -> str:
        return reverse("articles:home")

    def stories(self, obj):
        return Article.objects.published().newest_on_site(site_of(self.request))

    def listing_key(self, obj) -> str:
        return key(FEEDS, site_of(self.request).pk)

    def listing_keys(self, obj) -> list[str]:
        return [self.listing_key(obj)]

    def items(self, obj):
        stories = list(self.stories(obj).for_listing().prefetch_related("tags")[:FEED_LENGTH])
        record(self.request, *self.listing_keys(obj), *keys("teaser", (s.pk for s in stories)))
        return stories

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
        section = Section.objects.for_section_page(site_of(request), slug)
        if section is None or section.is_stand_in and not self.stories(section).exists():
            raise Http404("No such section here.")
        return section

    def title(self, obj: Section) -> str:
        return f"{obj.name} — {self.site_name}"

    def description(self, obj: Section) -> str:
        return obj.description or f"The latest {obj.name} stories from {self.site_name}."

    def link(self, obj: Section) -> str:
        return obj.get_absolute_url()

    def stories(self, obj: Section):
        return self.public_stories().filed_under(obj)

    def listing_key(self, obj: Section) -> str:
        return key("section", obj.pk)

    def listing_keys(self, obj: Section) -> list[str]:
        # As the section page: stories shared here from a same-slug section retire it.
        return list(keys("section", obj.same_slug_ids))


class AuthorFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Author:
        return get_object_or_404(Author, slug=slug)

    def title(self, obj: Author) -> str:
        return f"{obj.name} — {self.site_name}"

    def description(self, obj: Author) -> str:
        return f"The latest stories by {obj.name} for {self.site_name}."

    def link(self, obj: Author) -> str:
        return obj.get_absolute_url()

    def stories(self, obj: Author):
        bylined = Article.objects.published().filter(bylines__author=obj)
        return bylined.newest_on_site(site_of(self.request))

    def listing_key(self, obj: Author) -> str:
        return key("author", obj.pk)


class TagFeed(StoryFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        # Only tags that published stories carry: one on drafts alone is not public yet.
        public_tags = Tag.objects.filter(pk__in=self.public_stories().values("tags"))
        return get_object_or_404(public_tags, slug=slug)

    def title(self, obj: Tag) -> str:
        return f"{obj.name} — {self.site_name}"

    def description(self, obj: Tag) -> str:
        return f"The latest stories tagged {obj.name} on {self.site_name}."

    def link(self, obj: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def stories(self, obj: Tag):
        return Article.objects.published().filter(tags=obj).newest_on_site(site_of(self.request))

    def listing_key(self, obj: Tag) -> str:
        return key("tag", obj.pk)


class StoryAtomFeed(AtomMixin, StoryFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass
