"""Editors publish or decline what neighbours sent; the sender hears either way, and the
story carries a contributor's credit that is no staff page and never their email."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from articles.models import Article
from articles.publishing import article_publish
from community.models import Submission
from community.services import submission_confirm, submission_decline, submission_publish
from tests.factories import AuthorFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

SECRET = "ana.private@example.org"


@pytest.fixture
def waiting(community):
    submission = SubmissionFactory(headline="Bake sale for the library", email=SECRET)
    return submission_confirm(submission=submission)


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_publishing_marks_the_submission_and_emails_the_sender_the_link(waiting, committed):
    assert committed(submission_publish, submission=waiting)

    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.PUBLISHED
    assert waiting.article.is_public
    assert waiting.ip_address is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [SECRET]
    assert waiting.article.get_absolute_url() in mail.outbox[0].body


def test_publishing_from_the_story_admin_does_the_same(waiting, committed):
    committed(article_publish, article=waiting.article)
    committed(article_publish, article=waiting.article)  # again: nothing more

    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.PUBLISHED
    assert len(mail.outbox) == 1


def test_declining_deletes_the_draft_and_emails_the_reason(waiting, committed):
    story_id = waiting.article_id
    assert committed(submission_decline, submission=waiting, reason="We covered this last week.")

    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.DECLINED
    assert not Article.objects.filter(pk=story_id).exists()
    assert "We covered this last week." in mail.outbox[0].body
    assert not submission_decline(submission=waiting, reason="again")


def test_a_published_submission_cannot_be_declined(waiting):
    submission_publish(submission=waiting)
    waiting.refresh_from_db()
    assert not submission_decline(submission=waiting, reason="Too late")
    assert Article.objects.get(pk=waiting.article_id).is_public


def test_the_story_credits_the_contributor_without_a_staff_page_or_email(client, waiting):
    # Even a staff byline left on the draft gives way to the contributor's credit.
    staff = AuthorFactory(name="Dana Staffer", email="dana@thelocalloop.example")
    waiting.article.bylines.create(author=staff)
    submission_publish(submission=waiting)
    story = Article.objects.get(pk=waiting.article_id)

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Community contributor: Ana Ruiz" in html
    assert "/author/" not in html.split('<main id="main"')[1].split("</article>")[0]
    assert "Dana Staffer" not in html
    assert SECRET not in html and SECRET.replace("@", "&#64;") not in html
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["author"] == [{"@type": "Person", "name": "Ana Ruiz"}]
    for url in [story.section.get_absolute_url(), "/", "/feed/", "/feed/atom/", "/events/"]:
        page = client.get(url).content.decode()
        assert SECRET not in page, url
    assert "Community contributor: Ana Ruiz" in client.get("/feed/").content.decode()


def test_admin_front_page_counts_the_waiting_submissions(client, editor, waiting):
    SubmissionFactory()  # unconfirmed: not the editors' business yet

    html = client.get(reverse("admin:index")).content.decode()

    assert "<strong>1</strong> submission waiting for an editor" in html


def test_editor_opens_the_queue_and_publishes_from_the_submission_page(client, editor, waiting):
    listing = client.get(reverse("admin:community_submission_changelist"))
    assert "Bake sale for the library" in listing.content.decode()

    page = client.get(reverse("admin:community_submission_change", args=[waiting.pk]))
    html = page.content.decode()
    assert SECRET in html  # editors see the address
    assert "Publish now" in html and "Edit the story draft" in html

    response = client.post(reverse("admin:community_submission_publish", args=[waiting.pk]))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.PUBLISHED
    assert waiting.decided_by == editor


def test_editor_declines_with_a_reason_from_the_list(client, editor, waiting):
    response = client.post(
        reverse("admin:community_submission_changelist"),
        {"action": "decline", "_selected_action": [waiting.pk]},
    )
    decline_url = response["Location"]
    form = client.get(decline_url)
    assert "Bake sale for the library" in form.content.decode()

    empty = client.post(decline_url, {"reason": ""})
    assert empty.status_code == 200  # the reason is required
    client.post(decline_url, {"reason": "Not local enough."})

    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.DECLINED
    assert waiting.decline_reason == "Not local enough."


def test_writers_and_moderators_do_not_see_submissions(client, waiting):
    for role in ("Writers", "Moderators"):
        user = get_user_model().objects.create_user(role, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        assert client.get(reverse("admin:community_submission_changelist")).status_code == 403
        assert (
            client.post(
                reverse("admin:community_submission_publish", args=[waiting.pk])
            ).status_code
            == 403
        )


def test_submissions_cannot_be_added_by_hand(client, editor):
    assert client.get(reverse("admin:community_submission_add")).status_code == 403


def test_events_admin_lists_and_edits(client, editor, waiting):
    assert client.get(reverse("admin:community_event_changelist")).status_code == 200
    assert client.get(reverse("admin:community_event_add")).status_code == 200


def test_the_story_admin_shows_and_edits_the_contributors_credit(client, editor, waiting):
    url = reverse("admin:articles_article_change", args=[waiting.article_id])
    html = client.get(url).content.decode()
    assert 'name="contributor_name" value="Ana Ruiz"' in html

    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Community contributor: Ana Ruiz" in listing
    assert "Approved" in listing  # the comments app's columns are still there
