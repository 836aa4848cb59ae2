"""Staff contact emails that a person can read and an address harvester cannot.

The address never appears in the page source: the markup carries it XOR-encoded in a data
attribute, which the site's script turns into a mailto link, and spells it out as
"name [at] domain [dot] org" for readers without JavaScript.
"""

import hashlib
import re
from html import unescape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def encode_email(email: str) -> str:
    """Hex of the address XOR-ed with a one-byte key, the key first (Cloudflare's scheme)."""
    key = hashlib.sha256(email.encode()).digest()[0] or 0x5A
    return f"{key:02x}" + "".join(f"{byte ^ key:02x}" for byte in email.encode())


def spelled_out(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local} [at] {domain.replace('.', ' [dot] ')}"


@register.simple_tag
def protected_email(email: str) -> SafeString:
    if not email:
        return format_html("")
    return format_html(
        '<span class="protected-email" data-email="{}">{}</span>',
        encode_email(email),
        spelled_out(email),
    )


MAILTO_LINK = re.compile(r"<a\s[^>]*?href=\"mailto:([^\"?]+)[^\"]*\"[^>]*>.*?</a>", re.I | re.S)
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TAG = re.compile(r"(<[^>]*>)")


@register.filter
def protect_emails(html: str) -> SafeString:
    """A sanitized body with every email address (a mailto link, or typed out) shown as
    ``protected_email`` shows it: a Contact page keeps the design's promise that no staff
    address sits in the page source. Only the text between tags is touched."""
    html = MAILTO_LINK.sub(lambda m: protected_email(unescape(m.group(1)).strip()), html or "")
    parts = TAG.split(html)
    for index in range(0, len(parts), 2):
        parts[index] = ADDRESS.sub(lambda m: protected_email(unescape(m.group(0))), parts[index])
    return mark_safe("".join(parts))  # noqa: S308 (the body was sanitized on save)
