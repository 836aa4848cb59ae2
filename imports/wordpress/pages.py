"""WordPress pages become the newsroom's static pages, at their old path where they can.

A page keeps its place under its parent (``/about/staff/``), whatever order the file lists
them in: a page whose parent comes later waits for it. Its old addresses (the site may
have lived under ``/demo/``) answer 301 when they differ from the new one. A page whose
path belongs to something else here (another page, the site's search …) comes in under
the next free slug, and the summary says so.
"""

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.utils.text import Truncator

from articles.models import Page, PageRedirect
from articles.models.pages import MAX_PATH_LENGTH, route_taking
from network.models import Site

from . import records
from .addresses import OldAddresses
from .content import autop, plain_text, wp_slug
from .summary import ImportSummary

LEFT_OUT = {"trash": "in the trash", "auto-draft": "auto-drafts"}
SLUG_LENGTH = Page._meta.get_field("slug").max_length


class PageError(Exception):
    """Why one page cannot be imported; the import goes on without it."""


class PageImporter:
    def __init__(
        self,
        index: records.ExportIndex,
        addresses: OldAddresses,
        summary: ImportSummary,
        warn: Callable[[str], None],
        site: Site,
    ) -> None:
        self.site = site
        self.parents = index.page_parents
        self.addresses = addresses
        self.summary = summary
        self.warn = warn
        self.waiting: dict[int, list[records.Post]] = defaultdict(list)

    def page(self, post: records.Post) -> None:
        if post.status in LEFT_OUT:
            self.summary.pages_skipped[LEFT_OUT[post.status]] += 1
            return
        parent_id = post.parent_id
        if parent_id in self.parents and not self._imported(parent_id):
            # Its parent comes later in the file (WordPress lists children first as often
            # as not): the page waits for it.
            self.waiting[parent_id].append(post)
            return
        self._import(post)

    def finish(self) -> None:
        """Pages whose parent never came in (it failed) come in at the top level."""
        while self.waiting:
            _, posts = self.waiting.popitem()
            for post in posts:
                self._import(post, orphan=True)

    def _imported(self, wordpress_id: int) -> bool:
        return Page.objects.filter(wordpress_id=wordpress_id).exists()

    def _import(self, post: records.Post, *, orphan: bool = False) -> None:
        before = self.summary.snapshot()
        try:
            with transaction.atomic():
                self._page(post, orphan=orphan)
        except Exception as error:  # whatever is wrong with one page, the rest go on
            self.summary.roll_back_to(before)
            self.summary.pages_failed += 1
            reason = str(error) if isinstance(error, PageError) else repr(error)
            self.warn(f"Page {post.raw_id or '(no id)'} not imported: {reason}")
        if post.id is not None:
            for child in self.waiting.pop(post.id, []):
                self._import(child)

    def _page(self, post: records.Post, *, orphan: bool) -> None:
        summary = self.summary
        if post.id is None:
            raise PageError(f"its wp:post_id “{post.raw_id}” is not a number.")
        summary.comments_on_pages += len(post.comments)
        page = Page.objects.filter(wordpress_id=post.id).first()
        if page is None:
            page = self._create(post, orphan=orphan)
            summary.pages_created += 1
        else:
            summary.pages_unchanged += 1
        for path in self.addresses.of(post.link, post.guid):
            if path != page.path and not route_taking(path):
                _, created = PageRedirect.objects.get_or_create(
                    site_id=page.site_id, old_path=path, defaults={"page": page}
                )
                summary.redirects_created += created

    def _create(self, post: records.Post, *, orphan: bool) -> Page:
        title = plain_text(post.title)
        if not title and not post.content.strip():
            raise PageError("it has neither a title nor any content.")
        parent = None
        if post.parent_id:
            parent = Page.objects.filter(wordpress_id=post.parent_id).first()
            if parent is None:
                why = "could not be imported" if orphan else "is not in the export (or trashed)"
                self.warn(
                    f"Page {post.id}: its parent page {post.parent_id} {why}; "
                    "it came in at the top level."
                )
        status = Page.Status.PUBLISHED if post.status == "publish" else Page.Status.DRAFT
        if post.password and status == Page.Status.PUBLISHED:
            status = Page.Status.DRAFT
            self.summary.held_back["password-protected"] += 1
        elif post.status == "private":
            self.summary.held_back["private"] += 1
        page = Page(
            title=Truncator(title or plain_text(post.content)).chars(200, truncate="…"),
            parent=parent,
            body=autop(post.content),
            status=status,
            menu_order=post.menu_order,
            wordpress_id=post.id,
            site=self.site,
        )
        wanted = wp_slug(post.name) or wp_slug(title) or f"page-{post.id}"
        page.slug = self._free_slug(page, wanted[:SLUG_LENGTH].strip("-") or f"page-{post.id}")
        if page.slug != wanted:
            self.summary.pages_moved += 1
            self.warn(
                f"Page {post.id}: {self._path(parent, wanted)} is taken here; "
                f"it came in at {page.path_from_parent()}."
            )
        page.save()
        return page

    def _free_slug(self, page: Page, wanted: str) -> str:
        slug, number = wanted, 2
        while True:
            page.slug = slug
            path = page.path_from_parent()
            if len(path) > MAX_PATH_LENGTH:
                raise PageError("its address would be longer than the site allows.")
            taken = Page.objects.filter(site=self.site, path=path).exists()
            if not route_taking(path) and not taken:
                return slug
            suffix = f"-{number}"
            slug, number = wanted[: SLUG_LENGTH - len(suffix)] + suffix, number + 1

    @staticmethod
    def _path(parent: Page | None, slug: str) -> str:
        return f"{parent.path if parent else '/'}{slug}/"
