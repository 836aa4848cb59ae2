"""Turning WordPress's stored text into ours: paragraphs, plain text, dates, slugs, paths."""

import re
import zoneinfo
from datetime import UTC, datetime
from html import escape, unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import slugify

NO_DATE = "0000-00-00 00:00:00"

# The block-level tags WordPress's wpautop() never wraps in a paragraph.
BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|"
    r"form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|"
    r"article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
OPENING_BLOCK = re.compile(rf"(<{BLOCKS}[\s/>])", re.I)
CLOSING_BLOCK = re.compile(rf"(</{BLOCKS}>)", re.I)
LONE_BLOCK_TAG = re.compile(rf"<p>\s*(</?{BLOCKS}[^>]*>)\s*</p>", re.I)
BLOCK_AFTER_P = re.compile(rf"<p>\s*(</?{BLOCKS}[^>]*>)", re.I)
BLOCK_BEFORE_END_P = re.compile(rf"(</?{BLOCKS}[^>]*>)\s*</p>", re.I)
BR_AFTER_BLOCK = re.compile(rf"(</?{BLOCKS}[^>]*>)\s*<br />", re.I)
BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)

# Shortcodes whose output cannot be shown in a story body (the body allowlist has no images,
# audio or video): galleries and players. A captioned image keeps its caption, as text.
MEDIA_SHORTCODES = re.compile(
    r"\[(gallery|audio|video|playlist)\b[^\]]*\](?:.*?\[/\1\])?", re.DOTALL | re.I
)
CAPTION_SHORTCODE = re.compile(r"\[(wp_caption|caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.I)
CAPTION_ATTRIBUTE = re.compile(r"\bcaption=(?:\"([^\"]*)\"|'([^']*)')", re.I)
IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.I)
# The block editor's image: a <figure> with the image and, perhaps, a <figcaption>.
IMAGE_FIGURE = re.compile(
    r"<figure\b[^>]*>\s*(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?\s*"
    r"(?:<figcaption\b[^>]*>(.*?)</figcaption>)?\s*</figure>",
    re.DOTALL | re.I,
)
EMBED_SHORTCODE = re.compile(r"\[embed\b[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.I)
# A web address alone on its line is an embed in WordPress (a video, a post); here, a link.
LONE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def autop(text: str) -> str:
    """WordPress's wpautop(): blank lines make paragraphs, single line breaks make <br>.

    WordPress stores classic-editor posts without <p> tags and adds them on display; block
    editor posts (``<!-- wp:paragraph -->``) already carry their own. Both get the same
    treatment of shortcodes, captions, embeds and comments (block markers included). The
    result is cleaned by Article.save() like any body.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = "<!-- wp:" in text
    text = CAPTION_SHORTCODE.sub(_caption, text)
    text = MEDIA_SHORTCODES.sub("", text)
    text = EMBED_SHORTCODE.sub(lambda m: _link(m.group(1)), text)
    text = LONE_URL.sub(lambda m: _link(m.group(1)), text)
    text = HTML_COMMENT.sub("", text)  # <!--more-->, and the block editor's markers
    if blocks:
        text = IMAGE_FIGURE.sub(lambda m: f"<p>{m.group(1)}</p>" if m.group(1) else "", text)
        text = re.sub(r"<p>\s*</p>", "", text)
        return re.sub(r"\n\s*\n", "\n", text).strip()
    if not text.strip():
        return ""

    kept_pre: list[str] = []

    def keep(match: re.Match) -> str:
        kept_pre.append(match.group(0))
        return f"<pre wp-pre-tag-{len(kept_pre) - 1}></pre>"

    text = re.sub(r"<pre[\s>].*?</pre>", keep, text + "\n", flags=re.DOTALL | re.I)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.I)
    text = OPENING_BLOCK.sub(r"\n\n\1", text)
    text = CLOSING_BLOCK.sub(r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.I)
    # A line break inside a tag is not a line break in the text.
    text = re.sub(r"<[^>]*>", lambda m: m.group(0).replace("\n", " "), text)
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    text = "".join(f"<p>{part}</p>\n" for part in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text, flags=re.I)
    text = LONE_BLOCK_TAG.sub(r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.I)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = re.sub(r"</blockquote></p>", "</p></blockquote>", text, flags=re.I)
    text = BLOCK_AFTER_P.sub(r"\1", text)
    text = BLOCK_BEFORE_END_P.sub(r"\1", text)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = BR_AFTER_BLOCK.sub(r"\1", text)
    text = BR_BEFORE_BLOCK.sub(r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for number, pre in enumerate(kept_pre):
        text = text.replace(f"<pre wp-pre-tag-{number}></pre>", pre)
    return text.strip()


def _caption(match: re.Match) -> str:
    """A captioned image: the image cannot come over, its caption does, as a paragraph.
    The caption is the text beside the image, or (older posts) the caption attribute."""
    text = IMAGE.sub("", match.group(3)).strip()
    if not text and (attribute := CAPTION_ATTRIBUTE.search(match.group(2))):
        text = attribute.group(1) or attribute.group(2) or ""
    return f"\n\n{text.strip()}\n\n" if text.strip() else "\n\n"


def _link(url: str) -> str:
    address = escape(unescape(url))
    return f'\n\n<a href="{address}">{address}</a>\n\n'


def plain_text(html: str) -> str:
    """One line of text from HTML (an excerpt, a title, a caption)."""
    return " ".join(unescape(strip_tags(html or "")).split())


def comment_text(html: str) -> str:
    """A comment as the plain text our comments are stored in.

    WordPress lets commenters use a little HTML; line breaks and paragraphs become newlines
    and a link keeps its address, which our comment display turns back into a link.
    """

    def link(match: re.Match) -> str:
        address, label = unescape(match.group(1)), plain_text(match.group(2))
        return address if not label or label == address else f"{label} ({address})"

    text = (html or "").replace("\r\n", "\n")
    text = re.sub(
        r"<a\s[^>]*?href\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", link, text, flags=re.S | re.I
    )
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text, flags=re.I)
    text = unescape(strip_tags(text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def wp_datetime(gmt: str, local: str) -> datetime | None:
    """A WordPress date pair as an aware datetime; None when neither is set.

    Drafts that were never saved with a date carry "0000-00-00 00:00:00" as their GMT date;
    then the local date is read in the newsroom's time zone. Raises ValueError for a date
    that is not one.
    """
    if gmt and gmt != NO_DATE:
        return _parse(gmt).replace(tzinfo=UTC)
    if local and local != NO_DATE:
        return _parse(local).replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return None


def _parse(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ValueError(f"“{text}” is not a date") from None


def wp_slug(text: str) -> str:
    """A WordPress slug (percent-encoded when it is not Latin: "%ce%b5%cf%80…") as our
    slug, in its own alphabet ("επίπεδο-1"), as Django's allow_unicode slugs are."""
    return slugify(unquote(text or ""), allow_unicode=True)


def old_path(url: str) -> str:
    """The path of an old WordPress address, as request.path will show it, ending in "/".

    "" for anything that is not a path-style address: "https://old.example/demo/?p=12"
    (an address by id, answered by id whatever path it names), a guid such as
    "urn:uuid:…", an empty string, the root.
    """
    parts = urlsplit((url or "").strip())
    path = unquote(parts.path)
    if parts.query or not path.startswith("/") or path == "/":
        return ""
    return path if path.endswith("/") else path + "/"
