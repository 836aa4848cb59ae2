"""The allowlist that story and page bodies are cleaned against before they are stored,
and the body editor's toolbar that matches it."""

import nh3

# django-prose-editor's toolbar for every body (stories and pages): what it offers is what
# the allowlist below keeps.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "HorizontalRule": True,
    "History": True,
    # The editor turns the browser's spell checker off by default; writers want it.
    "NoSpellCheck": False,
}

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "hr",
    "code",
    "pre",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_body(html: str) -> str:
    """Return the story body with everything outside the allowlist removed.

    Scripts, styles, event handlers, iframes and `javascript:` links never reach a reader,
    whether they came from a paste out of a word processor or from a crafted request.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    ).strip()
