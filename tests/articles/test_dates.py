"""The quick date formats print exactly what Django's ``date`` filter prints."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from articles.dates import iso_datetime, long_date, long_datetime

# Every 7 h 13 min through a year: both summer-time changes, midnight, noon, each month.
MOMENTS = [datetime(2026, 1, 1, 0, 0, tzinfo=UTC) + timedelta(minutes=433 * n) for n in range(1220)]
FILTER = Template(
    '{{ m|date:\'Y-m-d\\TH:i:sO\' }}|{{ m|date:"N j, Y" }}|{{ m|date:"N j, Y \\a\\t g:i a" }}'
)


@pytest.mark.parametrize("zone", ["America/Denver", "UTC", "Asia/Kolkata"])
def test_quick_formats_match_the_date_filter_through_a_year(zone):
    with timezone.override(zone):
        for moment in MOMENTS:
            expected = FILTER.render(Context({"m": moment}))
            assert (
                "|".join([iso_datetime(moment), long_date(moment), long_datetime(moment)])
                == expected
            ), moment


def test_template_filters_print_nothing_for_a_missing_date():
    rendered = Template("{% load dates %}[{{ m|iso_datetime }}][{{ m|long_date }}]").render(
        Context({"m": None})
    )
    assert rendered == "[][]"
