"""`send_newsletter` against a real SMTP server on loopback: everyone gets an issue once,
however the server or the sender misbehaves."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from network.models import Site
from newsletter.mail import IssueMail
from newsletter.models import Delivery, Issue, Subscriber
from newsletter.scheduling import alert_start, start_due_digest
from newsletter.sending import STALE_AFTER, Sender
from tests.factories import ArticleFactory, SectionFactory, SubscriberFactory
from tests.newsletter.smtp_server import SmtpServer
from tools.servers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SmtpServer(free_port()).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 10
    # Due from this minute until the same minute tomorrow: a "later" run a few minutes on
    # must not start tomorrow's digest when a test runs across the newsroom's midnight.
    settings.NEWSLETTER_SEND_AT = timezone.localtime().strftime("%H:%M")
    yield server.mailbox
    server.stop()


@pytest.fixture
def news(db):
    section = SectionFactory(name="News", slug="news")
    return [ArticleFactory(section=section, headline=f"Council story {n}") for n in range(3)]


@pytest.fixture
def readers(db):
    return [SubscriberFactory(email=f"reader{n}@example.net") for n in range(5)]


def later(minutes: float):
    moment = timezone.now() + timedelta(minutes=minutes)
    return lambda: moment


def deliveries():
    return dict(Delivery.objects.values_list("subscriber__email", "status"))


def assert_each_received_once(mailbox, subscribers):
    for subscriber in subscribers:
        assert len(mailbox.received(subscriber.email)) == 1, subscriber.email


def test_todays_digest_reaches_each_subscriber_once(smtp, news, readers):
    SubscriberFactory(email="alerts.only@example.net", wants_digest=False, wants_alerts=True)
    SubscriberFactory(email="left@example.net", status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(email="unconfirmed@example.net", status=Subscriber.Status.PENDING)

    report = Sender().run()

    assert report.sent == 5
    assert smtp.count() == 5
    assert_each_received_once(smtp, readers)
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SENT and issue.finished_at
    assert set(deliveries().values()) == {Delivery.Status.SENT}

    assert Sender().run().sent == 0  # every minute from cron: nothing more today
    assert smtp.count() == 5


def test_each_copy_has_both_parts_and_its_own_one_click_unsubscribe(smtp, news, readers, client):
    Sender().run()
    first, second = (smtp.received(r.email)[0] for r in readers[:2])

    assert first["Subject"].startswith("The Local Loop, ")
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = first["List-Unsubscribe"].strip().strip("<>")
    assert url != second["List-Unsubscribe"].strip().strip("<>")
    text = first.get_body(("plain",)).get_content()
    html = first.get_body(("html",)).get_content()
    assert url in text and url in html
    assert "Council story 0" in text and "Council story 0" in html
    assert first["Message-ID"].startswith(f"<issue-{Issue.objects.get().pk}.")
    assert IssueMail(Issue.objects.get()).template is not None  # copies made from one build

    response = client.post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.get(email=readers[0].email).wants_digest


def test_a_temporary_refusal_is_retried_later_and_arrives_once(smtp, news, readers):
    busy = readers[2].email
    smtp.refuse[busy] = "450 Mailbox busy, try later"

    first = Sender().run()

    assert (first.sent, first.retrying) == (4, 1)
    delivery = Delivery.objects.get(subscriber=readers[2])
    assert delivery.status == Delivery.Status.QUEUED and delivery.attempts == 1
    assert delivery.last_error.startswith("450")
    assert Issue.objects.get().status == Issue.Status.SENDING

    assert Sender().run().sent == 0  # not before its time
    del smtp.refuse[busy]
    assert Sender(now=later(2)).run().sent == 1

    assert_each_received_once(smtp, readers)
    assert Issue.objects.get().status == Issue.Status.SENT


def test_a_permanent_refusal_marks_the_address_and_it_is_not_tried_again(smtp, news, readers):
    gone = readers[1]
    smtp.refuse[gone.email] = "550 5.1.1 No such user here"

    report = Sender().run()

    assert (report.sent, report.failed) == (4, 1)
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.BOUNCED
    assert gone.bounce_reason.startswith("550 5.1.1 No such user")
    assert Delivery.objects.get(subscriber=gone).status == Delivery.Status.FAILED
    assert Issue.objects.get().status == Issue.Status.SENT

    Subscriber.objects.filter(pk=gone.pk).update(wants_alerts=True)
    alert_start(article=news[0])
    assert not Delivery.objects.filter(subscriber=gone, issue__kind="alert").exists()


def test_a_server_that_drops_the_connection_mid_message_loses_nobody(smtp, news, readers):
    smtp.drop.add(readers[1].email)

    first = Sender().run()

    assert (first.sent, first.retrying) == (4, 1)  # the rest went on a fresh connection
    assert smtp.received(readers[1].email) == []
    assert Sender(now=later(2)).run().sent == 1
    assert_each_received_once(smtp, readers)


def test_an_smtp_outage_stops_the_run_and_the_next_one_sends_everything(
    smtp, news, readers, settings
):
    down = free_port()
    settings.EMAIL_PORT = down

    with pytest.raises(CommandError, match="cannot reach the mail server"):
        call_command("send_newsletter")

    assert set(deliveries().values()) == {Delivery.Status.QUEUED}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {0}
    back = SmtpServer(down).start()
    try:
        call_command("send_newsletter")
        assert_each_received_once(back.mailbox, readers)
    finally:
        back.stop()


class Crash(BaseException):
    """The process dies: nothing in the sender catches this."""


def crashing_after(sends: int):
    """A mail connection whose process dies right after the server accepted a message,
    before the sender could write down that it went."""
    from django.core.mail import get_connection

    count = {"n": 0}

    def factory(**kwargs):
        backend = get_connection(**kwargs)
        open_connection = backend.open

        def open_and_watch():
            opened = open_connection()
            sendmail = backend.connection.sendmail

            def send_then_maybe_die(*args, **kwargs):
                answer = sendmail(*args, **kwargs)
                count["n"] += 1
                if count["n"] == sends:
                    raise Crash
                return answer

            backend.connection.sendmail = send_then_maybe_die
            return opened

        backend.open = open_and_watch
        return backend

    return factory


def test_a_crash_mid_send_resumes_later_and_nobody_gets_it_twice(smtp, news, readers):
    with pytest.raises(Crash):
        Sender(connection_factory=crashing_after(3)).run()

    assert smtp.count() == 3
    states = deliveries()
    assert states[readers[2].email] == Delivery.Status.SENDING  # fate unknown to us
    assert list(states.values()).count(Delivery.Status.CLAIMED) == 2

    assert Sender(now=later(1)).run().sent == 0  # the stopped run may still be alive

    resumed = Sender(now=later(STALE_AFTER.total_seconds() / 60 + 1)).run()

    assert (resumed.sent, resumed.uncertain, resumed.requeued) == (2, 1, 2)
    assert_each_received_once(smtp, readers)
    assert Delivery.objects.get(subscriber=readers[2]).status == Delivery.Status.UNCERTAIN
    assert Issue.objects.get().status == Issue.Status.SENT


def test_two_senders_never_hold_the_same_recipient(news, readers, settings):
    settings.NEWSLETTER_SEND_AT = "00:00"
    issue = start_due_digest(timezone.now(), site=Site.objects.default())
    one, two = Sender(batch_size=3), Sender(batch_size=3)

    first, second = one.claim(issue), two.claim(issue)

    assert len(first) == 3 and len(second) == 2
    assert not {row[0] for row in first} & {row[0] for row in second}


def test_a_sender_that_lost_its_claim_stops_instead_of_doubling(news, readers, settings):
    settings.NEWSLETTER_SEND_AT = "00:00"
    issue = start_due_digest(timezone.now(), site=Site.objects.default())
    slow = Sender()
    batch = slow.claim(issue)

    Sender(now=later(10)).recover_stale()  # a later run decided the slow one had died

    assert not slow.mark_sending(batch[0][0])
    Sender(now=later(10)).claim(issue)  # and another run took the rows over
    assert not Delivery.objects.filter(claimed_by=slow.run_id).exists()


def test_someone_who_unsubscribes_before_their_turn_is_skipped(smtp, news, readers, settings):
    issue = start_due_digest(timezone.now(), site=Site.objects.default())
    Subscriber.objects.filter(pk=readers[0].pk).update(wants_digest=False)

    report = Sender().run()

    assert (report.sent, report.skipped) == (4, 1)
    assert smtp.received(readers[0].email) == []
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT


def test_a_breaking_news_alert_goes_to_those_who_asked_for_alerts_once(smtp, news, readers):
    Issue.objects.create(kind="digest", edition_date=timezone.localdate(), status="sent")
    fans = [SubscriberFactory(wants_digest=False, wants_alerts=True) for _ in range(2)]

    alert_start(article=news[0], note="Road closures all afternoon.")
    with pytest.raises(IntegrityError):
        alert_start(article=news[0])
    Sender().run()

    assert smtp.count() == 2
    message = smtp.received(fans[0].email)[0]
    assert message["Subject"] == "Breaking: Council story 0"
    assert "Road closures all afternoon." in message.get_body(("plain",)).get_content()
    assert "/newsletter/unsubscribe/" in message["List-Unsubscribe"]


def test_the_command_says_what_it_did(smtp, news, readers):
    from io import StringIO

    out = StringIO()
    call_command("send_newsletter", stdout=out)
    said = out.getvalue()
    assert "Started: Daily digest" in said
    assert "5 sent." in said
    assert "Finished: Daily digest" in said

    out = StringIO()
    call_command("send_newsletter", stdout=out)
    assert out.getvalue() == ""  # nothing due: nothing to say (cron mails only news)


def test_addresses_and_issues_the_fast_path_cannot_take_are_sent_the_ordinary_way(
    smtp, news, readers
):
    idn = SubscriberFactory(email="leser@bücher.example")
    Issue.objects.create(
        kind="digest",
        edition_date=timezone.localdate(),
        note="Läuft! " + "x" * 1200,  # one line too long for 8bit: the body is re-encoded
    )

    Sender().run()

    assert IssueMail(Issue.objects.get()).template is None
    assert smtp.count() == 6
    for subscriber in [*readers, idn]:
        (message,) = [
            m
            for m in smtp.messages
            if subscriber.pk == int(m["Message-ID"].split(".")[1].split("@")[0])
        ]
        url = message["List-Unsubscribe"].strip().strip("<>")
        assert url in message.get_body(("plain",)).get_content()
        assert "Läuft!" in message.get_body(("html",)).get_content()


def test_two_towns_each_subscriber_gets_their_towns_digest_once(smtp, news, readers):
    # Town B keeps the default town's clock, so the fixture's "due from this minute" holds
    # for both (tests/newsletter/test_towns.py covers towns on other clocks).
    riverside = Site.objects.create(
        name="The Riverside Loop",
        slug="riverside",
        base_url="https://riverside.example",
        time_zone=Site.objects.default().time_zone,
    )
    ArticleFactory(site=riverside, section=news[0].section, headline="Ferry returns")
    neighbours = [SubscriberFactory(site=riverside, email=f"b{n}@example.net") for n in range(3)]
    both = SubscriberFactory(site=riverside, email=readers[0].email)
    smtp.refuse[neighbours[1].email] = "450 Mailbox busy, try later"

    first = Sender(batch_size=2).run()

    assert (first.sent, first.retrying) == (8, 1)
    assert Issue.objects.filter(kind="digest").count() == 2
    del smtp.refuse[neighbours[1].email]
    assert Sender(now=later(2)).run().sent == 1
    assert Sender(now=later(30)).run().sent == 0

    assert_each_received_once(smtp, [*readers[1:], *neighbours])
    subjects = sorted(m["Subject"].split(",")[0] for m in smtp.received(both.email))
    assert subjects == ["The Local Loop", "The Riverside Loop"]
    (ferry,) = [
        m for m in smtp.messages if "Ferry returns" in m["Subject"] and m["To"] == "b0@example.net"
    ]
    text = ferry.get_body(("plain",)).get_content()
    assert "https://riverside.example/" in text and "Council story" not in text
    assert ferry["From"].startswith("The Riverside Loop <")
    assert set(deliveries().values()) == {Delivery.Status.SENT}
