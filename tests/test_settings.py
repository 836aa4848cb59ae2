"""Settings come from the environment, with defaults that are safe on a laptop."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the real settings module in a fresh interpreter with only the given variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    code = (
        "import json; from newsroom import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
        "'db': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
        "'site': s.SITE_NAME, 'tagline': s.SITE_TAGLINE, 'key': s.SECRET_KEY}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_defaults_are_safe_for_a_laptop():
    import json

    result = load_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["hosts"] == ["localhost", "127.0.0.1", "[::1]"]
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["tagline"] == "Close to home. Always in the loop."


def test_everything_can_be_set_from_the_environment():
    import json

    result = load_settings(
        DJANGO_SECRET_KEY="s3cret-" * 8,
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="news.example.org,www.news.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        SITE_NAME="Riverside Daily",
        SITE_TAGLINE="Your river, your news.",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["hosts"] == ["news.example.org", "www.news.example.org"]
    assert values["db"] == "django.db.backends.postgresql"
    assert (values["site"], values["tagline"]) == ("Riverside Daily", "Your river, your news.")
    assert values["key"] == "s3cret-" * 8


@pytest.mark.parametrize("key", ["", None])
def test_a_public_site_refuses_to_start_with_the_development_key(key):
    env = {"DJANGO_ALLOWED_HOSTS": "news.example.org"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    result = load_settings(**env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
