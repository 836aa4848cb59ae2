"""Submissions sent at the same moment: the rate limit holds exactly.

Runs on SQLite in `make test` and on PostgreSQL in `make test-postgres`, each thread with
its own database connection, as gunicorn's workers have.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from community.models import Submission
from community.rate_limit import SubmissionRateLimited
from community.services import submission_submit
from network.routing import default_site

pytestmark = pytest.mark.django_db(transaction=True)


def submit_all_at_once(count: int, *, email, ip_address) -> list[str]:
    """Send ``count`` submissions at the same moment; what became of each."""
    site = default_site()  # made again if a transactional test before emptied the tables
    start = threading.Barrier(count)

    def submit(n: int) -> str:
        try:
            start.wait(timeout=60)
            submission_submit(
                site=site,
                fields={
                    "headline": f"Bake sale number {n}",
                    "text": "Cakes at the library on Saturday.",
                    "name": f"Neighbour {n}",
                    "email": email(n),
                    "own_work": True,
                },
                ip_address=ip_address(n),
            )
            return "stored"
        except SubmissionRateLimited:
            return "limited"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return sorted(pool.map(submit, range(count)))


def test_ten_submissions_at_once_from_one_address_get_exactly_the_limit_through(settings):
    settings.COMMUNITY_RATE_LIMIT = 3
    outcomes = submit_all_at_once(
        10, email=lambda n: f"neighbour{n}@example.net", ip_address=lambda n: "198.51.100.40"
    )

    assert outcomes == ["limited"] * 7 + ["stored"] * 3
    assert Submission.objects.filter(ip_address="198.51.100.40").count() == 3


def test_ten_submissions_at_once_under_one_email_get_exactly_the_limit_through(settings):
    settings.COMMUNITY_RATE_LIMIT = 3
    outcomes = submit_all_at_once(
        10, email=lambda n: "same@example.net", ip_address=lambda n: f"198.51.100.{n + 50}"
    )

    assert outcomes == ["limited"] * 7 + ["stored"] * 3
    assert Submission.objects.by_email("same@example.net").count() == 3
