"""The allowlist that story bodies are cleaned against before they are stored."""

import nh3

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
