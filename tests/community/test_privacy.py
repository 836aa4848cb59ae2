"""A sender's data: exported on request, erased on request, never on a public page."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from community.models import Submission
from community.privacy import ANONYMOUS_NAME, submitter_erase, submitter_export
from community.services import submission_confirm, submission_publish
from tests.factories import SubmissionFactory, jpeg_file

pytestmark = pytest.mark.django_db

EMAIL = "Ana.Ruiz@Example.org"


@pytest.fixture
def sent(community):
    published = submission_confirm(
        submission=SubmissionFactory(
            email=EMAIL, photo=jpeg_file(), photo_alt="The gate", headline="Published one"
        )
    )
    submission_publish(submission=published)
    published.refresh_from_db()
    waiting = submission_confirm(
        submission=SubmissionFactory(email="ana.ruiz@example.org", headline="Waiting one")
    )
    return published, waiting


def test_export_holds_every_submission_under_the_address_in_any_case(sent):
    data = submitter_export(email="ANA.RUIZ@example.org")

    assert [s["headline"] for s in data["submissions"]] == ["Published one", "Waiting one"]
    first = data["submissions"][0]
    assert first["email"] == EMAIL and first["ip_address"] is None
    assert first["story_url"] == sent[0].article.get_absolute_url()
    assert data["submissions"][1]["ip_address"] == "198.51.100.7"


def test_anonymising_keeps_published_stories_credited_to_a_neighbour(sent, client):
    published, waiting = sent
    draft_id = waiting.article_id
    photo = published.photo.name

    assert submitter_erase(email=EMAIL, remove=False) == 2

    story = Article.objects.get(pk=published.article_id)
    assert story.contributor_name == ANONYMOUS_NAME
    assert story.lead_image_credit == f"Photo: {ANONYMOUS_NAME}"
    assert not Article.objects.filter(pk=draft_id).exists()
    assert not Submission.objects.filter(email__iexact=EMAIL).exists()
    assert not Submission.objects.filter(name="Ana Ruiz").exists()
    assert not published.photo.storage.exists(photo)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Ana Ruiz" not in html and "Community contributor: A neighbour" in html


def test_removing_deletes_the_submissions_and_their_stories(sent):
    published, waiting = sent
    assert submitter_erase(email=EMAIL, remove=True) == 2
    assert not Submission.objects.exists()
    assert not Article.objects.filter(pk__in=[published.article_id, waiting.article_id]).exists()


def test_the_site_wide_command_exports_and_erases_submissions_with_the_rest(sent):
    out = io.StringIO()
    call_command("personal_data", "export", EMAIL, stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"email", "community"}

    out = io.StringIO()
    call_command("personal_data", "erase", EMAIL, "--yes", stdout=out)
    assert "2 community submission(s) anonymised" in out.getvalue()
    assert submitter_export(email=EMAIL)["submissions"] == []


def test_admin_exports_and_erases_senders(client, sent):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    url = reverse("admin:community_submission_changelist") + "?status=all"
    ids = [s.pk for s in sent]

    exported = client.post(url, {"action": "export_data", "_selected_action": ids})
    assert json.loads(exported.content)[0]["email"] == "ana.ruiz@example.org"

    asked = client.post(url, {"action": "erase_data", "_selected_action": ids})
    assert "ana.ruiz@example.org" in asked.content.decode()
    client.post(url, {"action": "erase_data", "_selected_action": ids, "erase_mode": "remove"})
    assert not Submission.objects.exists()


def test_public_pages_are_given_no_object_that_holds_an_email(client, sent):
    from community.models import Event
    from newsletter.models import Subscriber
    from tests.factories import SubscriberFactory

    SubscriberFactory()
    Event.objects.create(article=sent[0].article, starts_on=sent[0].created_at.date())
    story = sent[0].article
    for url in [story.get_absolute_url(), story.section.get_absolute_url(), "/events/", "/"]:
        response = client.get(url + "?context")
        for context in response.context:
            for value in context.flatten().values():
                assert not isinstance(value, Submission | Subscriber), (url, value)
