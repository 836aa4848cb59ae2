"""Cron on three machines at once: three `send_newsletter` processes, one PostgreSQL, one
SMTP server; every subscriber of each of two towns gets their town's digest exactly once.

It starts real processes, so it runs with ``-m servers`` on PostgreSQL (make
test-postgres); anywhere else it is skipped and says why.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from network.models import Site
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import ArticleFactory, SectionFactory
from tests.newsletter.smtp_server import SmtpServer
from tests.test_servers import database_url_for_servers
from tools.servers import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
SUBSCRIBERS = 300

pytestmark = [
    pytest.mark.servers,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL (DATABASE_URL=postgres://...), not {connection.vendor}",
    ),
]


def test_three_senders_at_once_send_each_subscriber_one_copy(tmp_path):
    news = SectionFactory(name="News", slug="news")
    ArticleFactory(section=news, headline="Storm closes schools")
    # A town on another clock: with NEWSLETTER_SEND_AT at 00:00 both are due, whatever
    # the hour. Its list holds a third of the first town's addresses too.
    harbour = Site.objects.create(
        name="The Harbour Loop",
        slug="harbour",
        base_url="https://harbour.example",
        time_zone="Asia/Tokyo",
    )
    ArticleFactory(site=harbour, section=news, headline="Ferry returns")
    default = Site.objects.default()
    Subscriber.objects.bulk_create(
        Subscriber(
            site=site, email=f"reader{n}@example.net", status="active", confirmed_at=timezone.now()
        )
        for site, count in [(default, SUBSCRIBERS), (harbour, SUBSCRIBERS // 3)]
        for n in range(count)
    )
    smtp = SmtpServer(free_port()).start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url_for_servers(),
        "DJANGO_MEDIA_ROOT": str(tmp_path),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "NEWSLETTER_SEND_AT": "00:00",
    }
    env.pop("REDIS_URL", None)
    try:
        senders = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_newsletter", "--batch-size", "10"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(3)
        ]
        outputs = [sender.communicate(timeout=300)[0] for sender in senders]
    finally:
        smtp.stop()

    assert [sender.returncode for sender in senders] == [0, 0, 0], outputs
    assert Issue.objects.filter(kind="digest").count() == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    received = [
        (message["From"].split(" <")[0], message["To"]) for message in smtp.mailbox.messages
    ]
    assert len(received) == SUBSCRIBERS + SUBSCRIBERS // 3
    assert len(set(received)) == len(received)
    assert sum(town == "The Harbour Loop" for town, _ in received) == SUBSCRIBERS // 3
