"""Partner feeds: the RSS or Atom feeds of partner outlets, read into attributed drafts.

(Django's "syndication" is the other direction: our own outgoing feeds, in articles/feeds.py.)

Each new feed item becomes a draft story filed under its Source, with the partner's link,
headline, summary and date; an editor rewrites and publishes it. Nothing here publishes.
An item is known by its GUID, else its link, and is never brought in twice: not while its
draft exists, and not after an editor deleted it (its saved revisions remember it).

Feeds are fetched here, with our own time limit, size limit and User-Agent, and only the
bytes are handed to feedparser; a feed that fails is reported and the others go on.

A feed URL is typed by staff and fetched from inside the newsroom's network, so it is
fetched through ``public_web``, which connects to public internet addresses only.
"""

import html
import http.client
import io
import logging
import re
import time
import urllib.error
import urllib.request
import xml.sax
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.html import linebreaks, strip_tags
from django.utils.text import Truncator, slugify

from articles.models import Article, Section, Source
from articles.sanitizer import sanitize_body
from articles.slugs import unique_slug
from network.models import Site
from network.routing import default_site

from .public_web import FeedAddressRefused, public_web

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10
MAX_FEED_BYTES = 5 * 1024 * 1024
DEK_LENGTH = 500
FALLBACK_SECTION = "News"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)

BLOCK_TAG = re.compile(r"<(p|h[1-6]|ul|ol|blockquote|figure|pre|div|table)[\s>]", re.I)
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|pre|div)>|<br\s*/?>", re.I)

# feedparser flags these, but the feed itself was read whole and well-formed.
HARMLESS_BOZO = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


class FeedError(Exception):
    """A feed that could not be read, said so an editor understands it."""


@dataclass
class FailedItem:
    label: str
    reason: str


@dataclass
class IngestResult:
    """What one run brought in from one source."""

    source: Source
    new: list[Article] = field(default_factory=list)
    already_had: int = 0
    failed: list[FailedItem] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    def summary(self) -> str:
        """One line for the desk: "KRDO: 3 new drafts, 5 already brought in"."""
        if self.error:
            return f"{self.source.name}: error — {self.error}"
        count = len(self.new)
        line = (
            f"{self.source.name}: {count} new draft{'s' if count != 1 else ''}, "
            f"{self.already_had} already brought in"
        )
        if self.failed:
            line += f", {len(self.failed)} item{'s' if len(self.failed) != 1 else ''} skipped"
        return line


def user_agent() -> str:
    return f"{settings.SITE_NAME} syndication desk (+{settings.SITE_URL}/)"


def ingest_all(
    sources: Iterable[Source] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    site: Site | None = None,
) -> list[IngestResult]:
    """Read every source that has a feed (or the given ones); one result per source. New
    drafts belong to ``site`` (the default site without one).

    A source that fails, for whatever reason, is reported in its result and the rest
    are still read.
    """
    if sources is None:
        sources = Source.objects.exclude(feed_url="").select_related("section")
    results = []
    for source in sources:
        try:
            results.append(ingest_source(source, timeout=timeout, site=site))
        except Exception as exc:  # one broken source must not stop the desk
            logger.exception("Ingesting the feed of %s failed", source)
            results.append(IngestResult(source=source, error=f"unexpected error: {exc}"))
    return results


def ingest_source(
    source: Source, *, timeout: float = DEFAULT_TIMEOUT, site: Site | None = None
) -> IngestResult:
    """Fetch one source's feed and file each item not seen before as a draft of ``site``
    (the default site without one). An item comes into the network once: a town that
    wants another town's copy gets it shared.

    Each item is written in its own transaction: an item that cannot be stored is
    reported in ``result.failed`` and the others are kept.
    """
    result = IngestResult(source=source)
    if not source.feed_url:
        result.error = "no feed URL is set"
        return result
    try:
        entries = read_feed(source.feed_url, timeout=timeout)
    except FeedError as exc:
        logger.warning("Feed of %s (%s): %s", source, source.feed_url, exc)
        result.error = str(exc)
        return result

    items = []
    for entry in entries:
        identity = (entry.get("id") or entry.get("link") or "").strip()
        if not identity:
            result.failed.append(FailedItem(item_label(entry), "it has no GUID and no link"))
        elif len(identity) > Article._meta.get_field("source_guid").max_length:
            result.failed.append(FailedItem(item_label(entry), "its GUID is too long"))
        else:
            items.append((identity, entry))

    seen = items_seen_before(source, [identity for identity, _ in items])
    section = None
    for identity, entry in items:
        if identity in seen:
            result.already_had += 1
            continue
        seen.add(identity)  # the same item twice in one feed
        section = section or filing_section(source, site or default_site())
        try:
            with transaction.atomic():
                article = draft_from_entry(
                    entry, source=source, guid=identity, section=section, site=site
                )
        except IntegrityError:
            if Article.objects.filter(source=source, source_guid=identity).exists():
                result.already_had += 1  # brought in by another run at the same moment
            else:
                result.failed.append(FailedItem(item_label(entry), "it could not be saved"))
        except (ValidationError, ValueError) as exc:
            result.failed.append(FailedItem(item_label(entry), item_problem(exc)))
        except DatabaseError as exc:
            logger.exception("Storing an item from %s failed", source)
            result.failed.append(FailedItem(item_label(entry), f"it could not be saved ({exc})"))
        else:
            result.new.append(article)
    return result


def read_feed(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> list:
    """The feed's entries, or a FeedError saying why there are none to read."""
    content, content_type = fetch_feed(url, timeout=timeout)
    # A stream, never bytes: given bytes, feedparser first tries them as a local file name.
    parsed = feedparser.parse(
        io.BytesIO(content),
        response_headers={"content-location": url, "content-type": content_type},
    )
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not parsed.entries:
        described = f" (it is {content_type.split(';')[0]})" if content_type else ""
        raise FeedError(f"the address does not answer with an RSS or Atom feed{described}")
    if parsed.get("bozo") and not isinstance(problem, HARMLESS_BOZO):
        if isinstance(problem, xml.sax.SAXParseException):
            raise FeedError(
                f"the feed is malformed XML ({problem.getMessage()} at line "
                f"{problem.getLineNumber()}); nothing was read from it"
            )
        raise FeedError(f"the feed could not be read ({problem}); nothing was read from it")
    return parsed.entries


def fetch_feed(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int | None = None
) -> tuple[bytes, str]:
    """The feed's bytes and content type, read within ``timeout`` seconds overall."""
    max_bytes = max_bytes or MAX_FEED_BYTES
    if urlsplit(url).scheme not in {"http", "https"}:
        raise FeedError("the feed URL must start with http:// or https://")
    timed_out = FeedError(f"timed out after {timeout:g} s")
    limit = f"{max_bytes / 2**20:g} MB" if max_bytes >= 2**20 else f"{max_bytes / 2**10:g} KB"
    too_big = FeedError(f"the feed is larger than {limit}")
    request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": ACCEPT})
    deadline = time.monotonic() + timeout
    try:
        with public_web.open(request, timeout=timeout) as response:
            if int(response.headers.get("Content-Length") or 0) > max_bytes:
                raise too_big
            chunks, size = [], 0
            while chunk := response.read1(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise too_big
                if time.monotonic() > deadline:
                    raise timed_out
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise FeedError(f"the server answered HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise timed_out from exc
        if isinstance(exc.reason, FeedAddressRefused):
            raise FeedError(f"not read: {exc.reason}") from exc
        raise FeedError(f"the server could not be reached ({exc.reason})") from exc
    except TimeoutError as exc:
        raise timed_out from exc
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise FeedError(f"the connection failed ({exc})") from exc


def items_seen_before(source: Source, identities: list[str]) -> set[str]:
    """Which of these items were brought in before, kept or since deleted by an editor."""
    if not identities:
        return set()
    current = Article.objects.filter(source=source, source_guid__in=identities)
    remembered = Article.history.filter(source_id=source.pk, source_guid__in=identities)
    return {
        *current.values_list("source_guid", flat=True),
        *remembered.values_list("source_guid", flat=True),
    }


def filing_section(source: Source, site: Site) -> Section:
    """Where the town files the Source's drafts: the Source's section if it is the
    town's, else the town's section of the same slug; else the town's first section;
    else a new "News" there. A story's section is always one of its home town's."""
    sections = Section.objects.on_site(site)
    if source.section_id:
        if source.section.site_id == site.pk:
            return source.section
        if same := sections.filter(slug=source.section.slug).first():
            return same
    section = sections.order_by("order", "name").first()
    if section is None:
        section, _ = Section.objects.get_or_create(
            site=site, slug=slugify(FALLBACK_SECTION), defaults={"name": FALLBACK_SECTION}
        )
    return section


def draft_from_entry(
    entry, *, source: Source, guid: str, section: Section, site: Site | None = None
) -> Article:
    """Store one feed item as a draft; raises ValidationError for an unusable item."""
    headline = plain_text(entry.get("title", ""), entry.get("title_detail"))
    if not headline:
        raise ValidationError("it has no title")
    link = (entry.get("link") or "").strip()
    if not link:
        raise ValidationError("it has no link to the original story")
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ValidationError(f"its link is not a web address: {link[:100]}") from None
    summary_html = item_html(entry.get("summary", ""), entry.get("summary_detail"))
    content = entry.get("content") or []
    body_html = item_html(content[0].get("value", ""), content[0]) if content else summary_html
    # Cleaned first, so that the text of a removed <script> never reaches the summary.
    dek = Truncator(html_to_text(sanitize_body(summary_html or body_html))).chars(DEK_LENGTH)

    article = Article(
        site=site or default_site(),
        headline=Truncator(headline).chars(Article._meta.get_field("headline").max_length),
        slug=unique_slug(Article.objects.all(), slugify(headline), fallback="partner-story"),
        dek=dek,
        body=body_html,
        section=section,
        status=Article.Status.DRAFT,
        published_at=item_date(entry),
        source=source,
        original_url=link,
        source_guid=guid,
        created_by=None,
    )
    article.full_clean(validate_unique=False, validate_constraints=False)
    article._change_reason = f"Brought in from the feed of {source.name}"
    article.save()
    return article


def plain_text(value: str, detail: dict | None) -> str:
    """A title or summary as one line of text, whatever markup the feed gave it in."""
    if detail and "html" in detail.get("type", ""):
        value = html.unescape(strip_tags(value))
    return " ".join(value.split())


def item_html(value: str, detail: dict | None) -> str:
    """A summary or content as HTML in paragraphs; plain text is escaped first."""
    value = (value or "").strip()
    if detail and "html" not in detail.get("type", "text/html"):
        return linebreaks(value, autoescape=True)
    if value and not BLOCK_TAG.search(value):
        return linebreaks(value)
    return value


def html_to_text(value: str) -> str:
    """Clean HTML as one line of text, with a space where one block ends and the next begins."""
    return " ".join(html.unescape(strip_tags(BLOCK_END.sub(r"\g<0> ", value))).split())


def item_date(entry) -> datetime | None:
    """The item's own publish date (else its last update), in UTC; None if it has neither."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def item_label(entry) -> str:
    title = " ".join((entry.get("title") or "").split())
    return f"“{Truncator(title).chars(80)}”" if title else (entry.get("link") or "an item")


def item_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        messages = exc.messages
        return "; ".join(messages) if messages else "it is not valid"
    return str(exc)
