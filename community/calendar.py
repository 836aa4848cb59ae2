"""Events as iCalendar (RFC 5545), for a reader's calendar app: one event, or all of them.

Timed events are written in UTC, so every calendar app places them right without a
VTIMEZONE block; all-day events are plain dates lasting their day. No end time is invented
for a timed event: without one it is a moment (RFC 5545, 3.6.1). Links and UIDs are the
town's whose calendar it is: a story shared to it is linked at its address there.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.utils import timezone

from network.models import Site

from .models import Event


def _host(site: Site) -> str:
    return urlsplit(site.base_url).hostname or "localhost"


def _component(event: Event, *, now: datetime, site: Site) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{_host(site)}")
    component.add("dtstamp", now)
    starts_at = event.starts_at
    if starts_at is None:
        component.add("dtstart", event.starts_on)
        component.add("dtend", event.starts_on + timedelta(days=1))
    else:
        component.add("dtstart", starts_at.astimezone(UTC))
    component.add("summary", event.article.headline)
    if event.place:
        component.add("location", event.place)
    url = site.absolute(event.article.get_absolute_url())
    component.add("description", f"{event.article.dek}\n\n{url}".strip())
    component.add("url", url)
    return component


def calendar_bytes(events: Iterable[Event], *, name: str, site: Site) -> bytes:
    """A VCALENDAR of this town holding these events, ready to download."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{site.name}//Community events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    now = timezone.now().astimezone(UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_component(event, now=now, site=site))
    return calendar.to_ical()
