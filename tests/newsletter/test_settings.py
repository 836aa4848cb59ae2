"""The newsletter's send time comes from the environment, and a wrong one stops the site
from starting with a clear message rather than never sending."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def send_at(value: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSLETTER_"))}
    env["NEWSLETTER_SEND_AT"] = value
    code = "from newsroom import settings; print(settings.NEWSLETTER_SEND_AT)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("value", ["06:00", "6:30", "23:59", " 07:15 "])
def test_a_time_of_day_is_accepted(value):
    result = send_at(value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value.strip()


@pytest.mark.parametrize("value", ["6am", "24:00", "06:60", "", "06:00:00"])
def test_anything_else_stops_the_site_with_the_reason(value):
    result = send_at(value)
    assert result.returncode != 0
    assert "NEWSLETTER_SEND_AT must be a time of day as HH:MM" in result.stderr
