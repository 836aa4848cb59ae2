"""Subscribing with double opt-in from the box on every page, and leaving in one click."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from newsletter.models import Delivery, Issue, Subscriber
from newsletter.tokens import unsubscribe_token
from tests.factories import ArticleFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def post(client, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return post


def link_in(message, kind) -> str:
    return re.search(rf"http://\S+/newsletter/{kind}/\S+/", message.body).group(0)


@pytest.mark.parametrize("url", ["/", "/events/", "/community/submit/", "/no-such-page/"])
def test_every_page_has_the_subscribe_box_and_stays_the_same_for_every_reader(client, url):
    ArticleFactory()
    first = client.get(url)
    second = type(client)().get(url)

    html = first.content.decode()
    assert 'id="subscribe"' in html and 'action="/newsletter/subscribe/"' in html
    assert 'name="digest"' in html and 'name="alerts"' in html
    assert first.content == second.content


def test_the_newsletter_page_is_the_form_once(client):
    html = client.get("/newsletter/").content.decode()
    assert html.count('action="/newsletter/subscribe/"') == 1
    assert 'name="alerts"' in html


def test_subscribing_asks_for_confirmation_by_email(client, subscribe_data, on_commit):
    response = on_commit(client, SUBSCRIBE, subscribe_data(alerts="on"))

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.signup_ip == "127.0.0.1"
    assert mail.outbox[0].to == ["reader@example.net"]
    assert "for the daily digest and breaking-news alerts" in mail.outbox[0].body


def test_the_link_asks_and_the_button_subscribes_to_what_was_chosen(
    client, subscribe_data, on_commit
):
    on_commit(client, SUBSCRIBE, subscribe_data(digest=None, alerts="on"))
    link = link_in(mail.outbox[0], "confirm")

    assert "Confirm my subscription" in client.get(link).content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    client.post(link)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert (subscriber.wants_digest, subscriber.wants_alerts) == (False, True)
    assert subscriber.signup_ip is None and subscriber.confirmed_at


def test_the_script_gets_json_and_the_same_answer_for_a_known_address(
    client, subscribe_data, on_commit
):
    SubscriberFactory(email="reader@example.net")
    response = on_commit(
        client,
        SUBSCRIBE,
        subscribe_data(email="Reader@Example.net"),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert "we have emailed you a link" in response.json()["message"]
    assert Subscriber.objects.count() == 1
    assert "Confirm your newsletter choices" in mail.outbox[0].subject


def test_one_confirmation_email_per_address_in_ten_minutes(client, subscribe_data, on_commit):
    for _ in range(3):
        on_commit(client, SUBSCRIBE, subscribe_data())
    assert len(mail.outbox) == 1


def test_choosing_nothing_is_explained_and_the_address_kept(client, subscribe_data):
    response = client.post(SUBSCRIBE, subscribe_data(digest=None))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose the daily digest, breaking-news alerts, or both." in html
    assert 'value="reader@example.net"' in html

    as_json = client.post(
        SUBSCRIBE, subscribe_data(email="nope"), HTTP_ACCEPT="application/json"
    ).json()
    assert as_json["ok"] is False and "email" in as_json["errors"]


def test_bots_get_the_ordinary_answer_and_nobody_is_emailed(client, subscribe_data, on_commit):
    response = on_commit(client, SUBSCRIBE, subscribe_data(homepage="x"))
    assert response.status_code == 302
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_a_post_from_another_site_is_refused(client, subscribe_data):
    response = client.post(SUBSCRIBE, subscribe_data(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_signing_up_many_strangers_from_one_address_is_stopped(
    client, subscribe_data, settings, on_commit
):
    settings.NEWSLETTER_RATE_LIMIT = 3
    for n in range(3):
        on_commit(client, SUBSCRIBE, subscribe_data(email=f"victim{n}@example.net"))

    response = on_commit(client, SUBSCRIBE, subscribe_data(email="victim9@example.net"))

    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_unconfirmed_addresses_are_forgotten_after_a_week(client, subscribe_data):
    old = SubscriberFactory(
        status=Subscriber.Status.PENDING,
        confirmed_at=None,
        created_at=timezone.now() - timedelta(days=8),
    )
    client.post(SUBSCRIBE, subscribe_data())
    assert not Subscriber.objects.filter(pk=old.pk).exists()


def test_a_forged_confirmation_link_does_not_work(client):
    assert client.get("/newsletter/confirm/forged/").status_code == 400


# Leaving


@pytest.fixture
def both():
    return SubscriberFactory(email="leaving@example.net", wants_alerts=True)


def test_the_unsubscribe_link_asks_once_and_never_shows_the_address(client, both):
    url = f"/newsletter/unsubscribe/{unsubscribe_token(both.pk, 'digest')}/"
    html = client.get(url).content.decode()

    assert "Stop the daily digest for le…@example.net?" in html
    assert "leaving@example.net" not in html
    both.refresh_from_db()
    assert both.wants_digest  # a link checker's GET changes nothing


def test_one_click_from_the_mail_app_stops_that_list_at_once(client, both):
    issue = Issue.objects.create(
        kind=Issue.Kind.DIGEST, edition_date=timezone.localdate(), status="sending"
    )
    queued = Delivery.objects.create(issue=issue, subscriber=both)
    url = f"/newsletter/unsubscribe/{unsubscribe_token(both.pk, 'digest')}/"

    # RFC 8058: the mail app POSTs this body, from its own servers, with no cookies.
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    both.refresh_from_db()
    assert (both.wants_digest, both.wants_alerts, both.status) == (False, True, "active")
    queued.refresh_from_db()
    assert queued.status == Delivery.Status.SKIPPED
    assert "You still get breaking-news alerts." in response.content.decode()


def test_stopping_everything_unsubscribes_the_address(client, both):
    url = f"/newsletter/unsubscribe/{unsubscribe_token(both.pk, 'alert')}/"
    client.post(url, {"everything": "1"})
    both.refresh_from_db()
    assert both.status == Subscriber.Status.UNSUBSCRIBED
    assert not (both.wants_digest or both.wants_alerts)


def test_a_forged_unsubscribe_link_does_not_work(client, both):
    token = unsubscribe_token(both.pk, "digest")[:-2] + "xx"
    assert client.post(f"/newsletter/unsubscribe/{token}/").status_code == 400
    both.refresh_from_db()
    assert both.wants_digest


def test_known_subscribers_count_towards_the_limit_too(client, subscribe_data, settings, on_commit):
    settings.NEWSLETTER_RATE_LIMIT = 2
    for n in range(3):
        SubscriberFactory(email=f"known{n}@example.net")
    for n in range(2):
        on_commit(client, SUBSCRIBE, subscribe_data(email=f"known{n}@example.net"))

    response = on_commit(client, SUBSCRIBE, subscribe_data(email="known2@example.net"))

    assert response.status_code == 429
    assert len(mail.outbox) == 2


def test_a_mail_server_that_is_down_does_not_turn_the_answer_into_an_error(
    client, subscribe_data, on_commit, settings
):
    from tools.servers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    response = on_commit(client, SUBSCRIBE, subscribe_data())
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="reader@example.net").exists()
