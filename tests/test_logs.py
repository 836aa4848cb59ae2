"""No log line carries a commenter's email or a confirmation link; mail stays out of logs."""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from comments.trust import confirmation_token
from newsroom.log_filters import Redact
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-production-secret-" * 4,
    "DJANGO_ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
}


def check_deploy(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env, DJANGO_SETTINGS_MODULE="newsroom.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    return result.stdout + result.stderr


def test_a_production_start_with_the_console_mail_backend_is_a_deploy_warning():
    output = check_deploy(
        **PRODUCTION, DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    assert "newsroom.W001" in output
    assert "printed to standard output" in output


def test_production_settings_pass_the_deploy_check_with_nothing_to_report():
    output = check_deploy(**PRODUCTION)  # mail goes to SMTP by default on a public host
    assert "System check identified no issues" in output, output


@pytest.fixture
def console():
    """What the site's console handler (standard output in production) would print."""
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, Redact) for f in h.filters)
    )
    printed = io.StringIO()
    previous = handler.setStream(printed)
    yield printed
    handler.setStream(previous)


def test_the_console_handler_redacts_addresses_and_confirmation_links(console):
    token = confirmation_token("rosa.diaz@example.net")
    logging.getLogger("django.request").warning("Bad Request: /comments/confirm/%s/", token)
    logging.getLogger("django.server").info('"GET /comments/unsubscribe/%s/ HTTP/1.1" 200', token)
    try:
        raise RuntimeError("recipient refused: {'rosa.diaz@example.net': (550, b'no')}")
    except RuntimeError:
        logging.getLogger("comments").exception("Sending failed for %s", "rosa.diaz@example.net")

    printed = console.getvalue()
    assert "rosa.diaz@example.net" not in printed and "example.net" not in printed
    assert token not in printed
    assert "/comments/confirm/[token]/" in printed
    assert "/comments/unsubscribe/[token]/" in printed
    assert printed.count("[email]") >= 2  # the message and the traceback
    assert "RuntimeError" in printed  # the rest of the line is kept


@pytest.mark.django_db
def test_posting_and_confirming_log_no_address_and_no_link(
    client, console, comment_data, tmp_path, django_capture_on_commit_callbacks
):
    story = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": story.pk})
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=tmp_path,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        posted = client.post(url, comment_data(story, email="quiet.writer@example.net"))
    assert posted.status_code == 302
    sent = "\n".join(path.read_text() for path in tmp_path.iterdir())
    link = next(line for line in sent.splitlines() if "/comments/confirm/" in line).strip()
    confirm_path = link.removeprefix("http://127.0.0.1:8000")
    client.get(confirm_path + "broken/")  # a 404, which Django logs with its path
    client.get(confirm_path.replace("/confirm/", "/confirm/x"))  # a 400, logged too

    printed = console.getvalue()
    assert "quiet.writer" not in printed and "@" not in printed
    assert confirm_path.split("/")[3] not in printed
    assert "/comments/confirm/[token]" in printed
    assert mail.outbox == []  # the message went to the file, as on a laptop


@pytest.mark.django_db
def test_pages_reached_by_a_private_link_do_not_pass_it_on_as_a_referer(client):
    from comments.notifications import unsubscribe_token

    confirm = client.get(
        reverse("comments:confirm-email", kwargs={"token": confirmation_token("a@example.org")})
    )
    unsubscribe = client.get(
        reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(1)})
    )
    story_page = client.get("/")

    assert confirm["Referrer-Policy"] == unsubscribe["Referrer-Policy"] == "no-referrer"
    assert story_page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert client.put(confirm.wsgi_request.path).status_code == 405  # methods still declared
