"""Reading a WordPress export (WXR 1.0–1.2) as a stream of plain records.

WordPress writes one RSS file: a channel with the site's authors, categories and tags, then
one <item> per post, page, attachment or menu entry, each with its postmeta and comments.
Exports of big sites run to gigabytes, so nothing here holds more than one item at a time:
``iterparse`` builds each item, we turn it into a record, and the element is cleared.

Two readers share that loop. ``scan_export`` goes through the whole file first: it proves
the file is a well-formed export before anything is written, counts the posts for the
progress line, and notes every attachment, because WordPress lists a post's featured image
after the post more often than not. ``read_export`` then yields the records to import.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

from .content import old_path
from .records import (
    Attachment,
    Author,
    Comment,
    ExportIndex,
    Post,
    Term,
    as_int,
)

# WordPress has written its export namespace over http and, in some exports (the theme
# unit test data, WordPress.com), over https; its importer reads both, for 1.0 to 1.2.
WP_EXPORT = re.compile(r"^https?://wordpress\.org/export/")
# What WordPress's importer accepts as a version; it refuses anything else.
VERSION = re.compile(r"^\d+\.\d+$")
WORDPRESS_VERSION_ERROR = (
    "WordPress says: “This does not appear to be a WXR file, missing/invalid WXR version number”"
)
OTHER_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
CHANNEL_RECORDS = {"wp:author", "wp:category", "wp:tag", "item"}
# The site the export came from, and when it was made.
CHANNEL_HEADER = {"wp:base_site_url", "wp:base_blog_url", "pubDate"}
# Statuses WordPress never shows; nothing of them comes over.
LEFT_OUT_STATUSES = {"trash", "auto-draft"}


class NotAnExport(Exception):
    """The file is not a WordPress export or not well-formed XML. Nothing was read from it."""


class ExportBrokenOff(Exception):
    """The XML broke off part-way through, after earlier records had been yielded."""

    def __init__(self, line: int, column: int, reason: str) -> None:
        super().__init__(f"the XML is broken at line {line}, column {column} ({reason})")
        self.line = line
        self.column = column


def scan_export(path: Path) -> ExportIndex:
    """Read the whole file once, writing nothing, and raise NotAnExport if it is not sound.

    Memory stays flat: only the attachments are kept, a few short strings each.
    """
    index = None
    try:
        for name, node in _channel_records(path):
            if name == "wp:wxr_version":
                index = ExportIndex(version=node)
            elif name in ("wp:base_site_url", "wp:base_blog_url"):
                index.site_urls.append(_text(node))
            elif name == "pubDate":
                index.exported_at = _rfc822(_text(node))
            elif name == "item":
                _index_item(index, node)
    except ExportBrokenOff as error:
        raise NotAnExport(f"{error}.") from None
    return index


def read_export(path: Path) -> Iterator[str | Author | Term | Post]:
    """The export as records in file order: the WXR version string first, then Author,
    Term and Post records. Raises NotAnExport before yielding anything if the file is not
    an export, and ExportBrokenOff if the XML breaks off later."""
    for name, node in _channel_records(path):
        if name == "wp:wxr_version":
            yield node
        elif name == "wp:author":
            yield Author(
                login=_child_text(node, "wp:author_login"),
                display_name=_child_text(node, "wp:author_display_name"),
            )
        elif name == "wp:category":
            yield Term(
                kind="category",
                slug=_child_text(node, "wp:category_nicename"),
                name=_child_text(node, "wp:cat_name"),
                description=_child_text(node, "wp:category_description"),
                parent=_child_text(node, "wp:category_parent"),
            )
        elif name == "wp:tag":
            yield Term(
                kind="post_tag",
                slug=_child_text(node, "wp:tag_slug"),
                name=_child_text(node, "wp:tag_name"),
                description=_child_text(node, "wp:tag_description"),
            )
        elif name == "item":
            yield _post(node)


def _channel_records(path: Path) -> Iterator[tuple[str, object]]:
    """Yield ("wp:wxr_version", version) and then (name, element) for each finished
    channel-level author, category, tag and item, clearing each once the caller is done.

    The header is checked first: an <rss> root, the WordPress export namespace and a
    wp:wxr_version before the first item. Records that come before the version (WordPress
    never writes them there) are held back until it has been seen, so a caller writes
    nothing for a file that turns out not to be an export.
    """
    version = None
    exporter_namespace = False
    held: list[tuple[str, ET.Element]] = []
    channel = None
    depth = 0
    try:
        for event, node in ET.iterparse(path, events=("start-ns", "start", "end")):
            if event == "start-ns":
                exporter_namespace = exporter_namespace or _prefix(node[1]) == "wp"
                continue
            if event == "start":
                depth += 1
                if depth == 1 and node.tag != "rss":
                    raise NotAnExport(f"its root element is <{_short(node.tag)}>, not <rss>.")
                if depth == 2 and node.tag == "channel":
                    channel = node
                if depth == 3 and node.tag == "item" and version is None:
                    raise NotAnExport(_missing_version(exporter_namespace))
                continue
            depth -= 1
            if depth != 2 or channel is None:
                if depth == 1 and node is channel and version is None:
                    raise NotAnExport(_missing_version(exporter_namespace))
                continue
            name = _short(node.tag)
            if name == "wp:wxr_version" and version is None:
                version = (node.text or "").strip()
                if not VERSION.match(version):
                    raise NotAnExport(
                        f"its <wp:wxr_version> “{version[:40]}” is not a version number "
                        f"({WORDPRESS_VERSION_ERROR})."
                    )
                yield name, version
                yield from held
                held.clear()
            elif name in CHANNEL_RECORDS or name in CHANNEL_HEADER:
                if version is None:
                    held.append((name, node))
                else:
                    yield name, node
            # Drops the finished element (and the channel's title, link…) from the tree, so
            # the tree never holds more than the item being read.
            channel.clear()
    except ET.ParseError as error:
        line, column = error.position
        reason = expat.ErrorString(error.code)
        if version is None:
            raise NotAnExport(
                f"it is not well-formed XML ({reason} at line {line}, column {column})."
            ) from None
        raise ExportBrokenOff(line, column, reason) from None
    if version is None:
        raise NotAnExport(_missing_version(exporter_namespace))


def _missing_version(exporter_namespace: bool) -> str:
    if exporter_namespace:
        return (
            "it has no <wp:wxr_version> at the top of its channel, where WordPress writes it "
            f"({WORDPRESS_VERSION_ERROR})."
        )
    return (
        "it does not use the WordPress export namespace (http://wordpress.org/export/1.2/, "
        "or https://); it looks like an ordinary RSS feed. In WordPress use Tools › Export."
    )


def _post(node: ET.Element) -> Post:
    fields: dict[str, str] = {}
    terms, meta, comments = [], {}, []
    for child in node:
        name = _short(child.tag)
        if name == "category":
            # WXR 1.0 calls tags "tag"; it also writes each term a second time with no
            # domain, which names no taxonomy and is left out.
            kind = child.get("domain", "")
            terms.append(
                Term(
                    kind="post_tag" if kind == "tag" else kind,
                    slug=child.get("nicename", ""),
                    name=_text(child),
                )
            )
        elif name == "wp:postmeta":
            meta.setdefault(_child_text(child, "wp:meta_key"), _child_text(child, "wp:meta_value"))
        elif name == "wp:comment":
            comments.append(_comment(child))
        else:
            # The first wins, should a field come twice (under two prefixes for one namespace).
            fields.setdefault(name, child.text or "")
    return Post(
        raw_id=fields.get("wp:post_id", "").strip(),
        type=fields.get("wp:post_type", "").strip(),
        status=fields.get("wp:status", "").strip(),
        title=fields.get("title", ""),
        link=fields.get("link", "").strip(),
        guid=fields.get("guid", "").strip(),
        name=fields.get("wp:post_name", "").strip(),
        date=fields.get("wp:post_date", "").strip(),
        date_gmt=fields.get("wp:post_date_gmt", "").strip(),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", ""),
        creator=fields.get("dc:creator", "").strip(),
        comment_status=fields.get("wp:comment_status", "").strip(),
        attachment_url=fields.get("wp:attachment_url", "").strip(),
        password=fields.get("wp:post_password", ""),
        raw_parent=fields.get("wp:post_parent", "").strip(),
        raw_menu_order=fields.get("wp:menu_order", "").strip(),
        terms=terms,
        meta=meta,
        comments=comments,
    )


def _comment(node: ET.Element) -> Comment:
    fields = {_short(child.tag): child.text or "" for child in node}
    return Comment(
        raw_id=fields.get("wp:comment_id", "").strip(),
        author=fields.get("wp:comment_author", ""),
        email=fields.get("wp:comment_author_email", "").strip(),
        url=fields.get("wp:comment_author_url", "").strip(),
        ip=fields.get("wp:comment_author_IP", "").strip(),
        date=fields.get("wp:comment_date", "").strip(),
        date_gmt=fields.get("wp:comment_date_gmt", "").strip(),
        content=fields.get("wp:comment_content", ""),
        approved=fields.get("wp:comment_approved", "").strip(),
        type=fields.get("wp:comment_type", "").strip(),
        parent=fields.get("wp:comment_parent", "").strip(),
    )


def _index_item(index: ExportIndex, node: ET.Element) -> None:
    post_type = _child_text(node, "wp:post_type")
    if post_type == "attachment":
        _remember_attachment(index, node)
        return
    if post_type not in ("post", "page"):
        return
    index.post_count += post_type == "post"
    if _child_text(node, "wp:status") in LEFT_OUT_STATUSES:
        return
    if post_type == "page" and (page_id := as_int(_child_text(node, "wp:post_id"))):
        index.page_parents[page_id] = as_int(_child_text(node, "wp:post_parent")) or None
    # An address two items claim (the home page as a guid, a shared link) is nobody's.
    claimed = {old_path(_child_text(node, "link")), old_path(_child_text(node, "guid"))}
    index.address_claims.update(path for path in claimed if path)


def _remember_attachment(index: ExportIndex, node: ET.Element) -> None:
    post = _post(node)
    if post.id is None:
        return
    index.attachments[post.id] = Attachment(
        url=post.attachment_url,
        file=post.meta.get("_wp_attached_file", "").strip(),
        title=post.title.strip(),
        alt=post.meta.get("_wp_attachment_image_alt", "").strip(),
        caption=post.excerpt.strip(),
    )


def _child_text(node: ET.Element, name: str) -> str:
    for child in node:
        if _short(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _text(node: ET.Element) -> str:
    return (node.text or "").strip()


def _rfc822(text: str) -> datetime | None:
    """The channel's <pubDate> ("Tue, 18 Jan 2011 08:06:21 +0000"); None if unreadable."""
    try:
        date = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return date if date.tzinfo else None


def _prefix(uri: str) -> str:
    """The usual prefix of a namespace, whichever WXR version (and scheme) wrote it."""
    if WP_EXPORT.match(uri):
        return "excerpt" if uri.rstrip("/").endswith("/excerpt") else "wp"
    return OTHER_NAMESPACES.get(uri, uri)


@lru_cache(maxsize=512)
def _short(tag: str) -> str:
    """ "{http://wordpress.org/export/1.1/}post_id" -> "wp:post_id"; "title" stays "title"."""
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{_prefix(uri)}:{local}"
    return tag
