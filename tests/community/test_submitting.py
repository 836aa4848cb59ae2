"""A neighbour sends news through the public form, and confirms it by email."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from comments.protection import form_token
from community.forms import TOKEN_TARGET
from community.models import Event, Submission
from community.services import submission_confirm
from community.tokens import confirmation_token
from tests.factories import SubmissionFactory, jpeg_file

pytestmark = pytest.mark.django_db

SUBMIT = "/community/submit/"


def photo_with_gps(name="garden.jpg"):
    image = Image.new("RGB", (640, 480), "#4d7c3a")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 44.0, 0.0)}  # GPS position
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def confirm_link(message) -> str:
    return re.search(r"http://\S+/community/confirm/\S+/", message.body).group(0)


def test_submit_page_is_the_same_cacheable_page_for_every_reader(client):
    first = client.get(SUBMIT)
    second = type(client)().get(SUBMIT)

    assert first.status_code == 200
    assert first.content == second.content
    assert first["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    html = first.content.decode()
    assert 'enctype="multipart/form-data"' in html
    for field in ("headline", "text", "photo", "photo_alt", "event_date", "name", "email"):
        assert f'name="{field}"' in html
    assert "Your email address will not be published" in html


def test_sent_news_waits_for_its_sender_to_confirm_and_emails_the_link(
    client, community, submission_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, submission_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("community:submitted")
    submission = Submission.objects.get()
    assert submission.status == Submission.Status.UNCONFIRMED
    assert (submission.name, submission.email) == ("Ana Ruiz", "ana.ruiz@example.org")
    assert submission.ip_address == "127.0.0.1"
    assert submission.article is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana.ruiz@example.org"]
    assert confirm_link(mail.outbox[0])


def test_the_link_asks_first_and_the_button_makes_a_draft_in_community(
    client, community, submission_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBMIT, submission_data(event_date=str(timezone.localdate() + timedelta(3))))
    link = confirm_link(mail.outbox[0])

    asked = client.get(link)
    assert asked.status_code == 200
    assert "Confirm and send to the editors" in asked.content.decode()
    assert Submission.objects.get().status == Submission.Status.UNCONFIRMED  # a GET is not a yes

    done = client.post(link)
    assert "your news is with our editors" in done.content.decode()
    submission = Submission.objects.select_related("article").get()
    story = submission.article
    assert submission.status == Submission.Status.WAITING
    assert story.status == story.Status.DRAFT
    assert story.section == community
    assert story.contributor_name == "Ana Ruiz"
    assert story.contributor_credit == "Community contributor: Ana Ruiz"
    assert "<p>The Elm Street garden club opens on Saturday.</p>" in story.body
    assert "Bring gloves &amp; &lt;tea&gt;." in story.body
    assert "ana.ruiz@example.org" not in story.body
    assert Event.objects.get(article=story).starts_on == timezone.localdate() + timedelta(3)

    client.post(link)  # confirming again (another device) changes nothing
    assert Submission.objects.get().article_id == story.pk


def test_a_photo_is_cleaned_of_location_data_and_becomes_the_lead_image(
    client, community, submission_data
):
    client.post(
        SUBMIT,
        {**submission_data(photo_alt="Volunteers at the gate"), "photo": photo_with_gps()},
    )
    submission = Submission.objects.get()
    with submission.photo.open("rb") as stored:
        assert not Image.open(stored).getexif()

    story = submission_confirm(submission=submission).article
    assert story.lead_image
    assert story.lead_image_alt == "Volunteers at the gate"
    assert story.lead_image_credit == "Photo: Ana Ruiz"
    assert story.lead_image_renditions


def test_an_error_keeps_everything_typed_and_the_photo_too(client, community, submission_data):
    response = client.post(
        SUBMIT,
        {
            **submission_data(name="", photo_alt="Volunteers at the gate", event_place="Elm St"),
            "photo": jpeg_file("gate.jpg"),
        },
    )

    assert response.status_code == 400
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert "Please give the name to show with your story." in html
    assert 'value="Garden club opens its gates"' in html
    assert "Bring gloves &amp; &lt;tea&gt;." in html
    assert 'value="Volunteers at the gate"' in html
    assert "Your photo <strong>gate.jpg</strong> is attached" in html
    assert Submission.objects.count() == 0
    kept = re.search(r'name="kept_photo" value="([^"]+)"', html).group(1)

    again = client.post(
        SUBMIT, submission_data(kept_photo=kept, photo_alt="Volunteers at the gate")
    )

    assert again.status_code == 302
    submission = Submission.objects.get()
    assert submission.photo and submission.photo_alt == "Volunteers at the gate"


def test_a_kept_photo_cannot_point_at_another_file(client, community, submission_data):
    response = client.post(
        SUBMIT, submission_data(kept_photo="community/held/../../secret.jpg", photo_alt="x")
    )
    assert response.status_code == 302
    assert not Submission.objects.get().photo


def test_a_file_that_is_not_an_image_is_refused_and_the_rest_kept(
    client, community, submission_data
):
    bogus = SimpleUploadedFile("photo.jpg", b"not really a photo", content_type="image/jpeg")
    response = client.post(SUBMIT, {**submission_data(photo_alt="x"), "photo": bogus})

    assert response.status_code == 400
    html = response.content.decode()
    assert "This file is not an image we can read" in html
    assert 'value="Garden club opens its gates"' in html
    assert "is attached" not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"photo_alt": ""}, "Please describe the photo"),
        ({"own_work": None}, "Please confirm that this is your own work."),
        ({"event_time": "18:30"}, "Please give the date of the event too."),
        ({"event_place": "The hall"}, "Please give the date of the event, or leave"),
        ({"event_date": "2001-01-01"}, "This date has passed."),
        ({"event_date": "next week"}, "Please give the date as YYYY-MM-DD"),
        ({"email": "ana at example"}, "This does not look like an email address."),
        ({"headline": "x" * 201}, "at most 200 characters"),
    ],
)
def test_mistakes_are_explained_next_to_the_field(
    client, community, submission_data, fields, message
):
    data = submission_data(**fields)
    files = {"photo": jpeg_file()} if "photo_alt" in fields else {}
    response = client.post(SUBMIT, {**data, **files})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Submission.objects.count() == 0


def test_control_characters_are_dropped_not_refused(client, community, submission_data):
    client.post(SUBMIT, submission_data(headline="Bake\x00 sale\x07", text="Cakes\x1b!"))
    submission = Submission.objects.get()
    assert (submission.headline, submission.text) == ("Bake sale", "Cakes!")


def test_a_filled_honeypot_gets_the_ordinary_answer_and_nothing_is_stored(
    client, community, submission_data
):
    response = client.post(SUBMIT, submission_data(homepage="http://spam.example/"))
    assert response.status_code == 302
    assert Submission.objects.count() == 0
    assert mail.outbox == []


def test_a_post_from_another_site_is_refused_with_the_text_kept(client, community, submission_data):
    response = client.post(
        SUBMIT, submission_data(), HTTP_ORIGIN="https://evil.example", HTTP_HOST="testserver"
    )
    assert response.status_code == 403
    assert "sent from another website" in response.content.decode()
    assert 'value="Garden club opens its gates"' in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_form_sent_back_too_fast_is_refused_with_its_own_words(
    client, community, submission_data, settings
):
    settings.COMMENTS_MIN_SECONDS = 3
    response = client.post(SUBMIT, submission_data(token=form_token(TOKEN_TARGET, fresh=True)))
    assert response.status_code == 400
    assert "faster than a person can type" in response.content.decode()


def test_a_token_made_for_another_form_is_refused(client, community, submission_data):
    response = client.post(SUBMIT, submission_data(token=form_token(1, fresh=True)))
    assert response.status_code == 400
    assert "could not be checked. Please send it again." in response.content.decode()


def test_too_many_submissions_from_one_address_wait_and_keep_the_text(
    client, community, submission_data, settings
):
    settings.COMMUNITY_RATE_LIMIT = 2
    for n in range(2):
        assert client.post(SUBMIT, submission_data(headline=f"News {n}")).status_code == 302

    response = client.post(SUBMIT, submission_data(headline="One more"))

    assert response.status_code == 429
    assert 'value="One more"' in response.content.decode()
    assert Submission.objects.count() == 2


def test_an_old_link_has_expired_and_unconfirmed_news_is_forgotten(
    client, community, submission_data
):
    old = SubmissionFactory(created_at=timezone.now() - timedelta(days=8))
    # Signed links carry their own time: make this one as old as the submission.
    eight_days_ago = (timezone.now() - timedelta(days=8)).timestamp()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: eight_days_ago)
        token = confirmation_token(old.pk)

    assert client.get(f"/community/confirm/{token}/").status_code == 400
    client.post(SUBMIT, submission_data())  # each new submission sweeps out expired ones
    assert not Submission.objects.filter(pk=old.pk).exists()


def test_a_forged_link_does_not_work(client):
    response = client.get("/community/confirm/not-a-token/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
