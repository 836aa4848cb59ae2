from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from .sanitizer import sanitize_body


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
        upload_to="authors/", blank=True, width_field="photo_width", height_field="photo_height"
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
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

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.region})" if self.region else self.name


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
        """Everything the story page shows about the story itself."""
        return self.select_related("section", "source").with_bylines().prefetch_related("tags")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the story's address."
    )
    dek = models.TextField(
        "summary", blank=True, help_text="One or two sentences under the headline and in lists."
    )
    body = models.TextField(
        blank=True,
        help_text="HTML. Anything outside paragraphs, subheadings, emphasis, links, lists "
        "and quotes is removed on save.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = TaggableManager(blank=True)
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")

    lead_image = models.ImageField(
        upload_to="lead/%Y/%m/",
        blank=True,
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
    lead_image_caption = models.CharField("caption", max_length=300, blank=True)
    lead_image_credit = models.CharField("credit", max_length=120, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Set on first publish. A time in the future schedules the story.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_story_has_publish_time",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_body(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        day = timezone.localtime(self.published_at or timezone.now())
        return reverse(
            "articles:story",
            kwargs={
                "year": f"{day.year:04d}",
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_syndicated(self) -> bool:
        return self.source_id is not None and bool(self.original_url)

    @property
    def byline_authors(self) -> list[Author]:
        """The authors in byline order; uses the prefetched bylines when present."""
        return [byline.author for byline in self.bylines.all()]


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
