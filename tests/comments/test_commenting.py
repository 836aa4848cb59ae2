"""The commenter's side of issue 3, through the test client: trust, limits, staff,
saved details, notifications, reports, closing and cache headers."""

import re
import socket
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommenterEmail
from comments.services import comment_approve
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", kwargs={"article_id": article.pk})


def post(client, article, comment_data, **fields):
    return client.post(post_url(article), comment_data(article, **fields))


def last_comment():
    return Comment.objects.order_by("-pk").first()


def link_in(message, name):
    return re.search(rf"https?://\S+/comments/{name}/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


# Trust without impersonation


def test_a_commenter_becomes_trusted_only_after_confirming_from_their_browser(
    committed, client, story, comment_data
):
    committed(post, client, story, comment_data, text="My first comment.")
    first = last_comment()
    assert (first.status, first.decided_by) == ("pending", "first_comment")
    [confirmation] = [m for m in mail.outbox if "Confirm your email" in m.subject]
    assert confirmation.to == ["rosa.diaz@example.net"]
    committed(comment_approve, comment=first)

    committed(post, client, story, comment_data, text="A second thought, before confirming.")
    assert (last_comment().status, last_comment().decided_by) == ("pending", "unconfirmed_email")

    response = client.get(path_of(link_in(confirmation, "confirm")))
    assert response.status_code == 200
    assert "Your email address is confirmed" in response.content.decode()
    assert CommenterEmail.objects.get(email="rosa.diaz@example.net").confirmed_at

    committed(post, client, story, comment_data, text="Now I am a regular here.")
    trusted = last_comment()
    assert (trusted.status, trusted.decided_by) == ("approved", "trusted")
    assert "Now I am a regular here." in client.get(story.get_absolute_url()).content.decode()


def test_typing_a_trusted_address_from_another_browser_is_held_like_a_first_comment(
    committed, client, story, comment_data, django_user_model
):
    committed(post, client, story, comment_data, text="Mine.")
    committed(comment_approve, comment=last_comment())
    client.get(path_of(link_in(mail.outbox[0], "confirm")))

    impostor = type(client)()
    committed(post, impostor, story, comment_data, text="Pretending to be Rosa.")

    assert (last_comment().status, last_comment().decided_by) == ("pending", "unconfirmed_email")


def test_confirmation_email_goes_at_most_once_a_day(committed, client, story, comment_data):
    committed(post, client, story, comment_data, text="One.")
    committed(post, client, story, comment_data, text="Two.")
    assert len([m for m in mail.outbox if "Confirm your email" in m.subject]) == 1


def test_forged_confirmation_link_confirms_nothing(client):
    response = client.get(reverse("comments:confirm-email", kwargs={"token": "forged"}))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not CommenterEmail.objects.filter(confirmed_at__isnull=False).exists()


# Limits


def test_sixth_comment_in_ten_minutes_from_one_ip_gets_429_with_the_text_kept(
    client, story, comment_data
):
    for n in range(5):
        post(client, story, comment_data, email=f"n{n}@example.org", text=f"Comment {n}")
    response = post(client, story, comment_data, email="n6@example.org", text="Sixth one")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a few minutes" in html and "Sixth one" in html
    assert Comment.objects.count() == 5


def test_rate_limit_also_counts_per_email_across_addresses(client, story, comment_data):
    for n in range(5):
        client.post(post_url(story), comment_data(story, text=f"C{n}"), REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(
        post_url(story),
        comment_data(story, email="ROSA.DIAZ@example.net", text="Again"),
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 429


def test_old_comments_do_not_count_towards_the_limit(client, story, comment_data):
    for _ in range(5):
        CommentFactory(
            article=story,
            ip_address="127.0.0.1",
            created_at=timezone.now() - timedelta(minutes=11),
        )
    assert post(client, story, comment_data).status_code == 302


# Staff


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user(
        "desk", "desk@thelocalloop.example", "pw", is_staff=True, first_name="Desk"
    )
    AuthorFactory(name="Dana Whitfield", user=user)
    client.force_login(user)
    return client


def test_staff_comment_is_published_at_once_with_a_badge_and_byline_name(
    staff_client, story, comment_data
):
    page = staff_client.get(story.get_absolute_url()).content.decode()
    assert "Commenting as <strong>Dana Whitfield</strong>" in page
    reply_form = page.split('class="comment-form"')[1].split("</form>")[0]
    assert 'name="email"' not in reply_form

    response = staff_client.post(
        post_url(story),
        {
            "text": "Editor's note: the meeting moved to 7 p.m.",
            "token": comment_data(story)["token"],
        },
    )

    assert response.status_code == 302
    comment = last_comment()
    assert (comment.status, comment.decided_by, comment.name) == (
        "approved",
        "staff",
        "Dana Whitfield",
    )
    assert comment.email == "desk@thelocalloop.example"
    staff_client.logout()
    html = staff_client.get(story.get_absolute_url()).content.decode()
    assert '<span class="badge">Staff</span>' in html
    assert "Dana Whitfield" in html


# The commenter's own browser


def test_saved_details_fill_the_form_next_time_and_unticking_forgets_them(
    client, story, comment_data
):
    post(client, story, comment_data, save_details="on", website="https://rosa.example")
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'value="Rosa Diaz"' in html
    assert 'value="rosa.diaz@example.net"' in html
    assert 'value="https://rosa.example"' in html
    assert 'name="save_details" id="id_save_details" checked' in html

    post(client, story, comment_data, text="Without saving this time.")
    assert client.cookies["comments_author"].value == ""
    assert 'value="Rosa Diaz"' not in client.get(story.get_absolute_url()).content.decode()


def test_details_are_not_saved_unless_asked(client, story, comment_data):
    first_visit = client.get(story.get_absolute_url()).content.decode()
    assert '<input type="checkbox" name="save_details" id="id_save_details">' in first_visit
    assert '<input type="checkbox" name="notify" id="id_notify">' in first_visit

    post(client, story, comment_data)

    html = client.get(story.get_absolute_url()).content.decode()
    assert 'value="Rosa Diaz"' not in html
    assert '<input type="checkbox" name="save_details" id="id_save_details">' in html


def test_pages_for_readers_with_comment_cookies_are_private(client, story, comment_data):
    assert client.get(story.get_absolute_url())["Cache-Control"] == (
        "public, max-age=60, stale-while-revalidate=300"
    )
    post(client, story, comment_data)
    assert client.get(story.get_absolute_url())["Cache-Control"] == "private, no-store"
    assert client.get("/")["Cache-Control"] == "private, no-store"


def test_staff_pages_are_private(staff_client, story):
    assert staff_client.get(story.get_absolute_url())["Cache-Control"] == "private, no-store"


# Notifications


def test_commenter_who_asked_is_emailed_once_when_approved_and_can_unsubscribe(
    committed, client, story, comment_data
):
    committed(post, client, story, comment_data, notify="on")
    comment = last_comment()
    mail.outbox.clear()

    committed(comment_approve, comment=comment)

    [message] = mail.outbox
    assert message.to == ["rosa.diaz@example.net"]
    assert "is published" in message.subject
    unsubscribe = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    response = type(client)().get(path_of(unsubscribe))
    assert "You are unsubscribed" in response.content.decode()
    comment.refresh_from_db()
    assert comment.notify is False


def test_reply_is_emailed_to_the_parent_author_who_asked(committed, client, story, comment_data):
    parent = CommentFactory(article=story, email="ann@example.org", notify=True, name="Ann")
    committed(post, client, story, comment_data, parent=parent.pk, text="Good point, Ann.")
    mail.outbox.clear()

    committed(comment_approve, comment=last_comment())

    [message] = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert "Rosa Diaz replied" in message.subject
    assert "Good point, Ann." in message.body
    assert "rosa.diaz@example.net" not in message.body


def test_nobody_is_emailed_who_did_not_ask(committed, client, story, comment_data):
    parent = CommentFactory(article=story, email="ann@example.org", notify=False)
    committed(post, client, story, comment_data, parent=parent.pk)
    mail.outbox.clear()

    committed(comment_approve, comment=last_comment())

    assert mail.outbox == []


def test_one_click_unsubscribe_by_post_works_without_a_token_or_login(client, story):
    from comments.notifications import unsubscribe_token

    comment = CommentFactory(article=story, notify=True)
    url = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(comment.pk)})
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    comment.refresh_from_db()
    assert comment.notify is False


def test_moderators_are_each_emailed_once_about_a_held_comment(
    committed, client, story, comment_data, settings
):
    moderators = Group.objects.get(name="Moderators")
    for name in ("mod1", "mod2"):
        user = get_user_model().objects.create_user(name, f"{name}@thelocalloop.example", "pw")
        user.groups.add(moderators)
    mail.outbox.clear()

    committed(post, client, story, comment_data, text="Please look at this.")

    alerts = [m for m in mail.outbox if "waiting for moderation" in m.subject]
    assert sorted(m.to[0] for m in alerts) == [
        "mod1@thelocalloop.example",
        "mod2@thelocalloop.example",
    ]
    comment = last_comment()
    assert f"/admin/comments/comment/{comment.pk}/change/" in alerts[0].body
    assert "First comment from this email address" in alerts[0].body

    settings.COMMENTS_NOTIFY_MODERATORS = False
    mail.outbox.clear()
    committed(post, client, story, comment_data, email="other@example.org", text="Another.")
    assert not [m for m in mail.outbox if "waiting for moderation" in m.subject]


# Reports


def report(client, comment, comment_data, reason="abuse", **extra):
    url = reverse("comments:report", kwargs={"comment_id": comment.pk})
    return client.post(
        url, {"reason": reason, "token": comment_data(comment.article)["token"]}, **extra
    )


def test_reports_from_three_readers_send_a_comment_back_to_moderation(client, story, comment_data):
    comment = CommentFactory(article=story, text="Something nasty")
    for n in range(2):
        assert (
            report(client, comment, comment_data, REMOTE_ADDR=f"198.51.100.{n}").status_code == 200
        )
        comment.refresh_from_db()
        assert comment.status == "approved"
    # The same reader again does not count twice.
    report(client, comment, comment_data, REMOTE_ADDR="198.51.100.1")
    comment.refresh_from_db()
    assert comment.status == "approved"

    response = report(client, comment, comment_data, reason="spam", REMOTE_ADDR="198.51.100.9")

    assert "Thank you for your report" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == ("pending", "reader_reports")
    assert sorted(comment.reports.values_list("reason", flat=True)) == ["abuse", "abuse", "spam"]
    assert "Something nasty" not in type(client)().get(story.get_absolute_url()).content.decode()


def test_one_address_rotating_its_browser_cannot_send_a_comment_back(
    client, story, comment_data, committed
):
    comment = CommentFactory(article=story, text="A fair point, plainly made")
    for n in range(10):
        report(
            client,
            comment,
            comment_data,
            REMOTE_ADDR="198.51.100.77",
            HTTP_USER_AGENT=f"Mozilla/5.0 build/{n}",
        )

    comment.refresh_from_db()
    assert comment.status == "approved"
    # Kept for the moderator, but bounded: a few readers per address, not one per header.
    assert comment.reports.count() == settings_value("READERS_PER_ADDRESS")


def test_an_ipv6_household_counts_as_one_address(client, story, comment_data):
    comment = CommentFactory(article=story)
    for n in range(1, 6):
        report(client, comment, comment_data, REMOTE_ADDR=f"2001:db8:5:6::{n}")
    comment.refresh_from_db()
    assert comment.status == "approved"


def test_a_comment_approved_after_reports_needs_as_many_new_addresses_to_be_held_again(
    client, story, comment_data, committed
):
    from comments.services import comment_approve

    comment = CommentFactory(article=story, text="Disputed but fine")
    for n in range(3):
        report(client, comment, comment_data, REMOTE_ADDR=f"198.51.100.{n}")
    comment.refresh_from_db()
    assert comment.status == "pending"
    committed(comment_approve, comment=comment)  # a moderator read it and kept it

    # The same three addresses again, in other browsers: they have been heard.
    for n in range(3):
        report(client, comment, comment_data, REMOTE_ADDR=f"198.51.100.{n}", HTTP_USER_AGENT="x")
    comment.refresh_from_db()
    assert comment.status == "approved"
    # New readers: two are not enough...
    for n in range(10, 12):
        report(client, comment, comment_data, REMOTE_ADDR=f"198.51.100.{n}")
    comment.refresh_from_db()
    assert comment.status == "approved"
    # ...the full number is.
    report(client, comment, comment_data, REMOTE_ADDR="198.51.100.12")
    comment.refresh_from_db()
    assert (comment.status, comment.decided_by) == ("pending", "reader_reports")
    assert comment.reports.filter(reviewed_at__isnull=False).count() == 3


def settings_value(name: str):
    from django.conf import settings

    return getattr(settings, name)


def test_report_page_offers_the_reasons_and_needs_one(client, story, comment_data):
    comment = CommentFactory(article=story)
    url = reverse("comments:report", kwargs={"comment_id": comment.pk})
    page = client.get(url).content.decode()
    assert "Abusive or hateful" in page and "Spam or advertising" in page
    assert f'href="{url}"' in client.get(story.get_absolute_url()).content.decode()

    response = client.post(url, {"token": comment_data(story)["token"]})
    assert response.status_code == 400
    assert "Please choose a reason." in response.content.decode()


def test_only_published_comments_can_be_reported(client, story, comment_data):
    held = CommentFactory(article=story, status="pending")
    assert report(client, held, comment_data).status_code == 404


def test_report_from_another_site_is_refused(client, story, comment_data):
    comment = CommentFactory(article=story)
    response = report(client, comment, comment_data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403  # as for a comment sent from another site
    assert "sent from another website" in response.content.decode()
    assert comment.reports.count() == 0


def test_report_with_the_honeypot_filled_is_thanked_and_not_counted(client, story, comment_data):
    comment = CommentFactory(article=story)
    response = client.post(
        reverse("comments:report", kwargs={"comment_id": comment.pk}),
        {
            "reason": "abuse",
            "token": comment_data(story)["token"],
            "homepage": "https://spam.example",
        },
    )
    assert response.status_code == 200
    assert "Thank you for your report" in response.content.decode()
    assert comment.reports.count() == 0


# Closing


def test_comments_close_by_themselves_after_thirty_days(client, comment_data, settings):
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=31))
    CommentFactory(article=old, text="From back then")

    html = client.get(old.get_absolute_url()).content.decode()
    assert "Comments are closed." in html and "Leave a Reply" not in html
    assert "From back then" in html and "?replyto=" not in html

    response = post(client, old, comment_data, text="A late thought")
    assert response.status_code == 400
    assert "Comments are closed on this story." in response.content.decode()
    assert "A late thought" in response.content.decode()

    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    cache.clear()  # a changed setting reaches cached pages when they expire
    assert "Leave a Reply" in client.get(old.get_absolute_url()).content.decode()


# An outside spam service that is down


def test_comment_is_held_never_lost_when_the_spam_service_is_unreachable(
    client, story, comment_data, settings
):
    from comments.trust import confirmation_token

    # A trusted commenter: an approved comment, and the address confirmed from this browser.
    CommentFactory(article=story, email="rosa.diaz@example.net")
    client.get(
        reverse(
            "comments:confirm-email", kwargs={"token": confirmation_token("rosa.diaz@example.net")}
        )
    )
    post(client, story, comment_data, text="Trusted and published.")
    assert last_comment().status == "approved"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the socket is closed
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{port}"
    settings.AKISMET_TIMEOUT_SECONDS = 1

    response = post(client, story, comment_data, text="Still here?")

    assert response.status_code == 302
    comment = last_comment()
    assert comment.text == "Still here?"
    assert (comment.status, comment.decided_by) == ("pending", "spam_service_unavailable")
