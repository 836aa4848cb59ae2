"""Static pages: About, Contact, the ethics policy … at an address of their own.

A page lives at its path, made of its parent's path and its own slug (``/about/staff/``),
on its town's site: two towns may each have an /about/. ``Page.objects.published()`` is
the one door for public code, as for stories, and ``on_site()`` its town's. Moving a
published page (a new slug or parent) leaves a 301 from every address it had, on its town.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import Resolver404, resolve, reverse
from django_prose_editor.fields import ProseEditorField

from network.models import Site
from network.routing import default_site_id

from ..sanitizer import BODY_EXTENSIONS, sanitize_body

MAX_PATH_LENGTH = 300


class PageStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        """Pages the public may see. The only door for public code."""
        return self.filter(status=PageStatus.PUBLISHED)

    def on_site(self, site: Site) -> "PageQuerySet":
        """A town's own pages. Pages are never shared: each town writes its own About."""
        if site.pk is None:
            # The settings' stand-in while the database is down (network.routing).
            return self.filter(site__is_default=True)
        return self.filter(site=site)

    def for_footer(self) -> "PageQuerySet":
        """The published pages editors chose for the footer, in their menu order."""
        return (
            self.published()
            .filter(show_in_footer=True)
            .only("title", "path")
            .order_by("menu_order", "title", "pk")
        )


class Page(models.Model):
    Status = PageStatus

    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="pages",
        help_text="The town whose site shows this page (in its footer and sitemap).",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        allow_unicode=True,
        help_text="The last part of the page's address: “about” makes /about/. Letters of "
        "any alphabet, digits and hyphens.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Put the page under another one: “Staff” under “About” lives at /about/staff/.",
    )
    path = models.CharField(
        "address",
        max_length=MAX_PATH_LENGTH,
        editable=False,
        help_text="Made from the parent's address and the slug.",
    )
    body = ProseEditorField(
        blank=True,
        extensions=BODY_EXTENSIONS,
        sanitize=True,
        help_text="Paragraphs, subheadings, bold, italic, links, lists and quotes. Anything "
        "else, pasted or typed, is removed on save.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    menu_order = models.PositiveSmallIntegerField(
        default=0, help_text="Pages are listed from low to high (in the footer, under a parent)."
    )
    show_in_footer = models.BooleanField(
        "show in footer", default=False, help_text="List the page in every page's footer."
    )
    wordpress_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The page's id on the WordPress site it was imported from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="page_has_a_slug"),
            models.UniqueConstraint(fields=["site", "path"], name="page_path_unique_per_site"),
        ]

    def __str__(self) -> str:
        return self.title

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_body(self.body)
        before = Page.objects.filter(pk=self.pk).values("path", "status", "site_id")
        old = before.first() if self.pk else None
        self.path = self.path_from_parent()
        super().save(*args, **kwargs)
        if old and old["path"] != self.path:
            if old["status"] == self.Status.PUBLISHED:
                PageRedirect.objects.update_or_create(
                    site_id=self.site_id, old_path=old["path"], defaults={"page": self}
                )
            # The subpages move with their parent, each leaving its own old address.
            for child in self.children.all():
                child.save()
        PageRedirect.objects.filter(site_id=self.site_id, old_path=self.path).delete()
        if old and old["site_id"] != self.site_id:
            # A page moved to another town takes its old addresses along; there they
            # replace the town's own redirects from the same addresses.
            own = self.redirects.values("old_path")
            PageRedirect.objects.filter(site_id=self.site_id, old_path__in=own).delete()
            self.redirects.update(site_id=self.site_id)

    def get_absolute_url(self) -> str:
        return reverse("pages:page", kwargs={"path": self.path.strip("/") + "/"})

    def get_preview_url(self) -> str:
        return reverse("pages:preview", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def path_from_parent(self) -> str:
        parent_path = self.parent.path if self.parent_id else "/"
        return f"{parent_path}{self.slug}/"

    def ancestor_paths(self) -> list[str]:
        """The addresses of the pages above this one, outermost first."""
        parts = self.path.strip("/").split("/")[:-1]
        return ["/" + "/".join(parts[: depth + 1]) + "/" for depth in range(len(parts))]

    def clean(self) -> None:
        if self.parent_id and self.pk and self._is_above(self.parent):
            raise ValidationError({"parent": "A page cannot go under itself or its own subpages."})
        moved = Page.objects.filter(pk=self.pk).exclude(site_id=self.site_id)
        if self.pk and moved.exists() and self.children.exists():
            raise ValidationError(
                {
                    "site": "This page has subpages: move them first, or make the page anew "
                    "in the other town."
                }
            )
        if self.parent_id and self.site_id and self.parent.site_id != self.site_id:
            raise ValidationError(
                {
                    "parent": f"“{self.parent}” is a page of {self.parent.site}: choose a parent "
                    "page of the same town."
                }
            )
        if not self.slug:
            return
        path = self.path_from_parent()
        if len(path) > MAX_PATH_LENGTH:
            raise ValidationError({"slug": "The page's address would be too long."})
        if taken := route_taking(path):
            raise ValidationError(
                {"slug": f"The address {path} belongs to the site's {taken}. Choose another slug."}
            )
        same_town = Page.objects.filter(site_id=self.site_id, path=path).exclude(pk=self.pk)
        if same_town.exists():
            raise ValidationError({"slug": f"Another page already lives at {path}."})

    def _is_above(self, page: "Page") -> bool:
        while page is not None:
            if page.pk == self.pk:
                return True
            page = page.parent
        return False


def route_taking(path: str) -> str:
    """What else on the site answers at ``path`` ("search", "articles:section" …), or "".

    Pages are served after every other route, so a page there could never be reached.
    """
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    if match.view_name == "pages:page":
        return ""
    return match.url_name or match.view_name or "pages"


class PageRedirectQuerySet(models.QuerySet):
    def page_moved_from(self, path: str, site: Site) -> "Page | None":
        """The published page of this town that used to live at this address, if any."""
        moved = (
            self.filter(old_path=path, page__in=Page.objects.published().on_site(site))
            .select_related("page")
            .first()
        )
        return moved.page if moved else None


class PageRedirect(models.Model):
    """An address a page used to have (here or on the old WordPress site); it answers 301
    on the page's town. The town is kept on the row (always the page's) so that an old
    address is unique per town: two towns may both have moved their /about-us/."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    old_path = models.CharField(max_length=MAX_PATH_LENGTH)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "old_path"], name="page_redirect_unique_per_site"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.page_id}"

    def save(self, *args, **kwargs) -> None:
        self.site_id = self.page.site_id
        super().save(*args, **kwargs)
