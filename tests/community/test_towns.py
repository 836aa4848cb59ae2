"""A network of towns: a neighbour's news belongs to the town they sent it on, its emails
and story are that town's, and each town's editors see their towns' submissions only."""

import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Submission
from community.services import submission_confirm
from tests.factories import ArticleFactory, EventFactory, SubmissionFactory
from tests.network.conftest import A_HOST, B_HOST

pytestmark = pytest.mark.django_db

SUBMIT = "/community/submit/"


def test_news_sent_on_b_is_bs_and_its_link_works_on_bs_host_only(
    town_a, town_b, community, submission_data, django_capture_on_commit_callbacks
):
    reader_a, reader_b = Client(HTTP_HOST=A_HOST), Client(HTTP_HOST=B_HOST)
    with django_capture_on_commit_callbacks(execute=True):
        assert reader_b.post(SUBMIT, submission_data()).status_code == 302

    submission = Submission.objects.get()
    assert submission.site == town_b
    (message,) = mail.outbox
    assert message.subject.startswith("Confirm your news for The Town B Loop: ")
    link = re.search(r"https://\S+/community/confirm/\S+/", message.body).group(0)
    assert link.startswith(f"https://{B_HOST}/")

    assert reader_a.post(urlsplit(link).path).status_code == 400
    assert reader_b.post(urlsplit(link).path).status_code == 200
    submission.refresh_from_db()
    assert submission.status == Submission.Status.WAITING
    story = submission.article
    assert (story.site, story.status) == (town_b, "draft")
    # Town B's own Community section (made for it), not the first town's.
    assert (story.section.site, story.section.slug) == (town_b, community.slug)
    assert story.section != community


def test_a_published_submission_of_b_never_shows_on_a(
    town_a, town_b, community, committed, django_capture_on_commit_callbacks
):
    from community.services import submission_publish

    sent = SubmissionFactory(site=town_b, headline="Harbour clean-up on Sunday")
    waiting = submission_confirm(submission=sent)
    with django_capture_on_commit_callbacks(execute=True):
        assert submission_publish(submission=waiting)
    story = Submission.objects.get().article
    assert story.is_public

    reader_a, reader_b = Client(HTTP_HOST=A_HOST), Client(HTTP_HOST=B_HOST)
    assert "Harbour clean-up" in reader_b.get(community.get_absolute_url()).text
    assert "Harbour clean-up" not in reader_a.get(community.get_absolute_url()).text
    assert reader_a.get(story.get_absolute_url()).status_code == 404
    # The sender is told the story's address on B.
    assert f"https://{B_HOST}{story.get_absolute_url()}" in mail.outbox[-1].body


def test_editors_of_a_see_count_and_act_on_as_submissions_only(
    town_a, town_b, community, make_town_staff
):
    on_a = submission_confirm(submission=SubmissionFactory(site=town_a, headline="A's fair"))
    on_b = submission_confirm(submission=SubmissionFactory(site=town_b, headline="B's regatta"))
    submission_confirm(submission=SubmissionFactory(site=town_b, headline="B's choir"))
    desk = Client(HTTP_HOST=A_HOST)
    desk.force_login(make_town_staff("ed-a", "Editors", town_a))

    listing = desk.get(reverse("admin:community_submission_changelist")).text
    assert "A&#x27;s fair" in listing and "regatta" not in listing and "choir" not in listing
    assert "Waiting for an editor (1)" in listing
    front = desk.get(reverse("admin:index")).text
    assert "<strong>1</strong> submission waiting" in front
    assert desk.get(reverse("admin:community_submission_change", args=[on_b.pk])).status_code in {
        302,
        404,
    }
    assert (
        desk.post(reverse("admin:community_submission_publish", args=[on_b.pk])).status_code == 404
    )
    desk.post(
        reverse("admin:community_submission_decline") + f"?ids={on_a.pk},{on_b.pk}",
        {"reason": "Not for us."},
    )
    statuses = dict(Submission.objects.values_list("headline", "status"))
    assert statuses == {
        "A's fair": Submission.Status.DECLINED,
        "B's regatta": Submission.Status.WAITING,
        "B's choir": Submission.Status.WAITING,
    }


def test_a_network_editor_counts_every_towns_submissions_and_filters_by_town(
    town_a, town_b, community, make_town_staff
):
    submission_confirm(submission=SubmissionFactory(site=town_a, headline="A's fair"))
    submission_confirm(submission=SubmissionFactory(site=town_b, headline="B's regatta"))
    desk = Client(HTTP_HOST=A_HOST)
    desk.force_login(make_town_staff("ed-net", "Editors", every_site=True))

    assert "<strong>2</strong> submissions waiting" in desk.get(reverse("admin:index")).text
    only_b = desk.get(
        reverse("admin:community_submission_changelist"), {"site__id__exact": town_b.pk}
    ).text
    assert "regatta" in only_b and "A&#x27;s fair" not in only_b


def test_bs_calendar_and_event_feed_carry_bs_events_at_bs_address(town_a, town_b):
    today = timezone.localdate()
    on_b = EventFactory(article=ArticleFactory(site=town_b, headline="Regatta"), starts_on=today)
    EventFactory(article=ArticleFactory(site=town_a, headline="A's fair"), starts_on=today)
    reader_a, reader_b = Client(HTTP_HOST=A_HOST), Client(HTTP_HOST=B_HOST)

    calendar = icalendar.Calendar.from_ical(reader_b.get("/events/calendar.ics").content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Regatta"
    assert str(vevent["URL"]) == f"https://{B_HOST}{on_b.article.get_absolute_url()}"
    assert str(vevent["UID"]).endswith(f"@{B_HOST}")
    assert reader_a.get(on_b.get_ics_url()).status_code == 404
    assert reader_b.get(on_b.get_ics_url()).status_code == 200
    feed = reader_b.get("/events/feed/").text
    assert "Regatta" in feed and "A&#x27;s fair" not in feed and "A's fair" not in feed
    assert "Regatta" not in reader_a.get("/events/feed/").text


def test_an_event_of_bs_is_at_its_time_in_bs_zone_in_every_calendar(town_a, town_b):
    # B is in Chicago, the installation in Denver: 7 pm in B is 01:00 UTC the next day.
    day = timezone.localdate() + timedelta(days=3)
    regatta = EventFactory(
        article=ArticleFactory(site=town_b, headline="Regatta"),
        starts_on=day,
        start_time=time(19, 0),
    )
    regatta.article.shared_to.add(town_a)
    seven_pm_in_b = datetime.combine(day, time(19, 0), tzinfo=ZoneInfo("America/Chicago"))

    for reader, address in (
        (Client(HTTP_HOST=B_HOST), "/events/calendar.ics"),
        (Client(HTTP_HOST=A_HOST), regatta.get_ics_url()),
    ):
        calendar = icalendar.Calendar.from_ical(reader.get(address).content)
        (vevent,) = calendar.walk("VEVENT")
        assert vevent.decoded("DTSTART") == seven_pm_in_b, address
    assert seven_pm_in_b.astimezone(UTC).hour == 1


def test_the_submission_list_and_front_page_cost_the_same_for_few_rows_or_many(
    town_a, town_b, community, make_town_staff
):
    desk = Client(HTTP_HOST=A_HOST)
    desk.force_login(make_town_staff("ed-a", "Editors", town_a))
    pages = [reverse("admin:community_submission_changelist"), reverse("admin:index")]

    def counts() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert desk.get(url).status_code == 200
            found.append(len(queries))
        return found

    def add_rows(each_town: int) -> None:
        for town in (town_a, town_b):
            for _ in range(each_town):
                submission_confirm(submission=SubmissionFactory(site=town))

    add_rows(1)
    counts()  # the first request fills the caches (sites' host map, content types)
    few = counts()
    add_rows(8)
    assert counts() == few


def test_editors_of_a_list_the_events_of_as_stories_only(town_a, town_b, make_town_staff):
    EventFactory(article=ArticleFactory(site=town_a, headline="Fair on the green"))
    EventFactory(article=ArticleFactory(site=town_b, headline="Regatta"))
    desk = Client(HTTP_HOST=A_HOST)
    desk.force_login(make_town_staff("ed-a", "Editors", town_a))

    listing = desk.get(reverse("admin:community_event_changelist")).text
    assert "Fair on the green" in listing and "Regatta" not in listing
