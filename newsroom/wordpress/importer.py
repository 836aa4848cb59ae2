"""Writing a WordPress export into the newsroom: sections, bylines, tags, stories, comments.

Everything is matched by a stable key, so importing the same file again changes nothing:
stories and comments by their WordPress ids, sections, authors and tags by slug. A story
that is already here is left exactly as it is (editors may have worked on it since); only
comments and old addresses it does not have yet are added.
"""

import copy
import ipaddress
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from taggit.models import Tag

from articles.models import Article, ArticleRedirect, Author, Byline, Section
from comments.models import Comment
from comments.privacy import ip_retention_days
from comments.services import refresh_comment_counts
from comments.signals import public_comments_changed

from . import media, reader
from .content import autop, comment_text, old_path, plain_text, wp_datetime, wp_slug

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future date: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,  # never public here: we have no private stories
}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "auto-drafts"}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
# WordPress's default category; a newsroom has no "Uncategorized" section.
UNCATEGORIZED = "uncategorized"
DEFAULT_SECTION = ("news", "News")
CHANGE_REASON = "Imported from WordPress"
PROGRESS_EVERY = 500  # posts between two progress lines


class PostError(Exception):
    """Why one post cannot be imported; the import goes on without it."""


@dataclass
class ImportSummary:
    version: str = ""
    posts_total: int = 0
    posts_created: int = 0
    posts_unchanged: int = 0
    posts_skipped: Counter = field(default_factory=Counter)  # why -> how many
    posts_failed: int = 0
    items_skipped: Counter = field(default_factory=Counter)  # post type -> how many
    comments_created: int = 0
    comments_unchanged: int = 0
    comments_skipped: int = 0  # pingbacks and trackbacks
    comments_failed: int = 0
    sections_created: int = 0
    authors_created: int = 0
    tags_created: int = 0
    images_attached: int = 0
    images_without_alt: int = 0
    images_missing: int = 0
    images_refused: int = 0
    redirects_created: int = 0

    @property
    def posts_done(self) -> int:
        return (
            self.posts_created
            + self.posts_unchanged
            + sum(self.posts_skipped.values())
            + self.posts_failed
        )


Report = Callable[[str], None]


def import_export(
    path: Path,
    *,
    media_dir: Path | None = None,
    warn: Report = lambda message: None,
    progress: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Import a WXR file; each post with its comments in a transaction of its own.

    The whole file is read once first, writing nothing: a file that is not an export or
    not well-formed XML raises reader.NotAnExport and leaves the database untouched. If the
    XML breaks off during the second pass anyway (the file changed in between),
    reader.ExportBrokenOff is raised with ``summary`` set: the posts before it stay.
    ``warn`` receives one line per post that failed, image that was not attached and
    comment that was dropped.
    """
    index = reader.scan_export(path)
    importer = _Importer(index, media_dir=media_dir, warn=warn)
    try:
        for record in reader.read_export(path):
            if isinstance(record, reader.Post):
                importer.post(record)
                done = importer.summary.posts_done
                if progress and record.type == "post" and done % PROGRESS_EVERY == 0:
                    progress(importer.summary)
            elif isinstance(record, reader.Author | reader.Term):
                importer.site_record(record)
    except reader.ExportBrokenOff as error:
        error.summary = importer.finish()
        raise
    return importer.finish()


class _Importer:
    def __init__(self, index: reader.ExportIndex, *, media_dir: Path | None, warn: Report):
        self.summary = ImportSummary(version=index.version, posts_total=index.post_count)
        self.attachments = index.attachments
        self.media = media.MediaFolder(media_dir) if media_dir else None
        self.warn = warn
        self.sections: dict[str, Section] = {}
        self.authors: dict[str, Author] = {}
        self.tags: dict[str, Tag] = {}
        self.ip_cutoff = timezone.now() - timedelta(days=ip_retention_days())
        self.public_comments_added = False

    def finish(self) -> ImportSummary:
        if self.public_comments_added:
            public_comments_changed.send(sender=Comment)
        return self.summary

    # Sections, authors and tags: found by slug, created when missing, remembered.

    def site_record(self, record: reader.Author | reader.Term) -> None:
        """A channel-level author, category or tag; one that cannot be saved is reported,
        and the posts that use it will try again."""
        try:
            with transaction.atomic():
                if isinstance(record, reader.Author):
                    self.author(record.login, record.display_name)
                elif record.kind == "category":
                    self.section(record.slug, record.name, record.description)
                else:
                    self.tag(record.slug, record.name)
        except DatabaseError as error:
            kind = "Author" if isinstance(record, reader.Author) else record.kind
            self.warn(f"{kind} {vars(record)} not imported: {error!r}")

    def section(self, slug: str, name: str, description: str = "") -> Section | None:
        name = plain_text(name)[:80]
        slug = (wp_slug(slug) or wp_slug(name))[:80]
        if not slug or slug == UNCATEGORIZED:
            return None
        if slug not in self.sections:
            section = Section.objects.filter(slug=slug).first()
            section = section or Section.objects.filter(name=name or slug).first()
            if section is None:
                section = Section.objects.create(
                    name=name or slug, slug=slug, description=plain_text(description)
                )
                self.summary.sections_created += 1
            self.sections[slug] = section
        return self.sections[slug]

    def author(self, login: str, display_name: str = "") -> Author | None:
        """The byline for a WordPress user. Their WordPress email is not copied: on a
        byline the email is public, and the login's address is a private one."""
        slug = (wp_slug(login) or wp_slug(display_name))[:120]
        if not slug:
            return None
        if slug not in self.authors:
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                name = plain_text(display_name) or login.strip()
                author = Author.objects.create(name=name[:120], slug=slug)
                self.summary.authors_created += 1
            self.authors[slug] = author
        return self.authors[slug]

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

    # Posts

    def post(self, post: reader.Post) -> None:
        if post.type != "post":
            if post.type != "attachment":
                self.summary.items_skipped[post.type or "untyped"] += 1
            return
        if post.status in SKIPPED_STATUSES:
            self.summary.posts_skipped[SKIPPED_STATUSES[post.status]] += 1
            return
        before = copy.deepcopy(self.summary)
        try:
            with transaction.atomic():
                self._post(post)
        except Exception as error:  # whatever is wrong with one post, the rest go on
            # Whatever the post created was rolled back; so are its counts and our memory
            # of the sections, authors and tags it may have made.
            self.summary = before
            self.summary.posts_failed += 1
            self.sections.clear()
            self.authors.clear()
            self.tags.clear()
            reason = str(error) if isinstance(error, PostError) else repr(error)
            self.warn(f"Post {post.raw_id or '(no id)'} not imported: {reason}")

    def _post(self, post: reader.Post) -> None:
        if post.id is None:
            raise PostError(f"its wp:post_id “{post.raw_id}” is not a number.")
        article = Article.objects.filter(wordpress_id=post.id).first()
        if article is None:
            article = self._create_article(post)
            self.summary.posts_created += 1
        else:
            self.summary.posts_unchanged += 1
        self._comments(article, post)
        self._redirects(article, post)

    def _create_article(self, post: reader.Post) -> Article:
        title = plain_text(post.title)
        if not title and not post.content.strip():
            raise PostError("it has neither a title nor any content.")
        try:
            date = wp_datetime(post.date_gmt, post.date)
        except ValueError as error:
            raise PostError(f"its date is unreadable: {error}.") from None
        status = STATUSES.get(post.status, Article.Status.DRAFT)
        if status == Article.Status.PUBLISHED and date is None:
            raise PostError(f"it is marked “{post.status}” but has no date.")
        headline = title or Truncator(plain_text(post.content)).words(10, truncate="…")
        article = Article(
            headline=Truncator(headline).chars(200, truncate="…"),
            slug=self._unique_slug(post, title),
            dek=plain_text(post.excerpt),
            body=autop(post.content),
            section=self._section_of(post),
            status=status,
            published_at=date if status == Article.Status.PUBLISHED else None,
            comments_open=post.comment_status != "closed",
            wordpress_id=post.id,
        )
        self._lead_image(article, post)
        article._change_reason = CHANGE_REASON
        article.save()
        if date is not None:
            # When the story was started, for the admin's lists; save() would say "today".
            Article.objects.filter(pk=article.pk).update(created_at=min(date, timezone.now()))
        author = self.author(post.creator)
        if author is not None:
            Byline.objects.create(article=article, author=author, order=0)
        tags = [self.tag(term.slug, term.name) for term in post.terms if term.kind == "post_tag"]
        if tags := list(dict.fromkeys(tag for tag in tags if tag)):
            article.tags.add(*tags)
        return article

    def _unique_slug(self, post: reader.Post, title: str) -> str:
        base = (wp_slug(post.name) or wp_slug(title) or f"post-{post.id}")[:200].strip("-")
        slug, number = base, 2
        while Article.objects.filter(slug=slug).exists():
            suffix = f"-{number}"
            slug, number = base[: 200 - len(suffix)] + suffix, number + 1
        return slug

    def _section_of(self, post: reader.Post) -> Section:
        for term in post.terms:
            if term.kind == "category" and (section := self.section(term.slug, term.name)):
                return section
        return self.section(*DEFAULT_SECTION)

    def _redirects(self, article: Article, post: reader.Post) -> None:
        """Old addresses (the permalink, and the guid when it is one) that lead here."""
        current = article.get_absolute_url()
        for url in dict.fromkeys((post.link, post.guid)):
            path = old_path(url)
            if not path or path == current or len(path) > 300:
                continue
            _, created = ArticleRedirect.objects.get_or_create(
                old_path=path, defaults={"article": article}
            )
            self.summary.redirects_created += created

    # Featured images

    def _lead_image(self, article: Article, post: reader.Post) -> None:
        """Attach the post's featured image from --media-dir, if it is there and sound."""
        thumbnail_id = post.meta.get("_thumbnail_id", "").strip()
        if self.media is None or not thumbnail_id.isdigit():
            return
        attachment = self.attachments.get(int(thumbnail_id))
        where = f"Post {post.id}: featured image (attachment {thumbnail_id})"
        found = self.media.find(attachment) if attachment else None
        if found is None:
            self.summary.images_missing += 1
            if attachment is None:
                self.warn(f"{where} is not in the export; no image attached.")
            else:
                name = attachment.file or attachment.url
                self.warn(f"{where} {name} is not under {self.media.root}; no image attached.")
            return
        try:
            upload = media.load_image(found)
        except media.ImageRefused as error:
            self.summary.images_refused += 1
            self.warn(f"{where} {found} refused: {error}")
            return
        alt = media.alt_text(attachment, found.name)
        article.lead_image = upload
        article.lead_image_alt = Truncator(alt).chars(250, truncate="…")
        article.lead_image_decorative = not alt
        article.lead_image_caption = Truncator(plain_text(attachment.caption)).chars(300)
        self.summary.images_attached += 1
        self.summary.images_without_alt += not alt

    # Comments

    def _comments(self, article: Article, post: reader.Post) -> None:
        """Add the post's comments that are not here yet, then thread them.

        Replies can come before the comment they answer, so every comment is created
        first and the parents are set afterwards.
        """
        wanted: dict[int, reader.Comment] = {}
        for comment in post.comments:
            if comment.type not in ("", "comment"):  # pingbacks and trackbacks
                self.summary.comments_skipped += 1
            elif comment.id is None:
                self.summary.comments_failed += 1
                self.warn(f"Post {post.id}: comment “{comment.raw_id}” has no numeric id.")
            else:
                wanted.setdefault(comment.id, comment)
        if not wanted:
            return
        known = dict(
            Comment.objects.filter(wordpress_id__in=list(wanted)).values_list("wordpress_id", "pk")
        )
        self.summary.comments_unchanged += len(known)
        new: list[tuple[reader.Comment, Comment]] = []
        for wordpress_id, comment in wanted.items():
            if wordpress_id in known:
                continue
            try:
                new.append((comment, self._comment(article, comment)))
            except PostError as error:
                self.summary.comments_failed += 1
                self.warn(f"Post {post.id}: comment {wordpress_id} not imported: {error}")
        if not new:
            return
        Comment.objects.bulk_create([row for _, row in new])
        pks = known | dict(
            Comment.objects.filter(wordpress_id__in=[c.id for c, _ in new]).values_list(
                "wordpress_id", "pk"
            )
        )
        replies = []
        for comment, row in new:
            row.pk = pks[comment.id]
            if comment.parent_id in pks and comment.parent_id != comment.id:
                row.parent_id = pks[comment.parent_id]
                replies.append(row)
        Comment.objects.bulk_update(replies, ["parent"])
        refresh_comment_counts([article.pk])
        self.summary.comments_created += len(new)
        self.public_comments_added |= any(r.status == Comment.Status.APPROVED for _, r in new)

    def _comment(self, article: Article, comment: reader.Comment) -> Comment:
        text = comment_text(comment.content)
        if not text:
            raise PostError("it is empty.")
        try:
            created_at = wp_datetime(comment.date_gmt, comment.date)
        except ValueError as error:
            raise PostError(f"its date is unreadable: {error}.") from None
        created_at = created_at or article.published_at or timezone.now()
        status = COMMENT_STATUSES.get(comment.approved, Comment.Status.PENDING)
        website = comment.url if comment.url.lower().startswith(("http://", "https://")) else ""
        return Comment(
            article=article,
            name=Truncator(plain_text(comment.author) or "Anonymous").chars(100),
            email=comment.email[:254],
            website=website if len(website) <= 300 else "",
            text=text,
            status=status,
            created_at=created_at,
            # Addresses older than the retention period would be erased the next night.
            ip_address=_ip(comment.ip) if created_at >= self.ip_cutoff else None,
            decided_by="" if status == Comment.Status.PENDING else "moderator",
            wordpress_id=comment.id,
        )


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
