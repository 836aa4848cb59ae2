"""The Content-Security-Policy each response gets.

The public site runs only its own files: no inline script, no inline style. The admin
differs in two ways:

- Django's admin and the body editor set inline style attributes, so the admin may use
  inline styles.
- The body editor (django-prose-editor) loads its modules through an inline
  ``<script type="importmap">``. Rather than allowing inline scripts, the admin's policy
  allows that one import map by the SHA-256 hash of its exact text, computed from the
  same object that renders it. Any other inline script, an injected one included, is
  still refused; the hash is the same for every response, so nothing per-request needs
  threading into Django's templates (which a nonce would).
"""

import base64
import hashlib
import re

from django.conf import settings
from django.http import HttpRequest
from django_prose_editor.widgets import importmap as prose_editor_importmap

IMPORTMAP_TEXT = re.compile(r"<script\b[^>]*>(.*)</script>", re.S)


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script with exactly this text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def prose_editor_importmap_hash() -> str:
    """The hash of the import map the body editor's widget renders into admin pages.

    Rendered afresh each time: the paths come from ``static()``, which names hashed files
    once the static manifest is on, and rendering it costs microseconds.
    """
    rendered = str(prose_editor_importmap.render())
    return script_hash(IMPORTMAP_TEXT.fullmatch(rendered).group(1))


def is_admin(request: HttpRequest) -> bool:
    return request.path.startswith("/admin/")


def policy_for(request: HttpRequest) -> str:
    policy = settings.CONTENT_SECURITY_POLICY
    if is_admin(request):
        policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        policy = policy.replace(
            "script-src 'self'", f"script-src 'self' {prose_editor_importmap_hash()}"
        )
    return policy
