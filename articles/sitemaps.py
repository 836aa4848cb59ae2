"""Sitemaps: every published story, and the section, author and tag pages that list them;
plus a Google News sitemap of the last 48 hours.

Everything starts from ``Article.objects.published()``; previews and search results are
never listed. A story whose canonical address is the partner's original is left out (a
sitemap lists canonical addresses only), and the news sitemap also leaves out stories the
partner asked us to keep out of Google News.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Author, Section, Source

NEWS_WINDOW = timedelta(hours=48)
# Google reads at most this many stories from a news sitemap.
NEWS_LIMIT = 1000

SYNDICATED = Q(source__isnull=False) & ~Q(original_url="")
CANONICAL_ELSEWHERE = SYNDICATED & Q(source__indexing=Source.Indexing.CANONICAL)
KEPT_OUT_OF_NEWS = SYNDICATED & Q(source__indexing=Source.Indexing.NOINDEX)
LAST_CHANGED = Coalesce("modified_at", "updated_at", "published_at")


def listed_stories():
    """Published stories whose address here is their canonical one."""
    return Article.objects.published().exclude(CANONICAL_ELSEWHERE)


class StorySitemap(Sitemap):
    def items(self):
        return (
            listed_stories()
            .annotate(last_changed=LAST_CHANGED)
            .only("slug", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item: Article):
        return item.last_changed

    def get_latest_lastmod(self):
        return listed_stories().aggregate(latest=Max(LAST_CHANGED))["latest"]


class ListingSitemap(Sitemap):
    """Pages that list stories, with the publish time of the newest story as lastmod.

    A page with no published story is not listed.
    """

    model = None

    def stories_of(self, outer):
        raise NotImplementedError

    def items(self):
        newest = self.stories_of(OuterRef("pk")).order_by("-published_at")
        return (
            self.model.objects.annotate(newest=Subquery(newest.values("published_at")[:1]))
            .filter(newest__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.newest

    def get_latest_lastmod(self):
        return self.stories_of(None).aggregate(latest=Max("published_at"))["latest"]


class SectionSitemap(ListingSitemap):
    model = Section

    def stories_of(self, outer):
        stories = Article.objects.published()
        return stories if outer is None else stories.filter(section=outer)


class AuthorSitemap(ListingSitemap):
    model = Author

    def stories_of(self, outer):
        stories = Article.objects.published()
        if outer is None:
            return stories.filter(bylines__isnull=False)
        return stories.filter(bylines__author=outer)


class TagSitemap(ListingSitemap):
    model = Tag

    def stories_of(self, outer):
        stories = Article.objects.published()
        if outer is None:
            return stories.filter(tags__isnull=False)
        return stories.filter(tags__id=outer)

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": item.slug})


class NewsSitemap(Sitemap):
    """Stories published in the last 48 hours, for Google News (templates/sitemaps/news.xml)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            listed_stories()
            .exclude(KEPT_OUT_OF_NEWS)
            .filter(published_at__gte=since)
            .only("headline", "slug", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item: Article):
        return item.published_at


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
