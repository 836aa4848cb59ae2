"""Reader search: which published stories match a few typed words, and where.

On PostgreSQL a story is found by full-text search over a weighted document (headline
above summary above body, English stemming) that the database stores with each story,
ranked by how well it matches and highlighted by the database, which knows the stems.
Everywhere else (SQLite, the one-command default) every word must appear somewhere in the
story, newest first, and the words are highlighted here.

Either way the highlighted HTML is built here: all text is escaped and the only markup
added is ``<mark>``, so neither a query nor anything stored can put tags on the page.
"""

import html
import re
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from network.models import Site

from .models import Article

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"
# The stored document and the GIN index over (site, document) (migration 0022).
DOCUMENT_COLUMN = "search_document"
SEARCH_INDEX = "article_search_by_site"

# Control characters mean nothing in a query, and PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# A word: letters or digits in any script, with apostrophes or hyphens inside ("don't").
WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
# The database marks matches with two private-use characters; they become <mark> here.
START, STOP = "\ue000", "\ue001"
MARKS = re.compile(f"([{START}{STOP}])")
TAG = re.compile(r"<[^>]*>")
EXCERPT_CHARACTERS = 240


def clean_query(raw: str) -> str:
    """The query as searched and shown: one line, single spaces, at most 200 characters."""
    text = " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())
    return text[:MAX_QUERY_LENGTH].strip()


def query_words(query: str) -> list[str]:
    """The words of a query, each once (punctuation alone is no word)."""
    words: dict[str, str] = {}
    for word in WORD.findall(query):
        words.setdefault(word.casefold(), word)
    return list(words.values())


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


class StoredDocument(Expression):
    """A story's ``search_document``: headline (weight A), summary (B) and body (C), as
    PostgreSQL keeps it in a stored generated column (migration 0022 says why). The model
    does not declare the column, which only PostgreSQL has; this names it in the query's
    own table, whatever alias that table has there."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(DOCUMENT_COLUMN)}", []


def search_articles(query: str, site: Site | None = None) -> QuerySet[Article]:
    """Published stories matching the query, ready for a list of results: best match
    first on PostgreSQL, newest first elsewhere.

    A query without a word (empty, or punctuation only) matches nothing, without asking
    the database. With a site, only the stories that site shows. On PostgreSQL each
    story carries ``marked_headline``, ``marked_dek``
    and ``marked_excerpt`` for ``with_highlights()``.
    """
    query = clean_query(query)
    words = query_words(query)
    if not words:
        return Article.objects.none()
    found = _full_text_search(query) if uses_full_text_search() else _simple_search(words)
    return found.on_site(site) if site is not None else found


def _full_text_search(query: str) -> QuerySet[Article]:
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")

    def marked(expression, **options) -> SearchHeadline:
        return SearchHeadline(
            expression,
            search_query,
            config=SEARCH_CONFIG,
            start_sel=START,
            stop_sel=STOP,
            **options,
        )

    return (
        Article.objects.published()
        .for_listing()
        .alias(document=StoredDocument())
        .filter(document=search_query)
        .annotate(
            rank=SearchRank(F("document"), search_query),
            # Headline and summary are plain text: escaped first, so that the database
            # does not take a "<word>" in them for a tag and drop it.
            marked_headline=marked(_as_html(F("headline")), highlight_all=True),
            marked_dek=marked(_as_html(F("dek")), highlight_all=True),
            # The body is HTML already: the database leaves its tags out of an excerpt.
            marked_excerpt=marked(
                F("body"),
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .defer("body")
        .order_by("-rank", "-published_at", "-pk")
    )


def _as_html(expression):
    """Plain text escaped in the database, as ``django.utils.html.escape`` does the basics."""
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        expression = Replace(expression, Value(character), Value(entity))
    return expression


def _simple_search(words: Sequence[str]) -> QuerySet[Article]:
    matches = Q()
    for word in words:
        matches &= Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
    return Article.objects.published().for_listing().filter(matches)


def with_highlights(stories: Iterable[Article], query: str) -> list[Article]:
    """The stories of a page of results, each with ``headline_html``, ``dek_html`` and
    ``excerpt_html``: escaped text with the matched words in ``<mark>``."""
    stories = list(stories)
    if uses_full_text_search():
        for story in stories:
            story.headline_html = marks_to_html(story.marked_headline)
            story.dek_html = marks_to_html(story.marked_dek) if story.dek else ""
            story.excerpt_html = marks_to_html(story.marked_excerpt)
        return stories
    words = query_words(clean_query(query))
    for story in stories:
        story.headline_html = highlight(story.headline, words)
        story.dek_html = highlight(story.dek, words)
        story.excerpt_html = highlight(excerpt(plain_text(story.body), words), words)
    return stories


def highlight(text: str, words: Sequence[str]) -> SafeString:
    """``text`` escaped, with every occurrence of each word (any case) in ``<mark>``."""
    pattern = _words_pattern(words)
    if not text or pattern is None:
        return escape(text)
    parts, end = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[end : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))


def _words_pattern(words: Sequence[str]) -> re.Pattern | None:
    words = sorted((word for word in words if word), key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


def marks_to_html(marked: str) -> SafeString:
    """Text the database highlighted (HTML text, matches between START and STOP) as
    escaped HTML with ``<mark>``; stray or unbalanced marks are dropped."""
    parts, open_ = [], False
    for piece in MARKS.split(marked or ""):
        if piece == START:
            if not open_:
                parts.append("<mark>")
                open_ = True
        elif piece == STOP:
            if open_:
                parts.append("</mark>")
                open_ = False
        else:
            parts.append(escape(html.unescape(piece)))
    if open_:
        parts.append("</mark>")
    return mark_safe(" ".join("".join(parts).split()))


def plain_text(body_html: str) -> str:
    """The words of a story body, without tags or entities, on one line."""
    return " ".join(html.unescape(TAG.sub(" ", body_html or "")).split())


def excerpt(text: str, words: Sequence[str], length: int = EXCERPT_CHARACTERS) -> str:
    """About ``length`` characters of ``text`` around the first matched word, cut at spaces."""
    if len(text) <= length:
        return text
    pattern = _words_pattern(words)
    found = pattern.search(text) if pattern else None
    first = found.start() if found else 0
    start = max(0, first - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
