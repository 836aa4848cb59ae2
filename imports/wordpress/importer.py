"""Writing a WordPress export into the newsroom: stories with their comments, and pages.

Everything is matched by a stable key, so importing the same file again changes nothing:
stories, pages and comments by their WordPress ids, sections, bylines and tags by slug. A
story or page that is already here is left exactly as it is (editors may have worked on it
since); only comments and old addresses it does not have yet are added.

Nothing WordPress kept from the public becomes public here: private and
password-protected posts and pages come in as drafts, and are counted in the summary.
"""

import ipaddress
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article, ArticleRedirect, Byline
from articles.slugs import unique_slug
from comments.choices import Rule
from comments.models import Comment
from comments.privacy import ip_retention_days
from comments.services import refresh_comment_counts
from comments.signals import public_comments_changed
from network.models import Site
from network.routing import default_site

from . import media, reader, records
from .addresses import OldAddresses
from .content import autop, comment_text, plain_text, wp_datetime, wp_slug
from .pages import PageImporter
from .summary import ImportSummary
from .vocabulary import Vocabulary

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future date: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.PENDING,  # waiting for an editor here too
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
CHANGE_REASON = "Imported from WordPress"
PROGRESS_EVERY = 500  # posts between two progress lines

__all__ = ["ImportSummary", "import_export"]


class PostError(Exception):
    """Why one post cannot be imported; the import goes on without it."""


Report = Callable[[str], None]


def import_export(
    path: Path,
    *,
    media_dir: Path | None = None,
    warn: Report = lambda message: None,
    progress: Callable[[ImportSummary], None] | None = None,
    site: Site | None = None,
) -> ImportSummary:
    """Import a WXR file; each post with its comments, and each page, in a transaction of
    its own.

    The whole file is read once first, writing nothing: a file that is not an export or
    not well-formed XML raises reader.NotAnExport and leaves the database untouched. If the
    XML breaks off during the second pass anyway (the file changed in between),
    reader.ExportBrokenOff is raised with ``summary`` set: the posts before it stay.
    ``warn`` receives one line per post or page that failed or was changed on the way in,
    image that was not attached and comment that was dropped. The posts become stories of
    ``site`` (the default site without one).
    """
    index = reader.scan_export(path)
    importer = _Importer(index, media_dir=media_dir, warn=warn, site=site)
    try:
        for record in reader.read_export(path):
            if isinstance(record, records.Post):
                importer.item(record)
                done = importer.summary.posts_done
                if progress and record.type == "post" and done % PROGRESS_EVERY == 0:
                    progress(importer.summary)
            elif isinstance(record, records.Author | records.Term):
                importer.vocabulary.learn(record)
    except reader.ExportBrokenOff as error:
        error.summary = importer.finish()
        raise
    return importer.finish()


class _Importer:
    def __init__(
        self,
        index: records.ExportIndex,
        *,
        media_dir: Path | None,
        warn: Report,
        site: Site | None = None,
    ):
        self.site = site or default_site()
        self.summary = ImportSummary(version=index.version, posts_total=index.post_count)
        self.attachments = index.attachments
        self.exported_at = index.exported_at
        self.media = media.MediaFolder(media_dir) if media_dir else None
        self.warn = warn
        self.vocabulary = Vocabulary(self.summary, self.site)
        self.addresses = OldAddresses(index.site_urls, index.address_claims)
        self.pages = PageImporter(index, self.addresses, self.summary, warn, self.site)
        self.ip_cutoff = timezone.now() - timedelta(days=ip_retention_days())
        self.public_comments_added = False
        if index.is_newer_than_known:
            warn(
                f"This is a WXR {index.version} file; the newest this importer knows is 1.2. "
                "It is read as 1.2: check what came in."
            )

    def finish(self) -> ImportSummary:
        self.pages.finish()
        if self.public_comments_added:
            public_comments_changed.send(sender=Comment)
        return self.summary

    def item(self, post: records.Post) -> None:
        if post.type == "post":
            self.post(post)
        elif post.type == "page":
            self.pages.page(post)
        elif post.type != "attachment":
            self.summary.items_skipped[post.type or "untyped"] += 1

    # Posts

    def post(self, post: records.Post) -> None:
        if post.status in SKIPPED_STATUSES:
            self.summary.posts_skipped[SKIPPED_STATUSES[post.status]] += 1
            return
        before = self.summary.snapshot()
        try:
            with transaction.atomic():
                self._post(post)
        except Exception as error:  # whatever is wrong with one post, the rest go on
            # Whatever the post created was rolled back; so are its counts and our memory
            # of the sections, authors and tags it may have made.
            self.summary.roll_back_to(before)
            self.summary.posts_failed += 1
            self.vocabulary.forget()
            reason = str(error) if isinstance(error, PostError) else repr(error)
            self.warn(f"Post {post.raw_id or '(no id)'} not imported: {reason}")

    def _post(self, post: records.Post) -> None:
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

    def _create_article(self, post: records.Post) -> Article:
        title = plain_text(post.title)
        if not title and not post.content.strip():
            raise PostError("it has neither a title nor any content.")
        try:
            date = wp_datetime(post.date_gmt, post.date)
        except ValueError as error:
            raise PostError(f"its date is unreadable: {error}.") from None
        status = STATUSES.get(post.status, Article.Status.DRAFT)
        if status == Article.Status.PUBLISHED and date is None:
            # WordPress would date it on import; the export's date is closer to its time.
            date = self.exported_at or timezone.now()
            self.summary.posts_undated += 1
            when = f"{timezone.localtime(date):%Y-%m-%d %H:%M}"
            self.warn(
                f"Post {post.id}: it is marked “{post.status}” but has no date; it is dated "
                + (
                    f"{when}, when the export was made."
                    if self.exported_at
                    else f"now ({when}): the export does not say when it was made."
                )
            )
        body = autop(post.content)
        held_back = self._held_back(post, body)
        if held_back and status == Article.Status.PUBLISHED:
            status = Article.Status.DRAFT
            self.summary.held_back[held_back] += 1
        elif post.status == "private":
            self.summary.held_back["private"] += 1
        headline = title or Truncator(plain_text(post.content)).words(10, truncate="…")
        article = Article(
            site=self.site,
            headline=Truncator(headline).chars(200, truncate="…"),
            slug=unique_slug(
                Article.objects.all(),
                wp_slug(post.name) or wp_slug(title),
                fallback=f"post-{post.id}",
            ),
            dek=plain_text(post.excerpt),
            body=body,
            section=self.vocabulary.section_of(post),
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
        author = self.vocabulary.author(post.creator)
        if author is not None:
            Byline.objects.create(article=article, author=author, order=0)
        if tags := self.vocabulary.tags_of(post):
            article.tags.add(*tags)
        return article

    def _held_back(self, post: records.Post, body: str) -> str:
        """Why a post WordPress published must wait for an editor here, or ""."""
        if post.password:
            # Only readers with the password saw it; we have no passwords.
            return "password-protected"
        if post.status in ("publish", "future") and not plain_text(body):
            self.warn(
                f"Post {post.id}: nothing of its content can be shown here (images, "
                "galleries or embeds only); it came in as a draft for an editor to finish."
            )
            return "with nothing to show"
        return ""

    def _redirects(self, article: Article, post: records.Post) -> None:
        """Old addresses (the permalink, and the guid when it is one) that lead here."""
        current = article.path
        for path in self.addresses.of(post.link, post.guid):
            if path == current:
                continue
            _, created = ArticleRedirect.objects.get_or_create(
                old_path=path, defaults={"article": article}
            )
            self.summary.redirects_created += created

    # Featured images

    def _lead_image(self, article: Article, post: records.Post) -> None:
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

    def _comments(self, article: Article, post: records.Post) -> None:
        """Add the post's comments that are not here yet, then thread them.

        Replies can come before the comment they answer, so every comment is created
        first and the parents are set afterwards.
        """
        wanted: dict[int, records.Comment] = {}
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
        new: list[tuple[records.Comment, Comment]] = []
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

    def _comment(self, article: Article, comment: records.Comment) -> Comment:
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
            decided_by="" if status == Comment.Status.PENDING else Rule.MODERATOR,
            wordpress_id=comment.id,
        )


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
