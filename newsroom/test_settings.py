"""Settings for the test run: the real settings with fast hashing and no form-age wait."""

import os
import tempfile
from pathlib import Path

from .settings import *  # noqa: F403
from .settings import ALLOWED_HOSTS, DATABASES

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COMMENTS_MIN_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file rather than memory: tests that post from many threads at once need SQLite's
    # real locking (a shared in-memory database refuses a second writer instead of waiting).
    # Nothing here needs to survive a crash, so SQLite need not wait for the disk.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"newsroom-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF;"
