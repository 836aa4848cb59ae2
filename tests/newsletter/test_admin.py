"""Editors preview today's digest, add a note, send an alert; subscribers' data stays
private and leaves on request."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from newsletter.privacy import subscriber_export
from newsletter.scheduling import alert_start
from tests.factories import ArticleFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("editor", "ed@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def story(db):
    return ArticleFactory(
        section=SectionFactory(name="News", slug="news"), headline="Flood warning"
    )


def test_editor_previews_todays_digest_and_adds_a_note(client, editor, story):
    SubscriberFactory.create_batch(2)
    page = client.get(reverse("admin:newsletter_issue_today"))
    html = page.content.decode()
    assert "to <strong>2</strong> subscribers" in html
    assert "Flood warning" in html  # in the subject line

    client.post(reverse("admin:newsletter_issue_today"), {"note": "Stay safe <tonight>."})

    issue = Issue.objects.get(kind="digest", edition_date=timezone.localdate())
    assert issue.note == "Stay safe <tonight>."
    preview = client.get(reverse("admin:newsletter_issue_today_preview"))
    assert "Stay safe &lt;tonight&gt;." in preview.content.decode()
    assert "Flood warning" in preview.content.decode()
    assert preview["Content-Security-Policy"].startswith("default-src 'none'")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_the_note_cannot_change_once_the_digest_went(client, editor, story):
    Issue.objects.create(kind="digest", edition_date=timezone.localdate(), status="sent")
    assert client.post(reverse("admin:newsletter_issue_today"), {"note": "late"}).status_code == 403


def test_editor_previews_then_sends_a_breaking_news_alert(client, editor, story):
    SubscriberFactory(wants_alerts=True)
    url = reverse("admin:newsletter_issue_alert")

    preview = client.post(url, {"article": story.pk, "note": "Avoid Main St."})
    assert "Breaking: Flood warning" in preview.content.decode()
    assert not Issue.objects.exists()

    sent = client.post(url, {"article": story.pk, "note": "Avoid Main St.", "confirmed": "1"})

    issue = Issue.objects.get()
    assert sent["Location"] == reverse("admin:newsletter_issue_change", args=[issue.pk])
    assert (issue.kind, issue.status, issue.created_by) == ("alert", "sending", editor)
    assert issue.deliveries.count() == 1
    again = client.post(url, {"article": story.pk, "confirmed": "1"})
    assert again.status_code == 200 and Issue.objects.count() == 1  # no second alert


def test_issue_pages_show_delivery_counts(client, editor, story):
    SubscriberFactory(wants_alerts=True)
    [issue] = alert_start(article=story)
    assert client.get(reverse("admin:newsletter_issue_changelist")).status_code == 200
    page = client.get(reverse("admin:newsletter_issue_change", args=[issue.pk])).content.decode()
    assert "Waiting to be sent: 1" in page
    assert client.get(reverse("admin:newsletter_issue_preview", args=[issue.pk])).status_code == 200


def test_nobody_can_add_a_subscriber_by_hand_or_switch_a_list_on(client, editor):
    subscriber = SubscriberFactory(wants_alerts=False)
    assert client.get(reverse("admin:newsletter_subscriber_add")).status_code == 403

    client.post(
        reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]),
        {"wants_digest": "on", "wants_alerts": "on"},
    )
    subscriber.refresh_from_db()
    assert (subscriber.wants_digest, subscriber.wants_alerts) == (True, False)


def test_writers_and_moderators_see_no_subscribers(client, db):
    for role in ("Writers", "Moderators"):
        user = get_user_model().objects.create_user(role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        assert client.get(reverse("admin:newsletter_subscriber_changelist")).status_code == 403
        assert client.get(reverse("admin:newsletter_issue_alert")).status_code == 403


def test_export_and_erase_a_subscriber(client, editor, story):
    subscriber = SubscriberFactory(email="keen@example.net", wants_alerts=True)
    alert_start(article=story)
    Delivery.objects.update(status="sent")

    data = subscriber_export(email="KEEN@example.net")
    assert data["subscriptions"][0]["issues"][0]["status"] == "sent"

    out = io.StringIO()
    call_command("personal_data", "export", "keen@example.net", stdout=out)
    assert json.loads(out.getvalue())["newsletter"]["email"] == "keen@example.net"

    url = reverse("admin:newsletter_subscriber_changelist")
    asked = client.post(url, {"action": "erase_data", "_selected_action": [subscriber.pk]})
    assert "keen@example.net" in asked.content.decode()
    client.post(
        url, {"action": "erase_data", "_selected_action": [subscriber.pk], "confirmed": "yes"}
    )
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()


def test_personal_data_covers_comments_submissions_and_subscriptions_at_once(db, story):
    from community.models import Submission
    from tests.factories import CommentFactory, SubmissionFactory

    email = "everywhere@example.net"
    CommentFactory(article=story, email=email)
    SubmissionFactory(email=email)
    SubscriberFactory(email=email)

    out = io.StringIO()
    call_command("personal_data", "export", email, stdout=out)
    assert set(json.loads(out.getvalue())) == {"email", "comments", "community", "newsletter"}

    out = io.StringIO()
    call_command("personal_data", "erase", email, "--yes", stdout=out)
    said = out.getvalue()
    assert "1 comment(s) anonymised" in said
    assert "1 community submission(s) anonymised" in said
    assert "1 newsletter subscription(s) deleted" in said
    assert not Submission.objects.filter(email=email).exists()
    assert not Subscriber.objects.filter(email=email).exists()

    with pytest.raises(Exception, match="Nothing is stored"):
        call_command("personal_data", "export", email, stdout=io.StringIO())
