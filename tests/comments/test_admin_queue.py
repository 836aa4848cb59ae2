"""The moderation queue and the moderation settings, as moderators and editors use them."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import Comment, CommentReport, ModerationSettings
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:comments_comment_changelist")
ALL_URL = QUEUE_URL + "?status=all"
SETTINGS_TEST_URL = reverse("admin:comments_moderationsettings_test")


def page_text(response) -> str:
    """The page as a person reads it: no tags, entities decoded, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def result_table(response) -> str:
    """The changelist's table of comments only, not its filters; empty when nothing is listed."""
    found = re.search(r'<table id="result_list">.*?</table>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def settings_change_url() -> str:
    return reverse("admin:comments_moderationsettings_change", args=[ModerationSettings.load().pk])


def settings_form(**changes) -> dict:
    data = {
        "auto_approve": "on",
        "link_limit": "2",
        "hold_words": "",
        "disallowed_words": "",
        "blocked_emails": "",
        "blocked_domains": "",
        "blocked_ips": "",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        "moderator", "moderator@example.org", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Pothole on Main Street finally fixed")


# The queue and its filter


def test_comment_queue_opens_on_pending_comments_only(editor_client, story):
    CommentFactory(article=story, text="Waiting for a moderator", status=Comment.Status.PENDING)
    CommentFactory(article=story, text="Already on the story page")

    table = result_table(editor_client.get(QUEUE_URL))

    assert "Waiting for a moderator" in table
    assert "Already on the story page" not in table


def test_status_all_lists_every_comment_in_the_queue(editor_client, story):
    CommentFactory(article=story, text="Waiting for a moderator", status=Comment.Status.PENDING)
    CommentFactory(article=story, text="Already on the story page")
    CommentFactory(article=story, text="Cheap watches here", status=Comment.Status.SPAM)
    CommentFactory(article=story, text="Thrown away", status=Comment.Status.TRASH)

    table = result_table(editor_client.get(ALL_URL))

    for text in ["Waiting for a moderator", "Already on the story page", "Cheap watches here"]:
        assert text in table
    assert "Thrown away" in table


def test_status_filter_shows_how_many_comments_each_status_holds(editor_client, story):
    CommentFactory.create_batch(2, article=story, status=Comment.Status.PENDING)
    CommentFactory(article=story)

    text = page_text(editor_client.get(QUEUE_URL))

    for choice in ["Pending (2)", "Approved (1)", "Spam (0)", "Trash (0)", "All (3)"]:
        assert choice in text


def test_queue_lists_story_rule_email_link_ip_and_report_count(editor_client, story):
    comment = CommentFactory(
        article=story,
        email="rosa.diaz@example.net",
        ip_address="203.0.113.7",
        status=Comment.Status.PENDING,
        decided_by="hold_word",
        decided_term="refund",
    )
    CommentReport.objects.create(comment=comment, reason="spam", reporter="reader-a")
    CommentReport.objects.create(comment=comment, reason="abuse", reporter="reader-b")

    table = result_table(editor_client.get(QUEUE_URL))

    assert (
        f'<a href="{story.get_absolute_url()}#comment-{comment.pk}">'
        "Pothole on Main Street finally fixed</a>"
    ) in table
    assert "Word or phrase held for review: “refund”" in table
    assert '<a href="mailto:rosa.diaz@example.net">rosa.diaz@example.net</a>' in table
    assert "IP 203.0.113.7" in table
    assert '<td class="field-report_count">2</td>' in table


def test_comment_page_shows_parent_commenter_details_rule_and_reports(editor_client, story):
    parent = CommentFactory(article=story, name="Ada Lovelace", text="The crew came on Tuesday.")
    reply = CommentFactory(
        article=story,
        parent=parent,
        name="Grace Hopper",
        email="grace@example.net",
        ip_address="198.51.100.23",
        user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        status=Comment.Status.PENDING,
        decided_by="hold_word",
        decided_term="refund",
    )
    CommentReport.objects.create(comment=reply, reason="spam", reporter="reader-a")
    CommentReport.objects.create(comment=reply, reason="harassment", reporter="reader-b")

    response = editor_client.get(reverse("admin:comments_comment_change", args=[reply.pk]))
    text = page_text(response)

    assert response.status_code == 200
    assert "In reply to: Ada Lovelace: The crew came on Tuesday." in text
    assert '<a href="mailto:grace@example.net">grace@example.net</a>' in response.content.decode()
    assert "198.51.100.23" in text
    assert "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" in text
    assert "Word or phrase held for review" in text
    assert "refund" in text
    assert "Spam or advertising" in text
    assert "Harassment or a personal attack" in text


@pytest.mark.parametrize(
    "query",
    ["Rosa Diaz", "rosa.diaz@example.net", "203.0.113.7", "pothole on Elm"],
    ids=["name", "email", "ip", "text"],
)
def test_search_finds_comments_by_name_email_ip_and_text(editor_client, story, query):
    CommentFactory(
        article=story,
        name="Rosa Diaz",
        email="rosa.diaz@example.net",
        ip_address="203.0.113.7",
        text="There is another pothole on Elm.",
    )
    CommentFactory(
        article=story,
        name="Sam Other",
        email="sam@example.org",
        ip_address="192.0.2.1",
        text="Nice to see the crews out.",
    )

    table = result_table(editor_client.get(QUEUE_URL, {"status": "all", "q": query}))

    assert "There is another pothole on Elm." in table
    assert "Nice to see the crews out." not in table


# Bulk actions


def test_approve_action_publishes_comments_and_updates_the_story_count(editor_client, story):
    held = CommentFactory.create_batch(
        2, article=story, status=Comment.Status.PENDING, text="Held until a moderator looks"
    )

    response = editor_client.post(
        QUEUE_URL, {"action": "approve", "_selected_action": [c.pk for c in held]}, follow=True
    )

    assert "Approved 2 comment(s)." in page_text(response)
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    story.refresh_from_db()
    assert story.comment_count == 2
    editor_client.logout()
    public = editor_client.get(story.get_absolute_url()).content.decode()
    assert public.count("Held until a moderator looks") == 2


def test_mark_spam_action_hides_an_approved_comment(editor_client, story):
    comment = CommentFactory(article=story, text="Buy cheap watches")
    story.refresh_from_db()

    editor_client.post(ALL_URL, {"action": "mark_spam", "_selected_action": [comment.pk]})

    comment.refresh_from_db()
    story.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert story.comment_count == 0
    editor_client.logout()
    assert "Buy cheap watches" not in editor_client.get(story.get_absolute_url()).content.decode()


def test_trash_action_moves_comments_to_the_trash(editor_client, story):
    pending = CommentFactory(article=story, status=Comment.Status.PENDING)
    approved = CommentFactory(article=story)

    editor_client.post(ALL_URL, {"action": "trash", "_selected_action": [pending.pk, approved.pk]})

    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.TRASH}


def test_restore_action_brings_spam_and_trash_back_to_pending(editor_client, story):
    spam = CommentFactory(article=story, status=Comment.Status.SPAM)
    trashed = CommentFactory(article=story, status=Comment.Status.TRASH)
    approved = CommentFactory(article=story)

    editor_client.post(
        ALL_URL, {"action": "restore", "_selected_action": [spam.pk, trashed.pk, approved.pk]}
    )

    for comment in (spam, trashed, approved):
        comment.refresh_from_db()
    assert spam.status == Comment.Status.PENDING
    assert trashed.status == Comment.Status.PENDING
    assert approved.status == Comment.Status.APPROVED


def test_restore_message_counts_only_the_comments_it_restored(editor_client, story):
    spam = CommentFactory(article=story, status=Comment.Status.SPAM)
    approved = CommentFactory(article=story)

    response = editor_client.post(
        ALL_URL, {"action": "restore", "_selected_action": [spam.pk, approved.pk]}, follow=True
    )

    assert "Restored to Pending: 1 comment(s)." in page_text(response)


# Commenters' data


def test_export_action_downloads_the_commenters_data_as_json(editor_client, story):
    comment = CommentFactory(
        article=story, email="rosa.diaz@example.net", text="Thanks for covering this."
    )

    response = editor_client.post(
        ALL_URL, {"action": "export_data", "_selected_action": [comment.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.content)
    assert [entry["email"] for entry in exported] == ["rosa.diaz@example.net"]
    assert exported[0]["comments"][0]["email"] == "rosa.diaz@example.net"
    assert exported[0]["comments"][0]["text"] == "Thanks for covering this."


def test_erase_action_asks_first_then_anonymises_keeping_the_text(editor_client, story):
    first = CommentFactory(
        article=story, name="Rosa Diaz", email="rosa.diaz@example.net", text="First thought."
    )
    second = CommentFactory(
        article=story, name="Sam Other", email="sam@example.org", text="Second thought."
    )
    selected = {"action": "erase_commenter", "_selected_action": [first.pk, second.pk]}

    confirmation = editor_client.post(ALL_URL, selected)

    assert confirmation.status_code == 200
    assert "rosa.diaz@example.net" in page_text(confirmation)
    assert "sam@example.org" in page_text(confirmation)
    assert Comment.objects.filter(name="Deleted commenter").count() == 0

    response = editor_client.post(ALL_URL, {**selected, "erase_mode": "anonymise"}, follow=True)

    assert "Anonymised 2 comment(s) from 2 address(es)." in page_text(response)
    table = result_table(editor_client.get(ALL_URL))
    assert table.count('<th class="field-name"><a href="') == 2
    assert table.count(">Deleted commenter</a></th>") == 2
    assert "First thought." in table and "Second thought." in table
    assert "rosa.diaz@example.net" not in table and "Rosa Diaz" not in table
    assert set(Comment.objects.values_list("name", flat=True)) == {"Deleted commenter"}


# Who may do what


def test_moderators_group_exists_after_migrations_with_its_permissions():
    moderators = Group.objects.get(name="Moderators")

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in moderators.permissions.select_related("content_type")
    }

    assert granted == {
        "comments.view_comment",
        "comments.change_comment",
        "comments.delete_comment",
        "comments.view_commentreport",
        "comments.delete_commentreport",
        "comments.view_moderationsettings",
    }


def test_moderator_opens_the_queue_and_approves(moderator_client, story):
    comment = CommentFactory(article=story, text="Held for the moderator", status="pending")

    queue = moderator_client.get(QUEUE_URL)
    moderator_client.post(QUEUE_URL, {"action": "approve", "_selected_action": [comment.pk]})

    assert queue.status_code == 200
    assert "Held for the moderator" in result_table(queue)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_moderator_cannot_open_or_add_stories(moderator_client):
    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 403
    assert moderator_client.get(reverse("admin:articles_article_add")).status_code == 403


def test_staff_member_outside_moderators_cannot_open_the_queue(client):
    staff = get_user_model().objects.create_user("intern", "intern@example.org", is_staff=True)
    client.force_login(staff)

    assert client.get(QUEUE_URL).status_code == 403
    assert client.get(SETTINGS_TEST_URL).status_code == 403


def test_staff_member_without_settings_permission_gets_403_on_the_settings_list(client):
    staff = get_user_model().objects.create_user("intern", "intern@example.org", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("admin:comments_moderationsettings_changelist"))

    assert response.status_code == 403


# What staff see of the queue elsewhere


def test_admin_index_tells_a_moderator_how_many_comments_await(moderator_client, story):
    CommentFactory.create_batch(2, article=story, status=Comment.Status.PENDING)
    CommentFactory(article=story)

    text = page_text(moderator_client.get(reverse("admin:index")))

    assert "2 comments awaiting moderation" in text


def test_public_page_shows_signed_in_staff_the_toolbar_with_pending_count(editor_client, story):
    CommentFactory.create_batch(3, article=story, status=Comment.Status.PENDING)

    text = page_text(editor_client.get("/"))

    assert "Newsroom admin" in text
    assert "3 comments awaiting moderation" in text


def test_public_page_shows_anonymous_readers_no_staff_toolbar(editor_client, story):
    CommentFactory(article=story, status=Comment.Status.PENDING)
    assert "Newsroom admin" in page_text(editor_client.get("/"))
    editor_client.logout()

    response = editor_client.get("/")

    assert response.status_code == 200
    assert story.headline in page_text(response)
    assert "Newsroom admin" not in page_text(response)
    assert "awaiting moderation" not in page_text(response)
    assert "staff-toolbar" not in response.content.decode()


# Moderation settings


def test_settings_list_redirects_to_the_single_settings_page(editor_client):
    response = editor_client.get(reverse("admin:comments_moderationsettings_changelist"))

    assert response.status_code == 302
    assert response["Location"] == settings_change_url()
    assert ModerationSettings.objects.count() == 1


def test_editor_changes_disallowed_words_in_the_admin(editor_client):
    url = settings_change_url()

    response = editor_client.post(url, settings_form(disallowed_words="casino\ncheap pills"))

    assert response.status_code == 302
    assert ModerationSettings.load().disallowed_words.splitlines() == ["casino", "cheap pills"]
    assert ModerationSettings.objects.count() == 1


def test_settings_page_links_to_the_comment_test(editor_client):
    html = editor_client.get(settings_change_url()).content.decode()

    assert f'<a href="{SETTINGS_TEST_URL}">Test a comment</a>' in html


def test_comment_test_calls_a_disallowed_word_spam_without_storing_it(editor_client, story):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"disallowed_words": "casino"})
    CommentFactory(article=story)

    response = editor_client.post(
        SETTINGS_TEST_URL,
        {"name": "Lucky", "email": "lucky@example.com", "text": "Win big at the casino tonight"},
    )
    text = page_text(response)

    assert response.status_code == 200
    assert "Spam — Disallowed word or phrase: “casino”" in text
    assert Comment.objects.count() == 1


def test_comment_test_holds_a_first_comment_from_a_new_address(editor_client, story):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"disallowed_words": "casino"})
    CommentFactory(article=story)

    response = editor_client.post(
        SETTINGS_TEST_URL,
        {"name": "New Reader", "email": "new@example.com", "text": "Good to know, thanks."},
    )

    assert "Pending — First comment from this email address" in page_text(response)
    assert Comment.objects.count() == 1


def test_moderator_can_view_but_not_change_the_settings(moderator_client):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"disallowed_words": "casino"})
    url = settings_change_url()

    viewed = moderator_client.get(url)
    changed = moderator_client.post(url, settings_form(disallowed_words=""))

    assert viewed.status_code == 200
    assert changed.status_code == 403
    assert ModerationSettings.load().disallowed_words == "casino"


def test_search_without_a_status_looks_through_every_status(editor_client, story):
    CommentFactory(article=story, name="Findable Approved", status=Comment.Status.APPROVED)
    CommentFactory(article=story, name="Findable Spam", status=Comment.Status.SPAM)

    html = editor_client.get(QUEUE_URL, {"q": "Findable"}).content.decode()

    assert "Findable Approved" in html and "Findable Spam" in html
