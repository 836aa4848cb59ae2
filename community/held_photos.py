"""Photos held between a form that came back for a fix and the one sent again.

A reader who gets an error elsewhere on the form should not have to choose their photo
again (on a phone that means finding it in the gallery once more). The photo, already
checked and cleaned, waits in storage; the form carries a signed reference to it, so
nobody can point the form at another file. Held photos nobody came back for are deleted
after a day.
"""

import posixpath
import secrets
import time

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from articles.images import clean_image

FOLDER = "community/held"
SALT = "community.held-photo"
KEEP_SECONDS = 24 * 3600


def hold(upload: UploadedFile) -> str:
    """Store a checked upload, cleaned of metadata; return its storage name."""
    cleaned = clean_image(upload)
    stem = default_storage.get_valid_name(posixpath.basename(cleaned.name))[-80:]
    name = f"{FOLDER}/{int(time.time())}-{secrets.token_hex(8)}-{stem}"
    return default_storage.save(name, cleaned)


def reference(name: str) -> str:
    return signing.dumps(name, salt=SALT) if name else ""


def held_name(value: str) -> str:
    """The held photo a form's signed reference names, or "" if none (or not ours)."""
    try:
        name = signing.loads(value or "", salt=SALT, max_age=KEEP_SECONDS)
    except signing.BadSignature:
        return ""
    if not isinstance(name, str) or not name.startswith(f"{FOLDER}/"):
        return ""
    return name if default_storage.exists(name) else ""


def label(name: str) -> str:
    """The file name the reader chose, as they would recognise it."""
    if not name:
        return ""
    return posixpath.basename(name).split("-", 2)[-1]


def release(name: str) -> None:
    if name:
        default_storage.delete(name)


def sweep(now: float | None = None) -> int:
    """Delete held photos older than a day; returns how many."""
    cutoff = (now or time.time()) - KEEP_SECONDS
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    deleted = 0
    for file in files:
        stamp = file.split("-", 1)[0]
        if stamp.isdigit() and int(stamp) < cutoff:
            default_storage.delete(f"{FOLDER}/{file}")
            deleted += 1
    return deleted
