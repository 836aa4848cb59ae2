"""Where stories are filed (sections) and whose reporting we republish (sources)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from network.models import Site
from network.routing import default_site_id

from ..addresses import public_address


class SectionQuerySet(models.QuerySet):
    def on_site(self, site: Site) -> "SectionQuerySet":
        """A town's own sections: its navigation, its section pages and its sitemap."""
        if site.pk is None:
            # The settings' stand-in while the database is down (network.routing).
            return self.filter(site__is_default=True)
        return self.filter(site=site)

    def named_like(self, slug: str) -> "SectionQuerySet":
        """Every town's section with this slug. A story shared to a town is listed on
        that town's section page of the same slug as its own section."""
        return self.filter(slug=slug)

    def for_section_page(self, site: Site, slug: str) -> "Section | None":
        """The town's section with this slug, knowing the ids of every town's section of
        that slug (``same_slug_ids``, whose stories shared here it lists): one query.

        A town without a section of the slug gets a stand-in, unsaved, named as another
        town's: a story shared here from that town's section links its section's page
        here, which lists the stories shared here under the slug (as a shared post's
        category is made on the receiving site in WordPress). Its page is a 404 if no
        such story is shown here (``is_stand_in``)."""
        found = sorted(self.named_like(slug), key=lambda section: section.pk)
        here = next((section for section in found if section.site_id == site.pk), None)
        if here is None and found and site.pk is not None:
            here = self.model(site=site, name=found[0].name, slug=slug)
        if here is not None:
            here.__dict__["same_slug_ids"] = [section.pk for section in found]
        return here


class Section(models.Model):
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="sections",
        help_text="The town whose navigation lists this section. Its stories belong to "
        "that town too.",
    )
    name = models.CharField(max_length=80)
    slug = models.SlugField(
        max_length=80,
        allow_unicode=True,
        help_text="The section's address: “news” makes /section/news/. Towns may use the "
        "same slug; a story shared to another town shows in that town's section of the "
        "same slug, if it has one.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences for the section page."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the navigation from low to high."
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        # Every town's section of a slug, for a section page and the Community sidebar
        # on every page (``named_like``): without it, a read of every town's sections.
        indexes = [models.Index(fields=["slug"], name="sections_by_slug")]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="section_slug_unique_per_site"),
            models.UniqueConstraint(fields=["site", "name"], name="section_name_unique_per_site"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return public_address("articles:section", slug=self.slug)

    @property
    def is_stand_in(self) -> bool:
        """A town's page for a slug it has no section of (``for_section_page``)."""
        return self.pk is None

    @cached_property
    def same_slug_ids(self) -> list[int]:
        """Every town's section of this slug, this one included. The section's page lists
        the stories shared to its town from any of them, so it is retired with them."""
        return list(Section.objects.named_like(self.slug).values_list("pk", flat=True))

    def clean(self) -> None:
        moved = Section.objects.filter(pk=self.pk).exclude(site_id=self.site_id)
        if self.pk and moved.exists() and self.articles.exists():
            raise ValidationError(
                {
                    "site": "This section has stories: they belong to its town. Make a section "
                    "in the other town and move the stories there instead."
                }
            )
        # Said here as well as in the constraints: a one-town admin form has no site
        # field, and Django checks no constraint that names a field the form leaves out.
        same_town = Section.objects.filter(site_id=self.site_id).exclude(pk=self.pk)
        if self.slug and same_town.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "This town already has a section with this slug."})
        if self.name and same_town.filter(name=self.name).exists():
            raise ValidationError({"name": "This town already has a section with this name."})


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
