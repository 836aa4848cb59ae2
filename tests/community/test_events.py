"""Upcoming events: on the Community section and in the sidebar until their day has
passed, soonest first, each with an .ics download, and a feed of them all."""

from datetime import time, timedelta

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db


def story(headline, **kwargs):
    return ArticleFactory(headline=headline, **kwargs)


@pytest.fixture
def events(community):
    today = timezone.localdate()
    return {
        "later": EventFactory(article=story("Choir concert"), starts_on=today + timedelta(9)),
        "today": EventFactory(article=story("Book swap"), starts_on=today, start_time=time(18, 30)),
        "soon": EventFactory(article=story("Tree planting"), starts_on=today + timedelta(2)),
        "past": EventFactory(article=story("Last week's fair"), starts_on=today - timedelta(1)),
        "draft": EventFactory(
            article=story("Secret party", status=Article.Status.DRAFT, published_at=None),
            starts_on=today + timedelta(1),
        ),
    }


def order_of(html, *headlines):
    return sorted(headlines, key=html.index)


def test_community_section_lists_upcoming_events_soonest_first(client, events, community):
    html = client.get(community.get_absolute_url()).content.decode()
    panel = html.split('class="events-panel"')[1].split("</div>")[0]

    assert order_of(panel, "Choir concert", "Book swap", "Tree planting") == [
        "Book swap",
        "Tree planting",
        "Choir concert",
    ]
    assert "Last week" not in panel and "Secret party" not in panel
    assert "Submit community news" in panel
    assert '<time datetime="' + timezone.localdate().isoformat() + 'T18:30">' in panel


def test_every_page_has_them_in_the_sidebar_with_the_way_to_submit(client, events):
    html = client.get("/").content.decode()
    sidebar = html.split('class="sidebar-block sidebar-events"')[1].split("</section>")[0]

    assert order_of(sidebar, "Choir concert", "Book swap", "Tree planting")[0] == "Book swap"
    assert "Secret party" not in sidebar and "Last week" not in sidebar
    assert 'href="/community/submit/"' in sidebar


def test_other_sections_have_no_events_panel(client, events):
    other = ArticleFactory().section
    assert "events-panel" not in client.get(other.get_absolute_url()).content.decode()


def test_each_event_downloads_as_an_icalendar_file(client, events):
    event = events["today"]
    response = client.get(event.get_ics_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Book swap"
    assert str(vevent["LOCATION"]) == "Riverside Park"
    starts = vevent.decoded("DTSTART")
    assert starts == event.starts_at  # the same moment, written in UTC
    assert event.article.get_absolute_url() in str(vevent["URL"])


def test_an_all_day_event_is_a_date_lasting_its_day(client, events):
    vevent = icalendar.Calendar.from_ical(client.get(events["soon"].get_ics_url()).content).walk(
        "VEVENT"
    )[0]
    assert vevent.decoded("DTSTART") == events["soon"].starts_on
    assert vevent.decoded("DTEND") == events["soon"].starts_on + timedelta(1)


@pytest.mark.parametrize("which", ["past", "draft"])
def test_past_and_unpublished_events_are_not_found(client, events, which):
    assert client.get(events[which].get_ics_url()).status_code == 404


def test_the_calendar_feed_holds_every_upcoming_event(client, events):
    response = client.get("/events/calendar.ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    titles = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert titles == ["Book swap", "Choir concert", "Tree planting"]


def test_the_rss_feed_and_the_events_page_list_them(client, events):
    feed = client.get("/events/feed/").content.decode()
    assert feed.count("<item>") == 3 and "Secret party" not in feed
    page = client.get("/events/").content.decode()
    assert order_of(page, "Choir concert", "Tree planting") == ["Tree planting", "Choir concert"]


def test_a_new_event_shows_at_once_despite_the_caches(client, community):
    client.get(community.get_absolute_url())
    EventFactory(article=story("Pancake breakfast"))
    assert "Pancake breakfast" in client.get(community.get_absolute_url()).content.decode()


def test_the_section_page_asks_the_same_number_of_queries_with_1_or_20_events(client, community):
    def queries():
        cache.clear()  # every fragment cold: adding events retires only those showing them
        with CaptureQueriesContext(connection) as captured:
            client.get(community.get_absolute_url() + "?fresh")
        return len(captured)

    EventFactory(article=story("First", section=community))
    few = queries()
    for n in range(19):
        EventFactory(article=story(f"Event {n}", section=community))
    assert queries() == few
