"""Settings for the test run: the real settings with fast hashing and no form-age wait."""

from .settings import *  # noqa: F403
from .settings import ALLOWED_HOSTS

ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COMMENTS_MIN_SECONDS = 0
