"""A commenter's plain text as HTML: escaped, paragraphs and line breaks kept, web
addresses made into links that the site does not endorse.

Written by hand rather than with Django's ``urlize`` and a sanitizer pass because a story
with hundreds of comments renders this hundreds of times; nothing the commenter typed is
ever emitted unescaped.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ADDRESS = re.compile(r"(?<![\w@/.])((?:https?://|www\.)[^\s<>\"']+)", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Control characters (NUL included) have no place in a name, a comment or a browser's
# name; newlines and tabs are the writer's own layout and stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _link(address: str) -> str:
    trimmed = address.rstrip(TRAILING)
    # A closing bracket that belongs to the address, as in a Wikipedia link, stays.
    while (
        trimmed.count("(") > trimmed.count(")") and address[len(trimmed) : len(trimmed) + 1] == ")"
    ):
        trimmed += ")"
    href = trimmed if trimmed.lower().startswith(("http://", "https://")) else f"https://{trimmed}"
    link = f'<a href="{escape(href)}" rel="nofollow ugc noopener">{escape(trimmed)}</a>'
    return link + escape(address[len(trimmed) :])


def _line(text: str) -> str:
    parts, position = [], 0
    for match in ADDRESS.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(_link(match.group(1)))
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def comment_html(text: str) -> SafeString:
    paragraphs = PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    return mark_safe(
        "".join(
            "<p>" + "<br>".join(_line(line) for line in paragraph.split("\n")) + "</p>"
            for paragraph in paragraphs
            if paragraph.strip()
        )
    )
