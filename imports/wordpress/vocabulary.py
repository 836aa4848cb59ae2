"""Sections, bylines and tags for imported posts: found by slug, made when first needed.

WordPress's channel lists every category, tag and user of the site; only those an
imported post uses become sections, bylines and tags here. A byline is public (it has a
page and a feed), so a WordPress user who wrote nothing that came over does not get one.
"""

from dataclasses import dataclass

from taggit.models import Tag

from articles.models import Author, Section
from network.models import Site

from . import records
from .content import plain_text, wp_slug
from .summary import ImportSummary

# WordPress's default category; a newsroom has no "Uncategorized" section.
UNCATEGORIZED = "uncategorized"
DEFAULT_SECTION = ("news", "News")
SECTION_NAME_LENGTH = Section._meta.get_field("name").max_length


@dataclass
class Category:
    name: str
    description: str
    parent: str  # its parent's slug, "" at the top


class Vocabulary:
    def __init__(self, summary: ImportSummary, site: Site) -> None:
        self.summary = summary
        # Sections are the town's own: the import fills the town it was asked for.
        self.site_sections = Section.objects.on_site(site)
        self.site = site
        self.categories: dict[str, Category] = {}  # the channel's, by our slug
        self.display_names: dict[str, str] = {}  # the channel's users, by login
        self.forget()

    def forget(self) -> None:
        """Drop what was remembered of the database (after a post's rollback)."""
        self.sections: dict[str, Section] = {}
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag] = {}

    def learn(self, record: records.Author | records.Term) -> None:
        """A channel-level user, category or tag: remembered, nothing written yet."""
        if isinstance(record, records.Author):
            if login := record.login.strip():
                self.display_names[login] = record.display_name
        elif record.kind == "category" and (slug := wp_slug(record.slug) or wp_slug(record.name)):
            self.categories[slug[:80]] = Category(
                name=plain_text(record.name),
                description=plain_text(record.description),
                parent=wp_slug(record.parent)[:80],
            )

    # Sections

    def section_of(self, post: records.Post) -> Section:
        """The post's first category that is not "Uncategorized"; else News."""
        for term in post.terms:
            if term.kind == "category" and (section := self.section(term.slug, term.name)):
                return section
        return self.section(*DEFAULT_SECTION)

    def section(self, slug: str, name: str) -> Section | None:
        slug = (wp_slug(slug) or wp_slug(name))[:80]
        if not slug or slug == UNCATEGORIZED:
            return None
        if slug not in self.sections:
            section = self.site_sections.filter(slug=slug).first()
            if section is None:
                known = self.categories.get(slug)
                name = (known.name if known else "") or plain_text(name) or slug
                section = Section.objects.create(
                    site=self.site,
                    name=self._free_name(name, slug, known),
                    slug=slug,
                    description=known.description if known else "",
                )
                self.summary.sections_created += 1
            self.sections[slug] = section
        return self.sections[slug]

    def _free_name(self, name: str, slug: str, category: Category | None) -> str:
        """Section names are unique in a town; WordPress only makes a name unique under one parent.
        A name the old site used more than once is told apart by the parent ("Foo (Bar)")
        for the category under one, whichever comes first; else by the slug."""
        candidates = [name]
        if category and category.parent in self.categories and self._shared(name):
            candidates.insert(0, f"{name} ({self.categories[category.parent].name})")
        candidates.append(f"{name} ({slug})")
        for candidate in candidates:
            candidate = candidate[:SECTION_NAME_LENGTH]
            if not self.site_sections.filter(name=candidate).exists():
                return candidate
        number = 2
        while True:
            suffix = f" ({slug}, {number})"
            candidate = name[: SECTION_NAME_LENGTH - len(suffix)] + suffix
            if not self.site_sections.filter(name=candidate).exists():
                return candidate
            number += 1

    def _shared(self, name: str) -> bool:
        return sum(category.name == name for category in self.categories.values()) > 1

    # Bylines

    def author(self, login: str) -> Author | None:
        """The byline for the WordPress user who wrote an imported post.

        The byline's address uses the display name rather than the login where it can
        (logins are half of a sign-in). Bylines made by earlier imports, by login, are
        found too. Their WordPress email is not copied: on a byline the email is public.
        """
        login = login.strip()
        display_name = plain_text(self.display_names.get(login, "")) or login
        slug = (wp_slug(display_name) or wp_slug(login))[:120]
        if not slug:
            return None
        if slug not in self.authors:
            author = Author.objects.filter(slug=slug).first()
            author = author or Author.objects.filter(slug=wp_slug(login)[:120] or slug).first()
            if author is None:
                author = Author.objects.create(name=display_name[:120], slug=slug)
                self.summary.authors_created += 1
            self.authors[slug] = author
        return self.authors[slug]

    # Tags

    def tags_of(self, post: records.Post) -> list[Tag]:
        tags = [self.tag(term.slug, term.name) for term in post.terms if term.kind == "post_tag"]
        return list(dict.fromkeys(tag for tag in tags if tag))

    def tag(self, slug: str, name: str) -> Tag | None:
        name = plain_text(name)[:100]
        slug = (wp_slug(slug) or wp_slug(name))[:100]
        if not slug or not name:
            return None
        if slug not in self.tags:
            tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=slug)
                self.summary.tags_created += 1
            self.tags[slug] = tag
        return self.tags[slug]
