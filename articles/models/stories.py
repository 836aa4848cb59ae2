"""Stories: the story itself, its revisions' links, and what its pages need of it.

Its statuses and named reads are in ``story_queries``; ``Article.objects.published()`` is
the one door for public code (see DESIGN.md).
"""

from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from network.models import Site
from network.routing import default_site_id, site_of

from ..addresses import address_day, public_address
from ..images import validate_image_upload
from ..pictures import ImageSlot, Picture, WithRenditions
from ..sanitizer import BODY_EXTENSIONS, sanitize_body
from .people import Author
from .redirects import ArticleRedirect
from .sections import Section, Source
from .story_queries import ArticleQuerySet, ArticleState, ArticleStatus
from .tags import TaggedStory


class RevisionLinks(models.Model):
    """What each saved revision of a story offers in the admin's history list."""

    class Meta:
        abstract = True

    @property
    def compare(self) -> str:
        url = reverse("admin:articles_article_revision", args=[self.id, self.history_id])
        return format_html('<a href="{}">Compare and revert</a>', url)


class Article(WithRenditions, models.Model):
    Status = ArticleStatus
    LEAD_IMAGE = ImageSlot("lead_image", "lead_image_renditions")
    image_slots = (LEAD_IMAGE,)

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text="The last part of the story's address. Letters of any alphabet, digits "
        "and hyphens.",
    )
    dek = models.TextField(
        "summary", blank=True, help_text="One or two sentences under the headline and in lists."
    )
    body = ProseEditorField(
        blank=True,
        extensions=BODY_EXTENSIONS,
        # The editor's own cleaning matches its toolbar; Article.save() cleans again with
        # the site's allowlist, for bodies that arrive any other way.
        sanitize=True,
        help_text="Paragraphs, subheadings, bold, italic, links, lists and quotes. Anything "
        "else, pasted or typed, is removed on save.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="articles",
        verbose_name="home site",
        help_text="The town this story belongs to: its comments live there, and other towns "
        "it is shared to point search engines there.",
    )
    shared_to = models.ManyToManyField(
        Site,
        blank=True,
        related_name="shared_articles",
        verbose_name="also shown on",
        help_text="Other towns whose lists, feeds, search and sitemaps show this story, "
        "marked “Originally published by” its home site.",
    )
    tags = TaggableManager(blank=True, through=TaggedStory)
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")
    contributor_name = models.CharField(
        "community contributor",
        max_length=100,
        blank=True,
        help_text="A neighbour who wrote this story, not staff: readers see “Community "
        "contributor: <name>” instead of staff bylines, with no author page. A name only, "
        "never an email address.",
    )

    lead_image = models.ImageField(
        upload_to="lead/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    lead_image_decorative = models.BooleanField(
        "decorative image",
        default=False,
        help_text="Tick only if the image adds nothing a reader would miss; it then needs no "
        "alt text.",
    )
    lead_image_renditions = models.JSONField(default=list, blank=True, editable=False)
    lead_image_caption = models.CharField("caption", max_length=300, blank=True)
    lead_image_credit = models.CharField("credit", max_length=120, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Set on first publish. A time in the future schedules the story.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    modified_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        help_text="When the story last changed in substance; shown to readers.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comments_open = models.BooleanField(default=True)
    review_note = models.TextField(
        "note to the writer",
        blank=True,
        help_text="Why an editor sent the story back, and what to change. The writer sees it "
        "on the story's page in the admin.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up with every save, so a form opened before someone else's save "
        "cannot overwrite it unseen.",
    )
    comment_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Approved comments, kept up to date by the comments app for story lists.",
    )

    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The partner outlet, when this is their reporting.",
    )
    original_url = models.URLField(
        "original story URL",
        max_length=500,
        blank=True,
        help_text="Where the partner published it.",
    )
    source_guid = models.CharField(
        "partner's item id",
        max_length=500,
        blank=True,
        editable=False,
        help_text="The feed item's GUID (or link), so an item is never brought in twice.",
    )
    wordpress_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The post's id on the WordPress site it was imported from.",
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["comment_count", "updated_at", "lead_image_renditions"],
        bases=[RevisionLinks],
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Can publish, schedule and unpublish stories")]
        # The public lists: newest published first, site-wide and per section. With the
        # status and the home site in the index, counting a town's list pages reads the
        # index alone (10,000 stories on SQLite: 1.6 ms instead of 18.8 ms).
        indexes = [
            models.Index(
                fields=["status", "published_at", "site"], name="published_stories_by_site"
            ),
            models.Index(
                fields=["section", "status", "published_at", "site"],
                name="published_in_section_by_site",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="published_story_has_publish_time",
            ),
            models.UniqueConstraint(
                fields=["source", "source_guid"],
                condition=~Q(source_guid=""),
                name="one_story_per_partner_item",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_body(self.body)
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        old_path = self._published_path_before_save()
        super().save(*args, **kwargs)
        path = self.path
        if old_path and old_path != path:
            ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": self})
        ArticleRedirect.objects.filter(old_path=path).delete()

    def get_absolute_url(self) -> str:
        # A teaser links its story three times and a page lists dozens of stories:
        # reversed once per story and date, not once per link.
        key = (self.published_at, self.slug)
        known = self.__dict__.get("_absolute_url")
        if known is not None and known[0] == key:
            return known[1]
        url = self.path_for(self.published_at or timezone.now(), self.slug)
        if self.published_at is not None:
            self.__dict__["_absolute_url"] = (key, url)
        return url

    @property
    def path(self) -> str:
        """The address as ``request.path`` shows it: a Unicode slug is not percent-encoded
        here, as it is in get_absolute_url(). Old addresses are stored in this form."""
        return unquote(self.get_absolute_url())

    def clean(self) -> None:
        # Publishing with the time left blank means "now" (checked before the constraints).
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.section_id and self.site_id and self.section.site_id != self.site_id:
            raise ValidationError(
                {
                    "section": f"“{self.section}” is a section of {self.section.site}; choose "
                    "one of the home site's sections (share the story to show it elsewhere)."
                }
            )

    def _published_path_before_save(self) -> str:
        """The address readers knew this story by, if it had been published."""
        if self.pk is None:
            return ""
        before = Article.objects.filter(pk=self.pk).values("slug", "published_at", "status")
        before = before.first()
        never_out = {self.Status.DRAFT, self.Status.PENDING}
        if not before or before["published_at"] is None or before["status"] in never_out:
            return ""
        return unquote(self.path_for(before["published_at"], before["slug"]))

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_public

    @property
    def state(self) -> ArticleState:
        """Draft, pending review, scheduled, published or unpublished."""
        return ArticleState.SCHEDULED if self.is_scheduled else ArticleState(self.status)

    @staticmethod
    def path_for(published_at, slug: str) -> str:
        day = address_day(published_at)
        return public_address(
            "articles:story",
            year=f"{day.year:04d}",
            month=f"{day.month:02d}",
            day=f"{day.day:02d}",
            slug=slug,
        )

    def get_preview_url(self) -> str:
        return reverse("articles:preview", kwargs={"pk": self.pk})

    def get_canonical_url(self, request: HttpRequest) -> str:
        """The address search engines should index: ours, or the partner's original when
        the syndication agreement asks for it."""
        if self.canonical_is_original:
            return self.original_url
        if self.is_shared_copy_on(site_of(request)):
            return self.home_url
        return request.build_absolute_uri(self.get_absolute_url())

    def is_shared_copy_on(self, site: Site) -> bool:
        """Whether this story, on that site, is a copy shared from its home site."""
        return site.pk is not None and self.site_id != site.pk

    @property
    def home_url(self) -> str:
        """The story's address on its home site, scheme and host included."""
        return self.site.absolute(self.get_absolute_url())

    @property
    def lead_picture(self) -> Picture:
        return self.LEAD_IMAGE.picture(self)

    @property
    def lead_image_alt_text(self) -> str:
        """The alt text readers' browsers get: empty marks a decorative image."""
        return "" if self.lead_image_decorative else self.lead_image_alt

    @property
    def is_syndicated(self) -> bool:
        return self.source_id is not None and bool(self.original_url)

    @property
    def canonical_is_original(self) -> bool:
        return self.is_syndicated and self.source.indexing == Source.Indexing.CANONICAL

    @property
    def hidden_from_news_search(self) -> bool:
        return self.is_syndicated and self.source.indexing == Source.Indexing.NOINDEX

    @property
    def word_count(self) -> int:
        return len(strip_tags(self.body).split())

    @property
    def contributor_credit(self) -> str:
        """The credit line of a story by a community contributor, or ""."""
        return f"Community contributor: {self.contributor_name}" if self.contributor_name else ""

    @cached_property
    def byline_authors(self) -> list[Author]:
        """The authors in byline order: the prefetched bylines when present, else one query."""
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            bylines = self.bylines.all()
        else:
            bylines = self.bylines.select_related("author")
        return [byline.author for byline in bylines]
