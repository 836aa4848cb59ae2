"""Posts sent at the same moment: limits hold exactly, and nothing is stored twice.

These run on SQLite in `make test` and on PostgreSQL in `make test-postgres`, each thread
with its own database connection, as gunicorn's workers have.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.protection import form_token
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture(autouse=True)
def quiet(settings):
    settings.COMMENTS_NOTIFY_MODERATORS = False
    settings.COMMENTS_RATE_LIMIT = 5


def post_all_at_once(story, forms: list[tuple[dict, str]]) -> list[int]:
    """Send every (form, client address) at the same moment; the statuses, in order."""
    url = reverse("comments:post", kwargs={"article_id": story.pk})
    start = threading.Barrier(len(forms))

    def post(form_and_address: tuple[dict, str]) -> int:
        form, address = form_and_address
        try:
            start.wait(timeout=60)
            response = Client().post(
                url,
                {"website": "", "parent": "", "homepage": "", **form},
                REMOTE_ADDR=address,
                HTTP_USER_AGENT=BROWSER,
                HTTP_ORIGIN="http://testserver",
            )
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(post, forms))


def form(story, n: int, **fields) -> dict:
    return {
        "name": f"Reader {n}",
        "email": f"reader{n}@example.net",
        "text": f"Thought number {n} on the bus loop.",
        "token": form_token(story.pk, fresh=True),
        **fields,
    }


def test_twenty_posts_at_once_from_one_address_get_exactly_five_through():
    story = ArticleFactory()
    statuses = post_all_at_once(story, [(form(story, n), "198.51.100.20") for n in range(20)])

    assert sorted(statuses) == [302] * 5 + [429] * 15
    assert Comment.objects.filter(ip_address="198.51.100.20").count() == 5


def test_twenty_posts_at_once_under_one_email_get_exactly_five_through():
    story = ArticleFactory()
    forms = [(form(story, n, email="same@example.net"), f"198.51.100.{n + 1}") for n in range(20)]
    statuses = post_all_at_once(story, forms)

    assert sorted(statuses) == [302] * 5 + [429] * 15
    assert Comment.objects.by_email("same@example.net").count() == 5


def test_the_same_comment_sent_ten_times_at_once_is_stored_once():
    story = ArticleFactory()
    same = form(story, 1)
    statuses = post_all_at_once(story, [(same, "198.51.100.30")] * 10)

    assert statuses == [302] * 10
    assert Comment.objects.count() == 1
    assert Comment.objects.get().status != Comment.Status.SPAM


def test_reports_from_ten_addresses_at_once_hold_the_comment_once_with_one_alert(settings):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core import mail

    settings.COMMENTS_NOTIFY_MODERATORS = True
    settings.COMMENTS_REPORTS_TO_HOLD = 3
    moderator = get_user_model().objects.create_user("mod", "mod@example.org", is_staff=True)
    moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    comment = CommentFactory(text="Reported by many at once")
    url = reverse("comments:report", kwargs={"comment_id": comment.pk})
    start = threading.Barrier(10)

    def report(n: int) -> int:
        try:
            start.wait(timeout=60)
            return (
                Client()
                .post(
                    url,
                    {"reason": "abuse", "token": form_token(comment.article_id, fresh=True)},
                    REMOTE_ADDR=f"198.51.100.{n + 1}",
                    HTTP_USER_AGENT=BROWSER,
                    HTTP_ORIGIN="http://testserver",
                )
                .status_code
            )
        finally:
            connections.close_all()

    mail.outbox = []
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(report, range(10)))

    comment.refresh_from_db()
    # A reader whose report arrives after the comment went back to moderation finds it no
    # longer shown (404), as any reader would; every other report is taken.
    assert set(statuses) <= {200, 404} and statuses.count(200) >= 3
    assert comment.status == Comment.Status.PENDING
    assert comment.reports.count() == statuses.count(200)
    alerts = [m for m in mail.outbox if "waiting for moderation" in m.subject]
    assert len(alerts) == 1
