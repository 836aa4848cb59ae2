"""A network of towns: each has its own subscribers, its own digest on its own clock, its
own links and name; an alert reaches every town a story shows on, nobody twice."""

import json
import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Site
from newsletter.models import Delivery, Issue, Subscriber
from newsletter.scheduling import alert_start, start_due_digests, town_today
from newsletter.sending import Sender
from newsletter.tokens import unsubscribe_token
from tests.factories import ArticleFactory, SectionFactory, SubscriberFactory
from tests.network.conftest import A_HOST, B_HOST

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"


@pytest.fixture
def news(db):
    return SectionFactory(name="News", slug="news")


def posted(capture, client, path, data=None):
    with capture(execute=True):
        return client.post(path, data or {})


def test_an_address_subscribes_to_each_town_on_its_site_and_confirms_each_alone(
    town_a, town_b, subscribe_data, django_capture_on_commit_callbacks
):
    reader_a, reader_b = Client(HTTP_HOST=A_HOST), Client(HTTP_HOST=B_HOST)
    capture = django_capture_on_commit_callbacks
    posted(capture, reader_b, SUBSCRIBE, subscribe_data(email="Both@Example.net"))
    posted(capture, reader_a, SUBSCRIBE, subscribe_data(email="both@example.net", alerts="on"))

    assert {(s.site_id, s.email) for s in Subscriber.objects.all()} == {
        (town_a.pk, "both@example.net"),
        (town_b.pk, "both@example.net"),
    }
    to_b, to_a = mail.outbox
    assert "The Town B Loop" in to_b.subject and to_b.from_email.startswith("The Town B Loop <")
    link_b = re.search(r"https://\S+/newsletter/confirm/\S+/", to_b.body).group(0)
    link_a = re.search(r"https://\S+/newsletter/confirm/\S+/", to_a.body).group(0)
    assert link_b.startswith(f"https://{B_HOST}/") and link_a.startswith(f"https://{A_HOST}/")

    # B's link does nothing on A's host; on B's it confirms B's subscription only.
    assert reader_a.post(urlsplit(link_b).path).status_code == 400
    assert reader_b.post(urlsplit(link_b).path).status_code == 200
    statuses = dict(Subscriber.objects.values_list("site_id", "status"))
    assert statuses == {town_a.pk: "pending", town_b.pk: "active"}


def test_unsubscribing_from_one_town_leaves_the_other(town_a, town_b):
    on_a = SubscriberFactory(site=town_a, email="both@example.net")
    on_b = SubscriberFactory(site=town_b, email="both@example.net")
    path = reverse("newsletter:unsubscribe", args=[unsubscribe_token(on_b.pk, "digest")])

    assert Client(HTTP_HOST=A_HOST).post(path).status_code == 400
    assert Client(HTTP_HOST=B_HOST).post(path).status_code == 200

    on_a.refresh_from_db()
    on_b.refresh_from_db()
    assert on_a.wants_digest and not on_b.wants_digest


def test_each_town_has_its_own_digest_with_its_stories_name_and_links(town_a, town_b, news):
    ArticleFactory(site=town_a, section=news, headline="Town A budget passes")
    shared = ArticleFactory(site=town_a, section=news, headline="Fair for both towns")
    shared.shared_to.add(town_b)
    own_b = ArticleFactory(site=town_b, section=news, headline="Town B ferry returns")
    SubscriberFactory(site=town_a, email="a@example.net")
    SubscriberFactory(site=town_b, email="b@example.net")
    SubscriberFactory(site=town_b, email="both@example.net")
    SubscriberFactory(site=town_a, email="both@example.net")
    # Due everywhere: every town's clock is past midnight.
    now = timezone.now()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.NEWSLETTER_SEND_AT", "00:00")
        report = Sender(now=lambda: now).run()

    assert report.sent == 4
    assert Issue.objects.filter(kind="digest").count() == 2
    received = sorted((m.to[0], m.from_email.split(" <")[0]) for m in mail.outbox)
    assert received == [
        ("a@example.net", "The Town A Loop"),
        ("b@example.net", "The Town B Loop"),
        ("both@example.net", "The Town A Loop"),
        ("both@example.net", "The Town B Loop"),
    ]
    to_b = next(m for m in mail.outbox if m.to == ["b@example.net"])
    assert to_b.subject.startswith("The Town B Loop, ")
    assert "Town B ferry returns" in to_b.body and "Fair for both towns" in to_b.body
    assert "Town A budget passes" not in to_b.body
    assert f"https://{B_HOST}{own_b.get_absolute_url()}" in to_b.body
    assert f"https://{B_HOST}{shared.get_absolute_url()}" in to_b.body
    assert A_HOST not in to_b.body
    assert to_b.extra_headers["List-Unsubscribe"].startswith(f"<https://{B_HOST}/newsletter/")
    assert to_b.extra_headers["Message-ID"].endswith(f"@{B_HOST}>")


def test_each_towns_digest_goes_at_send_at_on_its_own_clock(town_a, town_b, news, settings):
    settings.NEWSLETTER_SEND_AT = "06:00"
    Site.objects.filter(pk=town_a.pk).update(time_zone="America/Denver")
    Site.objects.filter(pk=town_b.pk).update(time_zone="Asia/Tokyo")
    # Moments of yesterday (UTC), so they have passed whenever the test runs. At 11:00 UTC
    # it is 20:00 in Tokyo and 04:00 or 05:00 in Denver; at 13:30 UTC, 06:30 or 07:30.
    day = (timezone.now() - timedelta(days=1)).astimezone(UTC).date()
    eleven = datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)
    half_past_one = eleven + timedelta(hours=2, minutes=30)
    for town in (town_a, town_b):
        ArticleFactory(site=town, section=news, published_at=eleven - timedelta(hours=1))
        SubscriberFactory(site=town)

    first = start_due_digests(eleven)
    assert [(issue.site_id, issue.edition_date) for issue in first] == [(town_b.pk, day)]
    assert start_due_digests(eleven + timedelta(minutes=30)) == []

    second = start_due_digests(half_past_one)
    assert [(issue.site_id, issue.edition_date) for issue in second] == [(town_a.pk, day)]
    assert start_due_digests(half_past_one + timedelta(hours=3)) == []
    assert Delivery.objects.count() == 2


def test_one_digest_per_town_and_day_is_the_databases_rule(town_a, town_b):
    today = timezone.localdate()
    Issue.objects.create(site=town_a, kind="digest", edition_date=today)
    Issue.objects.create(site=town_b, kind="digest", edition_date=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(site=town_b, kind="digest", edition_date=today)


def test_an_alert_reaches_every_town_of_the_story_with_its_links_and_nobody_twice(
    town_a, town_b, news
):
    story = ArticleFactory(site=town_a, section=news, headline="Bridge closed")
    story.shared_to.add(town_b)
    for town, email in [(town_a, "both"), (town_b, "both"), (town_b, "b-only"), (town_a, "a")]:
        SubscriberFactory(site=town, email=f"{email}@example.net", wants_alerts=True)
    SubscriberFactory(site=town_b, email="digest@example.net", wants_alerts=False)

    issues = alert_start(article=story)
    assert [issue.site_id for issue in issues] == [town_a.pk, town_b.pk]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.NEWSLETTER_SEND_AT", "23:59")
        Sender(now=lambda: timezone.now().replace(hour=0)).run()

    alerts = {m.to[0]: m for m in mail.outbox if m.subject == "Breaking: Bridge closed"}
    assert sorted(alerts) == ["a@example.net", "b-only@example.net", "both@example.net"]
    assert len([m for m in mail.outbox if m.to == ["both@example.net"]]) == 1
    assert f"https://{A_HOST}{story.get_absolute_url()}" in alerts["both@example.net"].body
    assert f"https://{B_HOST}{story.get_absolute_url()}" in alerts["b-only@example.net"].body
    assert alerts["b-only@example.net"].from_email.startswith("The Town B Loop <")
    with pytest.raises(IntegrityError), transaction.atomic():
        alert_start(article=story)


def test_a_story_shared_after_its_alert_can_be_sent_to_the_town_it_reached_since(
    town_a, town_b, news, make_town_staff
):
    story = ArticleFactory(site=town_a, section=news, headline="Bridge closed")
    for town, email in [(town_a, "both"), (town_b, "both"), (town_b, "b-only"), (town_a, "a")]:
        SubscriberFactory(site=town, email=f"{email}@example.net", wants_alerts=True)
    [first] = alert_start(article=story)
    desk = Client(HTTP_HOST=A_HOST)
    desk.force_login(make_town_staff("ed-a", "Editors", town_a))
    alert = reverse("admin:newsletter_issue_alert")
    assert f'value="{story.pk}"' not in desk.get(alert).content.decode()

    story.shared_to.add(town_b)
    assert f'value="{story.pk}"' in desk.get(alert).content.decode()
    sent = desk.post(alert, {"article": story.pk, "confirmed": "1"})

    later = Issue.objects.exclude(pk=first.pk).get()
    assert later.site == town_b
    # Not B's issue, which A's editor may not open: the list of A's.
    assert sent["Location"] == reverse("admin:newsletter_issue_changelist")
    # B's readers the first alert did not reach: "both" had A's copy already.
    recipients = later.deliveries.values_list("subscriber__email", flat=True)
    assert list(recipients) == ["b-only@example.net"]
    assert f'value="{story.pk}"' not in desk.get(alert).content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        alert_start(article=story)


def test_a_towns_editors_see_and_preview_their_towns_newsletter_only(
    town_a, town_b, news, make_town_staff
):
    client = Client(HTTP_HOST=A_HOST)
    SubscriberFactory(site=town_a, email="reader-a@example.net")
    SubscriberFactory(site=town_a, email="reader-a2@example.net")
    SubscriberFactory(site=town_b, email="reader-b@example.net")
    b_issue = Issue.objects.create(site=town_b, kind="digest", edition_date=town_today(town_b))
    client.force_login(make_town_staff("ed-a", "Editors", town_a))

    subscribers = client.get(reverse("admin:newsletter_subscriber_changelist")).content.decode()
    assert "reader-a@example.net" in subscribers and "reader-b@example.net" not in subscribers
    assert client.get(reverse("admin:newsletter_issue_change", args=[b_issue.pk])).status_code in {
        302,
        404,
    }
    assert (
        client.get(reverse("admin:newsletter_issue_preview", args=[b_issue.pk])).status_code == 404
    )

    # Today's digest is A's, whatever town is asked for.
    today = reverse("admin:newsletter_issue_today")
    page = client.get(f"{today}?site={town_b.pk}")
    assert "to <strong>2</strong> subscribers" in page.content.decode()
    client.post(f"{today}?site={town_b.pk}", {"note": "Hello, A."})
    assert Issue.objects.get(site=town_a, kind="digest").note == "Hello, A."
    assert Issue.objects.get(pk=b_issue.pk).note == ""


def test_a_network_editor_picks_the_town_and_filters_by_town(town_a, town_b, news, make_town_staff):
    client = Client(HTTP_HOST=A_HOST)
    SubscriberFactory(site=town_b, email="reader-b@example.net")
    ArticleFactory(site=town_b, section=news, headline="Town B ferry returns")
    client.force_login(make_town_staff("ed-net", "Editors", every_site=True))

    today = reverse("admin:newsletter_issue_today")
    page = client.get(f"{today}?site={town_b.pk}").content.decode()
    assert "The Town B Loop" in page and "Town B ferry returns" in page
    client.post(f"{today}?site={town_b.pk}", {"note": "Hello, B."})
    assert Issue.objects.get(site=town_b, kind="digest").note == "Hello, B."
    preview = client.get(f"{reverse('admin:newsletter_issue_today_preview')}?site={town_b.pk}")
    assert "Hello, B." in preview.content.decode()

    listing = client.get(
        reverse("admin:newsletter_subscriber_changelist"), {"site__id__exact": town_a.pk}
    ).content.decode()
    assert "reader-b@example.net" not in listing and "The Town B Loop" in listing


def test_privacy_tools_cover_the_address_on_every_town(town_a, town_b):
    SubscriberFactory(site=town_a, email="both@example.net")
    SubscriberFactory(site=town_b, email="both@example.net")

    out = StringIO()
    call_command("personal_data", "export", "BOTH@example.net", stdout=out)
    towns = [s["town"] for s in json.loads(out.getvalue())["newsletter"]["subscriptions"]]
    assert sorted(towns) == ["The Town A Loop", "The Town B Loop"]

    call_command("personal_data", "erase", "both@example.net", "--yes", stdout=StringIO())
    assert not Subscriber.objects.exists()


def sender_queries(now) -> int:
    with CaptureQueriesContext(connection) as queries:
        Sender(now=lambda: now).run()
    return len(queries)


def test_a_minute_of_cron_costs_the_same_queries_for_two_towns_or_twenty(town_a, news, settings):
    """Cron runs the sender every minute for every town: once each town's digest has
    started, a minute costs the same whatever the number of towns."""
    settings.NEWSLETTER_SEND_AT = "00:00"
    now = timezone.now()
    for count in (2, 20):
        for n in range(Site.objects.count(), count):
            town = Site.objects.create(
                name=f"Town {n}", slug=f"town-{n}", base_url=f"https://town-{n}.example"
            )
            ArticleFactory(site=town, section=news)
            SubscriberFactory(site=town)
        Sender(now=lambda: now).run()  # starts and sends the new towns' digests
        assert Issue.objects.filter(kind="digest").exclude(status="draft").count() == count
        if count == 2:
            with_two = sender_queries(now)
    assert sender_queries(now) == with_two


def test_the_subscriber_and_issue_lists_cost_the_same_for_few_rows_or_many(
    town_a, town_b, news, make_town_staff
):
    desk = Client(HTTP_HOST=A_HOST)
    desk.force_login(make_town_staff("ed-net", "Editors", every_site=True))
    lists = [
        reverse("admin:newsletter_subscriber_changelist"),
        reverse("admin:newsletter_issue_changelist"),
    ]

    def counts() -> list[int]:
        found = []
        for url in lists:
            with CaptureQueriesContext(connection) as queries:
                assert desk.get(url).status_code == 200
            found.append(len(queries))
        return found

    def add_rows(each_town: int) -> None:
        for town in (town_a, town_b):
            for _ in range(each_town):
                SubscriberFactory(site=town)
                story = ArticleFactory(site=town, section=news)
                Issue.objects.create(site=town, kind="alert", article=story, status="sent")

    add_rows(1)
    counts()  # the first request fills the caches (sites' host map, content types)
    few = counts()
    add_rows(10)
    assert counts() == few


def test_a_towns_digest_puts_first_what_its_own_readers_read(town_a, town_b):
    from articles.trending import record_read
    from newsletter.digest import digest_content

    read_on_a, read_on_b = (
        ArticleFactory(site=town_a, headline=headline) for headline in ("Read on A", "Read on B")
    )
    for story in (read_on_a, read_on_b):
        story.shared_to.add(town_b)
    read_on_b.section = read_on_a.section
    read_on_b.save()
    record_read(article_id=read_on_a.pk, site_id=town_a.pk, amount=50)  # A's readers
    record_read(article_id=read_on_b.pk, site_id=town_b.pk, amount=5)  # B's readers

    now = timezone.now()
    on_b = digest_content(site=town_b, edition=town_today(town_b, now), now=now)
    on_a = digest_content(site=town_a, edition=town_today(town_a, now), now=now)

    [(_, stories_on_b)] = on_b.sections
    [(_, stories_on_a)] = on_a.sections
    assert [story.headline for story in stories_on_b] == ["Read on B", "Read on A"]
    assert [story.headline for story in stories_on_a] == ["Read on A", "Read on B"]
