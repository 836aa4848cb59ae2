"""Sitemaps: every published story, and the section, author and tag pages that list them,
and the published static pages; plus a Google News sitemap of the last 48 hours.

Everything starts from ``Article.objects.published()``; previews and search results are
never listed. A story whose canonical address is the partner's original is left out (a
sitemap lists canonical addresses only), and the news sitemap also leaves out stories the
partner asked us to keep out of Google News.

Each sitemap is made for the request's site (``per_site``): a town's sitemaps list its own
stories and those shared to it, at its own addresses (the issue asks that a shared story
be found in the other town's sitemap too; its page names the home address as canonical).
The news sitemap lists a town's own stories only: Google News should credit the newsroom
that wrote them.
"""

from datetime import timedelta
from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.db.models import DateTimeField, Exists, Func, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from network.models import Site
from network.routing import site_of

from .models import Article, Author, Byline, Page, Section, TaggedStory
from .planner_hints import BEFORE_ANY_STORY

NEWS_WINDOW = timedelta(hours=48)
# Google reads at most this many stories from a news sitemap.
NEWS_LIMIT = 1000

LAST_CHANGED = Coalesce("modified_at", "updated_at", "published_at")


class SiteSitemap(Sitemap):
    """A sitemap of one site's stories (every site's, made without one)."""

    def __init__(self, site: Site | None = None) -> None:
        self.site = site

    def public_stories(self):
        stories = Article.objects.published()
        return stories.on_site(self.site) if self.site is not None else stories


def per_site(view):
    """A sitemap view whose sitemaps are made for the request's site."""

    @wraps(view)
    def for_site(request: HttpRequest, *args, sitemaps: dict, **kwargs) -> HttpResponse:
        site = site_of(request)
        made = {name: sitemap(site=site) for name, sitemap in sitemaps.items()}
        return view(request, *args, sitemaps=made, **kwargs)

    return for_site


class StorySitemap(SiteSitemap):
    def listed_stories(self):
        """Published stories whose address here is their canonical one."""
        return self.public_stories().canonical_here()

    def items(self):
        return (
            self.listed_stories()
            .annotate(last_changed=LAST_CHANGED)
            .only("slug", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item: Article):
        return item.last_changed

    def get_latest_lastmod(self):
        return self.listed_stories().aggregate(latest=Max(LAST_CHANGED))["latest"]


def newest_of(stories) -> Subquery:
    """The publish time of the newest of these stories, as a subquery."""
    # MAX(), not "ORDER BY published_at DESC LIMIT 1": with the latter PostgreSQL walks
    # the network's stories newest first for each page (18 ms a tag among 200 towns);
    # the former reads the town's stories of that page, from indexes.
    stories = stories.annotate(
        newest=Func("published_at", function="MAX", output_field=DateTimeField())
    )
    return Subquery(stories.order_by().values("newest"))


class ListingSitemap(SiteSitemap):
    """Pages that list stories, with the publish time of the newest story as lastmod.

    A page with no published story is not listed.
    """

    model = None

    def stories_of(self, outer):
        raise NotImplementedError

    def candidates(self):
        """The pages that may be listed, each then asked for its newest story."""
        return self.model.objects.all()

    def newest(self) -> Subquery:
        """The publish time of the newest story on each page (the outer query's)."""
        return newest_of(self.stories_of(OuterRef("pk")))

    def items(self):
        return (
            self.candidates()
            .annotate(newest=self.newest())
            .filter(newest__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.newest

    def get_latest_lastmod(self):
        return self.stories_of(None).aggregate(latest=Max("published_at"))["latest"]


class ShownOnSiteSitemap(ListingSitemap):
    """A listing sitemap of the whole network's authors or tags, narrowed first to those
    with a story the site shows (``story_field``: the way from a story to them). Asking
    each of the network's 4,000 authors for its newest story on the town took 0.5 s;
    asking the town's 25 or so takes a millisecond, in the same one query."""

    story_field = ""
    shown_lookup = "in"

    def candidates(self):
        if self.site is None:
            return super().candidates()
        shown = self.public_stories().order_by().values(self.story_field)
        if self.shown_lookup == "in_array":
            shown = shown.distinct()  # each once in the array; IN (…) needs no DISTINCT
        return self.model.objects.filter(**{f"pk__{self.shown_lookup}": shown})

    def items(self):
        if self.site is None:
            return super().items()
        # Each one has a story here: the sitemap index counts them without asking.
        return self.candidates().annotate(newest=self.newest()).order_by("pk")

    def listed(self) -> Exists:
        """Whether the outer story is listed on one of these pages (has a byline, a tag)."""
        raise NotImplementedError

    def stories_of(self, outer):
        if outer is None:
            # EXISTS, not a join: the town's stories are found first, then each one's
            # byline or tagging by the story's index (among 200 towns: 22 ms joined, 2 ms so).
            return self.public_stories().filter(self.listed())
        return self.public_stories().filter(**{self.story_field: outer})

    def get_latest_lastmod(self):
        if self.site is None:
            return super().get_latest_lastmod()
        # The newest such story, not MAX(): MAX() read every story the town shows,
        # newest_on_site() reads its newest few (1.3–1.7 → 0.6 ms among 200 towns).
        stories = Article.objects.published().filter(self.listed()).newest_on_site(self.site)
        newest = stories.order_by("-published_at").values_list("published_at", flat=True)
        return newest.first()


class SectionSitemap(ListingSitemap):
    """The town's own sections (a shared story is listed under its section's slug)."""

    model = Section

    def candidates(self):
        sections = super().candidates()
        return sections.on_site(self.site) if self.site is not None else sections

    def stories_of(self, outer):
        stories = self.public_stories()
        if outer is None:
            return stories
        same_slug = Section.objects.filter(slug=OuterRef(OuterRef("slug"))).values("pk")
        return stories.filter(section__in=same_slug)

    def newest(self) -> Subquery | NullIf:
        if self.site is None:
            return super().newest()
        # The newest of the town's section page (filed_under()) as the newer of its two
        # parts, each read from its own index: the town's own stories in the section
        # (the newest one of its section index) and the stories shared here under its
        # slug. One MAX() over both read every story of the section.
        published = Article.objects.published()
        own = published.filter(site=self.site, section=OuterRef("pk"))
        shared = published.filter(
            pk__in_array=Article.objects.shared_to_ids(self.site), section__slug=OuterRef("slug")
        )
        # GREATEST() of two times, either of which may be missing (SQLite's MAX(a, b) is
        # NULL if one is): a page with neither is NULL, and not listed.
        newer = Greatest(
            Coalesce(newest_of(own), BEFORE_ANY_STORY),
            Coalesce(newest_of(shared), BEFORE_ANY_STORY),
        )
        return NullIf(newer, BEFORE_ANY_STORY)


class AuthorSitemap(ShownOnSiteSitemap):
    model = Author
    story_field = "bylines__author"
    # Read first, as an array (articles.lookups): as ``IN (…)`` PostgreSQL matched each
    # of the network's 4,000 authors against the town's 1,000 bylines (0.35 s; 7 ms so).
    # Tags keep ``IN``: the network's 30 are each matched against the town's stories
    # through (tag, story)'s index, and stop at the first (1.3 ms among 200 towns).
    shown_lookup = "in_array"

    def listed(self) -> Exists:
        return Exists(Byline.objects.filter(article=OuterRef("pk")))


class TagSitemap(ShownOnSiteSitemap):
    model = Tag
    story_field = "tags"

    def listed(self) -> Exists:
        return Exists(TaggedStory.objects.filter(content_object=OuterRef("pk")))

    def location(self, item: Tag) -> str:
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PageSitemap(SiteSitemap):
    """Published static pages (About, Contact …), by address."""

    def published_pages(self):
        pages = Page.objects.published()
        return pages.on_site(self.site) if self.site is not None else pages

    def items(self):
        return self.published_pages().only("path", "updated_at").order_by("path")

    def lastmod(self, item: Page):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.published_pages().aggregate(latest=Max("updated_at"))["latest"]


class NewsSitemap(SiteSitemap):
    """Stories published in the last 48 hours, for Google News (templates/sitemaps/news.xml)."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        stories = Article.objects.published()
        if self.site is not None:
            stories = stories.filter(site=self.site)
        return (
            stories.for_news_search()
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
    "pages": PageSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
