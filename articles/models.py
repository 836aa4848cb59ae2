from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django_prose_editor.fields import ProseEditorField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from .images import process_image_field, refresh_renditions, validate_image_upload
from .sanitizer import sanitize_body

# Byline photos are small: a thumbnail and its high-density twin.
AUTHOR_PHOTO_WIDTHS = (160, 320)


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences for the section page."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the navigation from low to high."
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    """A staff byline: a person, or a team such as "Editorial Staff"."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        TEAM = "team", "Team"

    name = models.CharField("display name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(
        max_length=120, blank=True, help_text='For example "City Hall reporter".'
    )
    bio = models.TextField(
        blank=True, help_text="One or two sentences shown under the author's stories."
    )
    photo = models.ImageField(
        upload_to="authors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_image_upload],
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    links = models.TextField(
        blank=True, help_text="Web pages about this author or team, one address per line."
    )
    photo_renditions = models.JSONField(default=list, blank=True, editable=False)
    email = models.EmailField(
        "public contact email",
        blank=True,
        help_text="Shown to readers in a form that address harvesters cannot read.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes under this byline, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        needs_renditions = process_image_field(
            self, "photo", "photo_renditions", AUTHOR_PHOTO_WIDTHS
        )
        super().save(*args, **kwargs)
        if needs_renditions:
            refresh_renditions(self, "photo", "photo_renditions", AUTHOR_PHOTO_WIDTHS)

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class Source(models.Model):
    """A partner outlet whose reporting we republish with attribution."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    region = models.CharField(
        "metro or region",
        max_length=120,
        blank=True,
        help_text='For example "Colorado Springs metro".',
    )
    homepage = models.URLField(blank=True)
    feed_url = models.URLField(
        "feed URL", blank=True, help_text="RSS or Atom feed of the partner's stories, if any."
    )

    class Indexing(models.TextChoices):
        NOINDEX = "noindex", "Our copy not in Google News, with a link to the original"
        CANONICAL = "canonical", "Point search engines at the original (rel=canonical)"
        NONE = "none", "Neither: the story is ours, made with the partner"

    section = models.ForeignKey(
        "Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where stories from this partner's feed are filed as drafts.",
    )
    indexing = models.CharField(
        "indexing policy",
        max_length=10,
        choices=Indexing.choices,
        default=Indexing.NOINDEX,
        help_text="What the syndication agreement asks for. Google asks republishers for the "
        "first by default.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})" if self.region else self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:source", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Stories the public may see: published, with a publish time that has come.

        This is the only door for public code. A story scheduled for later becomes
        visible at its time without any job running.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_bylines(self) -> "ArticleQuerySet":
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def for_listing(self) -> "ArticleQuerySet":
        """What a list of story teasers shows: section and bylines, in one query each."""
        return self.select_related("section").with_bylines().order_by("-published_at", "-pk")

    def for_story_page(self) -> "ArticleQuerySet":
        """The story with what its address and head need.

        Bylines, tags and corrections are fetched by the story's own fragment, and only
        when that fragment is not already in the cache.
        """
        return self.select_related("section", "source")


class RevisionLinks(models.Model):
    """What each saved revision of a story offers in the admin's history list."""

    class Meta:
        abstract = True

    @property
    def compare(self) -> str:
        url = reverse("admin:articles_article_revision", args=[self.id, self.history_id])
        return format_html('<a href="{}">Compare and revert</a>', url)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the story's address."
    )
    dek = models.TextField(
        "summary", blank=True, help_text="One or two sentences under the headline and in lists."
    )
    body = ProseEditorField(
        blank=True,
        extensions={
            "Bold": True,
            "Italic": True,
            "Heading": {"levels": [2, 3]},
            "BulletList": True,
            "OrderedList": True,
            "ListItem": True,
            "Blockquote": True,
            "Link": {"enableTarget": False},
            "HardBreak": True,
            "HorizontalRule": True,
            "History": True,
        },
        # The editor's own cleaning matches its toolbar; Article.save() cleans again with
        # the site's allowlist, for bodies that arrive any other way.
        sanitize=True,
        help_text="Paragraphs, subheadings, bold, italic, links, lists and quotes. Anything "
        "else, pasted or typed, is removed on save.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(blank=True)
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")

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
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
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
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        old_path = self._published_path_before_save()
        needs_renditions = process_image_field(
            self, "lead_image", "lead_image_renditions", settings.IMAGE_RENDITION_WIDTHS
        )
        super().save(*args, **kwargs)
        if needs_renditions:
            refresh_renditions(
                self, "lead_image", "lead_image_renditions", settings.IMAGE_RENDITION_WIDTHS
            )
        if old_path and old_path != self.get_absolute_url():
            ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": self})
        ArticleRedirect.objects.filter(old_path=self.get_absolute_url()).delete()

    def get_absolute_url(self) -> str:
        return self.path_for(self.published_at or timezone.now(), self.slug)

    def clean(self) -> None:
        # Publishing with the time left blank means "now" (checked before the constraints).
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def _published_path_before_save(self) -> str:
        """The address readers knew this story by, if it had been published."""
        if self.pk is None:
            return ""
        before = Article.objects.filter(pk=self.pk).values("slug", "published_at", "status")
        before = before.first()
        if not before or before["published_at"] is None or before["status"] == "draft":
            return ""
        return self.path_for(before["published_at"], before["slug"])

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
    def state(self) -> str:
        """Draft, scheduled, published or unpublished: what an editor needs to know."""
        return "scheduled" if self.is_scheduled else self.status

    @staticmethod
    def path_for(published_at, slug: str) -> str:
        day = timezone.localtime(published_at)
        return reverse(
            "articles:story",
            kwargs={
                "year": f"{day.year:04d}",
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": slug,
            },
        )

    def get_preview_url(self) -> str:
        return reverse("articles:preview", kwargs={"pk": self.pk})

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

    @cached_property
    def byline_authors(self) -> list[Author]:
        """The authors in byline order: the prefetched bylines when present, else one query."""
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            bylines = self.bylines.all()
        else:
            bylines = self.bylines.select_related("author")
        return [byline.author for byline in bylines]


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class ReadCount(models.Model):
    """How many times a story was read in one hour, as counted by the page's beacon."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_counts")
    hour = models.DateTimeField(help_text="The start of the hour, in UTC.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-hour"]
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="one_read_count_per_hour"),
        ]
        indexes = [models.Index(fields=["hour", "article"])]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.count}"


class Correction(models.Model):
    """A dated note at the end of a published story: what was wrong, or what is new."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="Plain text, e.g. “An earlier version misspelled …”.")
    created_at = models.DateTimeField("date", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.created_at:%b %d, %Y}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # A correction is a change in substance: the story's "Updated" time moves with it.
        Article.objects.filter(pk=self.article_id).filter(
            Q(modified_at__isnull=True) | Q(modified_at__lt=self.created_at)
        ).update(modified_at=self.created_at)


class ArticleRedirect(models.Model):
    """An address a published story used to have; it answers 301 to where the story is now."""

    old_path = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.article_id}"
