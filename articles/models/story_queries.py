"""Which stories each reader sees: a story's statuses, and the named reads of stories.

``Article.objects.published()`` is the one door for public code (see DESIGN.md).
"""

from django.db import connections, models
from django.db.models import Prefetch, Q
from django.utils import timezone

from network.models import Site

from .. import lookups  # noqa: F401 (registers pk__in_array, used by on_site())
from ..planner_hints import NoOlderThanTownsOwn, OnPostgreSQL, SameTypeAs
from .bylines import Byline
from .sections import Section, Source


class ArticleStatus(models.TextChoices):
    """Where a story is in its life. Scheduled is PUBLISHED with a future time.

    Pending review is a writer's finished draft, waiting for an editor to publish it or
    send it back; like a draft, readers never see it.
    """

    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class ArticleState(models.TextChoices):
    """What an editor needs to know of a story: its status, with scheduled told apart."""

    DRAFT = ArticleStatus.DRAFT.value, "Draft"
    PENDING = ArticleStatus.PENDING.value, "Pending review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = ArticleStatus.PUBLISHED.value, "Published"
    UNPUBLISHED = ArticleStatus.UNPUBLISHED.value, "Unpublished"


# A partner's story we republish, and what the partner asked search engines to do with it.
SYNDICATED = Q(source__isnull=False) & ~Q(original_url="")
CANONICAL_ELSEWHERE = SYNDICATED & Q(source__indexing=Source.Indexing.CANONICAL)
KEPT_OUT_OF_NEWS = SYNDICATED & Q(source__indexing=Source.Indexing.NOINDEX)


# What a link to a story needs: its headline and what its address is made of.
LINK_FIELDS = ("headline", "slug", "published_at")


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Stories the public may see: published, with a publish time that has come.

        This is the only door for public code. A story scheduled for later becomes
        visible at its time without any job running.
        """
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

    def on_site(self, site: Site) -> "ArticleQuerySet":
        """Stories a site shows: its own, and those other towns shared to it.

        Every public read is ``published().on_site(request.site)``. The shared ones come
        from a subquery, not a join, so a story shared to many towns is listed once; on
        PostgreSQL it is read first, as an array, so that both sides of the OR come from
        indexes however many towns the network has (``articles.lookups``).
        """
        if site.pk is None:
            # The settings' stand-in while the database is down (network.routing): the
            # query is built, and fails as the database does.
            return self.filter(site__is_default=True)
        return self.filter(Q(site=self._town(site)) | Q(pk__in_array=self.shared_to_ids(site)))

    def shared_to_ids(self, site: Site | int) -> models.QuerySet:
        """The ids of the stories other towns shared to this site, as a subquery."""
        return self.model.shared_to.through.objects.filter(site=site).values("article_id")

    def newest_on_site(self, site: Site) -> "ArticleQuerySet":
        """``on_site()`` for a list of a town's newest stories (the home page, Recent News,
        the tag, author and source pages, the feeds): the same stories, which PostgreSQL
        then reads without walking other towns' (``NoOlderThanTownsOwn``). Called last,
        after what the list asks of its stories: a condition added later drops the bound."""
        listed = self.on_site(site)
        if site.pk is None:
            return listed
        # The town's own stories of the list, asked without on_site()'s "or shared here",
        # which kept PostgreSQL from reading them newest first from the town's index.
        own = self.filter(site=self._town(site))
        return listed.filter(NoOlderThanTownsOwn(own, list(listed.query.where.children)))

    def _town(self, site: Site) -> SameTypeAs:
        """The site's id as the column's own type (``planner_hints.SameTypeAs``)."""
        return SameTypeAs(site.pk, self.model._meta.get_field("site").target_field)

    def filed_under(self, section: Section) -> "ArticleQuerySet":
        """Stories a town's section page lists, with ``on_site()`` of its town: the town's
        own stories in that section, and stories shared to it from another town's section
        of the same slug (A's "news" story shared to B is in B's /section/news/).

        On PostgreSQL also "in this section, or shared here", which the rest implies (a
        town's own stories are filed in its own sections): "in any town's section of the
        slug" alone made it read the index entries of all 200 towns' sections of the slug
        (963 buffers); with both, this section's and the shared stories' (0.4 ms). SQLite
        reads the first from its section index, and is not told the second
        (``articles.planner_hints``).

        "Of the same slug" is asked by the section's slug on PostgreSQL (the few stories
        the rest finds each meet their section, which the listing joins anyway), and as
        every town's section id on SQLite, which read all of the section table's stories
        for the join (a section count 0.3 → 7 ms on the 10,000-story bench). Among 200
        towns the 200 ids made PostgreSQL's query 1 ms slower to plan and run."""
        # Chosen as the query is built, not by OnPostgreSQL(): the slug's join would be
        # made on SQLite too, unused (and both ways were slower there and on PostgreSQL).
        if connections[self.db].vendor == "postgresql":
            same_slug = Q(section__slug=section.slug)
        else:
            same_slug = Q(section__in=section.same_slug_ids)
        # A stand-in section (for_section_page) has no stories of its own.
        in_section = Q(pk__in=[]) if section.is_stand_in else Q(section=section)
        shared_here = Q(pk__in_array=self.shared_to_ids(section.site_id))
        return self.filter(same_slug).filter(OnPostgreSQL(in_section | shared_here))

    def filed_under_slug(self, site: Site, slug: str) -> "ArticleQuerySet":
        """``filed_under()`` the town's section with this slug, found by the same query
        (a sidebar list on every page, which has no section in hand): none if the town
        has no such section."""
        here = Section.objects.on_site(site).filter(slug=slug).order_by().values("pk")
        shared_here = Q(pk__in_array=self.shared_to_ids(site))
        return self.filter(section__slug=slug).filter(
            OnPostgreSQL(Q(section=models.Subquery(here)) | shared_here)
        )

    def canonical_here(self) -> "ArticleQuerySet":
        """Stories whose address here is their canonical one (not a partner's original)."""
        return self.exclude(CANONICAL_ELSEWHERE)

    def for_news_search(self) -> "ArticleQuerySet":
        """Stories that may appear in Google News from here: our own, and partners' whose
        agreement does not keep our copy out."""
        return self.canonical_here().exclude(KEPT_OUT_OF_NEWS)

    def partner_drafts(self) -> "ArticleQuerySet":
        """Drafts from partners waiting for an editor, the newest arrivals first."""
        return (
            self.filter(source__isnull=False, status=ArticleStatus.DRAFT)
            .select_related("source", "section")
            .order_by("-created_at", "-pk")
        )

    def pending_review(self) -> "ArticleQuerySet":
        """Stories writers have submitted, waiting for an editor."""
        return self.filter(status=ArticleStatus.PENDING)

    def with_bylines(self) -> "ArticleQuerySet":
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def for_links(self) -> "ArticleQuerySet":
        """What a list of bare headline links needs (the sidebars): the headline and the
        address, newest first. Leaving the body and the rest out makes these small
        queries quicker to build and to read, and they run on every page."""
        return self.only(*LINK_FIELDS).order_by("-published_at", "-pk")

    def for_listing(self) -> "ArticleQuerySet":
        """What a list of story teasers shows: section and bylines, in one query each."""
        return self.select_related("section").with_bylines().order_by("-published_at", "-pk")

    def for_story_page(self) -> "ArticleQuerySet":
        """The story with what its address and head need.

        Bylines, tags and corrections are fetched by the story's own fragment, and only
        when that fragment is not already in the cache.
        """
        return self.select_related("section", "source", "site")
