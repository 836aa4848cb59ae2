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


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, [True, True]),
        ({"NOTIFY_STAFF": "0"}, [False, False]),
        ({"COMMENTS_NOTIFY_MODERATORS": "0"}, [False, False]),  # the old name still works
        ({"NOTIFY_STAFF": "1", "COMMENTS_NOTIFY_MODERATORS": "0"}, [True, True]),
    ],
)
def test_one_switch_turns_every_staff_email_off(env, expected):
    import json

    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NOTIFY_STAFF", "COMMENTS_NOTIFY_MODERATORS"} and not k.startswith("DJANGO_")
    }
    code = (
        "import json; from newsroom import settings as s; "
        "print(json.dumps([s.NOTIFY_STAFF, s.COMMENTS_NOTIFY_MODERATORS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CDN_PURGE": "akamai"}, "CDN_PURGE must be none, varnish, fastly or cloudflare"),
        ({"CDN_PURGE": "varnish"}, "CDN_PURGE=varnish needs CDN_PURGE_URL"),
        ({"CDN_PURGE": "fastly", "CDN_PURGE_TOKEN": "t"}, "the Fastly service id"),
        ({"CDN_PURGE": "cloudflare"}, "the Cloudflare zone id"),
        ({"CDN_PURGE_TIMEOUT": "soon"}, "CDN_PURGE_TIMEOUT must be a number"),
    ],
)
def test_a_wrong_cdn_purge_setting_stops_the_site_with_the_reason(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_cdn_purge_settings_are_read_from_the_environment():
    result = load_settings(
        CDN_PURGE="Varnish", CDN_PURGE_URL="http://10.0.0.5:6081/, http://10.0.0.6:6081/"
    )
    assert result.returncode == 0, result.stderr
