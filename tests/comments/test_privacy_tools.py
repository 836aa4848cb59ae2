"""Retention and a commenter's rights: old IP addresses go; an address is exported or erased."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from comments.models import Comment, CommenterEmail, CommentReport
from comments.privacy import (
    ANONYMOUS_EMAIL,
    ANONYMOUS_NAME,
    commenter_erase,
    commenter_export,
    purge_old_ip_addresses,
)
from comments.services import refresh_comment_counts
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

EMAIL = "Marisol.Vega@Example.org"


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def story():
    return ArticleFactory(headline="Library extends its evening hours")


@pytest.fixture
def marisol(story):
    """Two comments by one commenter, sent with differently capitalised addresses, and a reply."""
    first = CommentFactory(
        article=story,
        name="Marisol Vega",
        email=EMAIL,
        website="https://marisol.example/",
        text="The late opening will help students after work.",
        ip_address="198.51.100.23",
        user_agent="Mozilla/5.0 (Marisol's phone)",
        notify=True,
        decided_by="blocked_email",
        decided_term=EMAIL.lower(),
    )
    second = CommentFactory(
        article=story,
        name="Marisol V.",
        email=EMAIL.lower(),
        text="Also, the parking lot is lit now.",
        ip_address="198.51.100.24",
        status=Comment.Status.PENDING,
    )
    CommenterEmail.objects.create(
        email=EMAIL.lower(), confirmation_sent_at=days_ago(10), confirmed_at=days_ago(9)
    )
    return [first, second]


@pytest.fixture
def bystander(story, marisol):
    """Someone else answering Marisol on the same story."""
    return CommentFactory(
        article=story,
        parent=marisol[0],
        name="Dev Patel",
        email="dev@example.net",
        text="Agreed, good news for night-shift workers.",
        ip_address="203.0.113.9",
        user_agent="Mozilla/5.0 (Dev's laptop)",
    )


# Retention


def test_purge_erases_ip_and_browser_only_from_comments_past_retention(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    old = CommentFactory(created_at=days_ago(31), ip_address="198.51.100.1", user_agent="Old")
    old_browser_only = CommentFactory(created_at=days_ago(40), user_agent="Browser only")
    recent = CommentFactory(created_at=days_ago(29), ip_address="198.51.100.2", user_agent="New")
    CommentFactory(created_at=days_ago(90))  # Nothing left to erase: not counted.

    assert purge_old_ip_addresses() == 2

    old.refresh_from_db()
    old_browser_only.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert old_browser_only.user_agent == ""
    assert (recent.ip_address, recent.user_agent) == ("198.51.100.2", "New")
    assert old.text and old.name and old.email  # Only the two fields go.


def test_purge_is_idempotent_and_one_query(django_assert_num_queries):
    CommentFactory(created_at=days_ago(61), ip_address="198.51.100.1", user_agent="Old")

    with django_assert_num_queries(1):
        assert purge_old_ip_addresses() == 1
    assert purge_old_ip_addresses() == 0


def test_purge_measures_retention_from_the_given_time():
    comment = CommentFactory(created_at=days_ago(10), ip_address="198.51.100.1")

    assert purge_old_ip_addresses(now=timezone.now()) == 0
    assert purge_old_ip_addresses(now=timezone.now() + timedelta(days=51)) == 1
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_purge_command_reports_how_many_comments_changed(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 14
    CommentFactory(created_at=days_ago(15), ip_address="198.51.100.1")
    out = StringIO()

    call_command("purge_comment_ips", stdout=out)

    assert out.getvalue().strip() == (
        "Erased IP addresses and browsers from 1 comments older than 14 days."
    )


# Export


def test_export_finds_comments_whatever_the_case_of_the_address(marisol, bystander, story):
    data = commenter_export(email="  marisol.VEGA@example.ORG ")

    assert [c["id"] for c in data["comments"]] == [marisol[0].pk, marisol[1].pk]
    first = data["comments"][0]
    assert first["text"] == "The late opening will help students after work."
    assert first["ip_address"] == "198.51.100.23"
    assert first["user_agent"] == "Mozilla/5.0 (Marisol's phone)"
    assert first["email"] == EMAIL
    assert first["story"] == "Library extends its evening hours"
    assert first["story_url"] == story.get_absolute_url()
    assert first["notify"] is True
    assert data["comments"][1]["status"] == "pending"
    assert data["confirmation"]["confirmed_at"] is not None
    assert "Dev Patel" not in json.dumps(data)


def test_export_of_an_unknown_address_is_empty(marisol):
    assert commenter_export(email="nobody@example.com") == {
        "email": "nobody@example.com",
        "confirmation": None,
        "comments": [],
    }


def test_export_command_prints_json_and_writes_a_file(marisol, tmp_path):
    out = StringIO()
    call_command("commenter_data", "export", EMAIL.upper(), stdout=out)
    assert len(json.loads(out.getvalue())["comments"]) == 2

    target = tmp_path / "marisol.json"
    call_command(
        "commenter_data",
        "export",
        EMAIL,
        "--output",
        str(target),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert json.loads(target.read_text())["comments"][0]["name"] == "Marisol Vega"


def test_commands_refuse_an_address_with_nothing_stored(marisol):
    with pytest.raises(CommandError, match="Nothing is stored about nobody@example.com"):
        call_command("commenter_data", "export", "nobody@example.com", stdout=StringIO())
    with pytest.raises(CommandError, match="Nothing is stored"):
        call_command("commenter_data", "erase", "nobody@example.com", "--yes", stdout=StringIO())


# Erasure


def test_anonymising_keeps_the_text_and_forgets_the_person(marisol, bystander):
    report = CommentReport.objects.create(comment=marisol[0], reason="spam", reporter="a" * 64)

    assert commenter_erase(email=EMAIL.upper(), remove=False) == 2

    for comment, text in zip(marisol, ["The late opening", "Also, the parking lot"], strict=True):
        comment.refresh_from_db()
        assert comment.text.startswith(text)
        assert comment.name == ANONYMOUS_NAME
        assert comment.email == ANONYMOUS_EMAIL
        assert (comment.website, comment.ip_address, comment.user_agent) == ("", None, "")
        assert comment.notify is False
    assert marisol[0].decided_term == ""  # It was her address.
    assert marisol[0].decided_by == "blocked_email"
    assert not Comment.objects.by_email(EMAIL).exists()
    assert not CommenterEmail.objects.exists()
    assert CommentReport.objects.filter(pk=report.pk).exists()


def test_anonymised_address_is_still_a_valid_email(marisol):
    commenter_erase(email=EMAIL, remove=False)
    comment = Comment.objects.get(pk=marisol[0].pk)

    try:
        comment.full_clean()
    except ValidationError as error:
        pytest.fail(f"An anonymised comment no longer validates: {error}")


def test_anonymising_leaves_other_commenters_untouched(marisol, bystander):
    commenter_erase(email=EMAIL, remove=False)

    bystander.refresh_from_db()
    assert bystander.name == "Dev Patel"
    assert bystander.email == "dev@example.net"
    assert bystander.ip_address == "203.0.113.9"
    assert bystander.user_agent == "Mozilla/5.0 (Dev's laptop)"
    assert bystander.parent_id == marisol[0].pk


def test_removing_deletes_the_comments_and_their_replies_and_recounts_the_story(
    story, marisol, bystander
):
    other_story = ArticleFactory()
    CommentFactory(article=other_story, email="dev@example.net")
    refresh_comment_counts([story.pk, other_story.pk])
    story.refresh_from_db()
    assert story.comment_count == 2  # Marisol's approved comment and Dev's reply.

    assert commenter_erase(email=EMAIL, remove=True) == 3  # Hers, and the reply cascades.

    story.refresh_from_db()
    other_story.refresh_from_db()
    assert story.comment_count == 0
    assert other_story.comment_count == 1
    assert not Comment.objects.filter(article=story).exists()
    assert not CommenterEmail.objects.exists()


def test_erasing_the_placeholder_address_is_refused(marisol):
    commenter_erase(email=EMAIL, remove=False)

    with pytest.raises(ValueError):
        commenter_erase(email=ANONYMOUS_EMAIL, remove=True)
    assert Comment.objects.count() == 2


def test_erase_command_anonymises_by_default(marisol):
    out = StringIO()

    call_command("commenter_data", "erase", EMAIL, "--yes", stdout=out)

    assert "Anonymised 2 comments" in out.getvalue()
    assert set(Comment.objects.values_list("name", flat=True)) == {ANONYMOUS_NAME}


def test_erase_command_removes_with_remove(marisol, bystander):
    out = StringIO()

    call_command("commenter_data", "erase", EMAIL, "--remove", "--yes", stdout=out)

    assert "Removed 3 comments: 2 by" in out.getvalue()
    assert not Comment.objects.exists()


def test_erase_command_goes_ahead_when_the_operator_types_yes(marisol, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda question: "yes")

    call_command("commenter_data", "erase", EMAIL, stdout=StringIO())

    assert not Comment.objects.by_email(EMAIL).exists()


def test_erase_command_without_yes_changes_nothing_unless_confirmed(marisol, monkeypatch):
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")

    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("commenter_data", "erase", EMAIL, "--remove", stdout=StringIO())

    assert "Type yes" in questions[0]
    assert Comment.objects.by_email(EMAIL).count() == 2
    assert CommenterEmail.objects.exists()


def test_erase_command_with_nobody_at_the_keyboard_changes_nothing(marisol, monkeypatch):
    def no_terminal(question):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)

    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("commenter_data", "erase", EMAIL, stdout=StringIO())
    assert Comment.objects.by_email(EMAIL).count() == 2


def test_story_page_shows_the_text_but_not_the_name_after_anonymising(
    client, story, marisol, django_capture_on_commit_callbacks
):
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Marisol Vega" in html and "The late opening will help students" in html

    # Committed, so the cached copy of the page is retired too.
    with django_capture_on_commit_callbacks(execute=True):
        commenter_erase(email=EMAIL, remove=False)

    html = client.get(story.get_absolute_url()).content.decode()
    assert "Marisol Vega" not in html
    assert "marisol.example" not in html
    assert "The late opening will help students after work." in html
    assert ANONYMOUS_NAME in html
