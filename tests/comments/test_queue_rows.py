"""The moderation queue's rows: what each shows, its one-click buttons, replying as staff,
and who wrote a comment staying as it was written."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:comments_comment_changelist")


def row_url(comment: Comment, action: str) -> str:
    return reverse("admin:comments_comment_row_action", args=[comment.pk, action])


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def row_of(response, comment: Comment) -> str:
    """The queue's card for one comment."""
    html = response.content.decode()
    start = html.index(f'id="row-{comment.pk}"')
    return html[start : html.index("</td>", start)]


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        "moderator", "moderator@example.org", "pw", is_staff=True, first_name="Mo", last_name="Dee"
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


@pytest.fixture
def held(story):
    return CommentFactory(
        article=story,
        name="Rosa Diaz",
        email="Rosa.Diaz@example.net",
        text="Glad they fixed it before winter.",
        status=Comment.Status.PENDING,
        decided_by="hold_word",
        decided_term="winter",
    )


# What a row shows


def test_row_shows_story_commenter_address_history_and_the_rule_that_held_it(
    moderator_client, story, held
):
    CommentFactory.create_batch(2, article=story, email="rosa.diaz@EXAMPLE.net")
    CommentFactory(article=story, email="rosa.diaz@example.net", status=Comment.Status.SPAM)

    row = row_of(moderator_client.get(QUEUE_URL), held)

    text = text_of(row)
    assert "Glad they fixed it before winter." in text
    assert f'<a href="{held.get_absolute_url()}">Pothole on Main Street finally fixed</a>' in row
    assert '<a href="mailto:Rosa.Diaz@example.net">Rosa.Diaz@example.net</a>' in row
    assert "2 approved comments from this address" in text
    assert "Held: Word or phrase held for review: “winter”" in text


def test_a_reply_says_whom_it_answers(moderator_client, story):
    parent = CommentFactory(article=story, name="Ada Lovelace", text="The crew came on Tuesday.")
    reply = CommentFactory(article=story, parent=parent, status=Comment.Status.PENDING)

    row = row_of(moderator_client.get(QUEUE_URL), reply)

    assert "in reply to Ada Lovelace : “The crew came on Tuesday.”" in text_of(row)
    assert reverse("admin:comments_comment_change", args=[parent.pk]) in row


def test_short_comment_is_shown_whole_and_a_long_one_has_the_rest_a_click_away(
    moderator_client, story
):
    words = [f"word{n}" for n in range(120)]
    long = CommentFactory(article=story, text=" ".join(words), status=Comment.Status.PENDING)
    short = CommentFactory(article=story, text="Short.", status=Comment.Status.PENDING)

    response = moderator_client.get(QUEUE_URL)

    long_row, short_row = row_of(response, long), row_of(response, short)
    assert "<details" not in short_row.split('class="row-actions"')[0]
    visible, hidden = long_row.split('<details class="queue-more">', 1)
    assert 250 <= len(text_of(visible.split('class="queue-text">', 1)[1])) <= 300
    assert "Show the rest" in hidden
    assert text_of(long_row).replace(" Show the rest", "").count("word119") == 1
    # Nothing is lost between the two parts.
    shown = text_of(visible.split('class="queue-text">', 1)[1])
    rest = text_of(hidden.split("</summary>", 1)[1].split("</details>", 1)[0])
    assert f"{shown} {rest}".split() == words


def test_each_status_offers_its_own_buttons(moderator_client, story):
    comments = {
        status: CommentFactory(article=story, status=status) for status in Comment.Status.values
    }

    response = moderator_client.get(QUEUE_URL + "?status=all")

    def buttons(comment):
        row = row_of(response, comment)
        return re.findall(r'class="button row-action row-action-(\w+)"', row), "row-reply" in row

    assert buttons(comments["pending"]) == (["approve", "spam", "trash"], True)
    assert buttons(comments["approved"]) == (["spam", "trash"], True)
    assert buttons(comments["spam"]) == (["approve", "trash", "restore"], False)
    assert buttons(comments["trash"]) == (["approve", "spam", "restore"], False)
    assert "Approve and reply" in row_of(response, comments["pending"])


def test_row_buttons_post_the_lists_own_form_with_its_csrf_token(moderator_client, held):
    html = moderator_client.get(QUEUE_URL + "?status=pending&q=Rosa").content.decode()

    form = html.split('<form id="changelist-form"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="queue_query" value="status=pending&amp;q=Rosa">' in form
    assert f'formaction="{row_url(held, "approve")}"' in form
    assert f'formaction="{row_url(held, "reply")}"' in form
    assert "<form" not in form  # no form inside the list's form


# The buttons


@pytest.mark.parametrize(
    "action, status",
    [("approve", "approved"), ("spam", "spam"), ("trash", "trash")],
)
def test_one_click_changes_the_status_and_comes_back_to_the_same_list_at_the_next_row(
    moderator_client, story, held, action, status
):
    following = CommentFactory(article=story, status=Comment.Status.PENDING)

    response = moderator_client.post(
        row_url(held, action), {"queue_query": "status=pending", "next_row": str(following.pk)}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE_URL}?status=pending#row-{following.pk}"
    held.refresh_from_db()
    assert held.status == status
    assert held.decided_by == "moderator"
    page = moderator_client.get(response["Location"])
    assert "Rosa Diaz’s comment." in text_of(page.content.decode())
    assert '<div role="status"><ul class="messagelist">' in page.content.decode()


def test_approving_from_the_row_publishes_the_comment(moderator_client, story, held):
    moderator_client.post(row_url(held, "approve"))

    story.refresh_from_db()
    assert story.comment_count == 1
    assert (
        "Glad they fixed it before winter."
        in Client().get(story.get_absolute_url()).content.decode()
    )


def test_restore_brings_spam_back_to_pending(moderator_client, story):
    spam = CommentFactory(article=story, status=Comment.Status.SPAM)

    moderator_client.post(row_url(spam, "restore"))

    spam.refresh_from_db()
    assert spam.status == Comment.Status.PENDING


def test_row_actions_answer_only_posts_known_actions_and_existing_comments(moderator_client, held):
    assert moderator_client.get(row_url(held, "approve")).status_code == 405
    assert moderator_client.post(row_url(held, "publish-everything")).status_code == 404
    missing = reverse("admin:comments_comment_row_action", args=[held.pk + 1000, "approve"])
    assert moderator_client.post(missing).status_code == 404
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_row_actions_need_the_csrf_token_and_the_permission(moderator, held):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    assert browser.post(row_url(held, "approve")).status_code == 403

    intern = get_user_model().objects.create_user("intern", "intern@example.org", is_staff=True)
    browser = Client()
    browser.force_login(intern)
    assert browser.post(row_url(held, "approve")).status_code == 403

    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_a_forged_return_address_stays_on_the_queue(moderator_client, held):
    response = moderator_client.post(
        row_url(held, "trash"), {"queue_query": "https://evil.example/", "next_row": "x//evil"}
    )

    assert response["Location"].startswith(QUEUE_URL)
    assert "#" not in response["Location"]


# Replying from the queue


def test_reply_approves_a_held_comment_and_is_published_as_staff(
    moderator_client, moderator, story, held
):
    response = moderator_client.post(
        row_url(held, "reply"),
        {f"reply_{held.pk}": "  Thanks, Rosa: the crews finished on Friday.  ", "next_row": ""},
    )

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    reply = Comment.objects.get(parent=held)
    assert reply.text == "Thanks, Rosa: the crews finished on Friday."
    assert (reply.user, reply.status, reply.decided_by) == (moderator, "approved", "staff")
    assert (reply.name, reply.email, reply.ip_address) == ("Mo Dee", "moderator@example.org", None)
    page = Client().get(story.get_absolute_url()).content.decode()
    thread = page.split(f'id="comment-{reply.pk}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="badge">Staff</span>' in thread
    message = text_of(moderator_client.get(response["Location"]).content.decode())
    assert "Approved and replied to Rosa Diaz’s comment; your reply is published." in message


def test_empty_reply_is_refused_and_nothing_is_posted(moderator_client, held):
    response = moderator_client.post(row_url(held, "reply"), {f"reply_{held.pk}": "   "})

    assert "Write your reply to Rosa Diaz first." in text_of(
        moderator_client.get(response["Location"]).content.decode()
    )
    assert not Comment.objects.filter(parent=held).exists()
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING


def test_too_long_a_reply_comes_back_in_its_box(moderator_client, settings, held):
    settings.COMMENTS_MAX_LENGTH = 50
    reply = "A careful answer " * 10

    response = moderator_client.post(row_url(held, "reply"), {f"reply_{held.pk}": reply})

    assert response["Location"].endswith(f"#row-{held.pk}")
    page = moderator_client.get(response["Location"])
    row = row_of(page, held)
    assert '<details class="row-reply" open>' in row
    assert reply.strip() in unescape(row)
    assert "the most a comment may have is 50" in text_of(page.content.decode())
    assert not Comment.objects.filter(parent=held).exists()
    # Shown once: the next visit has an empty box.
    assert reply.strip() not in unescape(row_of(moderator_client.get(QUEUE_URL), held))


def test_a_spam_comment_gets_no_reply(moderator_client, story):
    spam = CommentFactory(article=story, status=Comment.Status.SPAM)

    moderator_client.post(row_url(spam, "reply"), {f"reply_{spam.pk}": "Hello"})

    assert not Comment.objects.filter(parent=spam).exists()


# The list stays cheap


def test_queue_makes_the_same_number_of_queries_for_5_or_50_rows(moderator_client):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            article = ArticleFactory()
            parent = CommentFactory(article=article, email=f"parent{n}@example.org")
            CommentFactory(
                article=article,
                parent=parent,
                email=f"held{n}@example.org",
                status=Comment.Status.PENDING,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(QUEUE_URL).status_code == 200
        return len(captured)

    add(5, 0)
    moderator_client.get(QUEUE_URL)
    small = queries()
    add(45, 5)
    large = queries()

    print(f"\nqueue: {small} SQL queries for 5 rows, {large} for 50")
    assert small == large


# Who wrote it


def test_moderator_cannot_change_who_wrote_a_comment(moderator_client, moderator, held):
    url = reverse("admin:comments_comment_change", args=[held.pk])
    html = moderator_client.get(url).content.decode()
    for field in ("name", "email", "user"):
        assert f'name="{field}"' not in html

    moderator_client.post(
        url,
        {
            "article": held.article_id,
            "parent": "",
            "status": "approved",
            "text": held.text,
            "website": "",
            "name": "Newsroom",
            "email": "editor@thelocalloop.example",
            "user": moderator.pk,
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED  # the form did save ...
    assert (held.name, held.email, held.user) == ("Rosa Diaz", "Rosa.Diaz@example.net", None)


def test_what_commenters_typed_is_shown_as_text_never_as_markup(moderator_client, story):
    comment = CommentFactory(
        article=story,
        name='<img src=x onerror="alert(1)">',
        text='<script>alert("queue")</script>\nSecond line',
        status=Comment.Status.PENDING,
    )

    row = row_of(moderator_client.get(QUEUE_URL), comment)

    assert "<script>" not in row and "<img" not in row
    assert "&lt;script&gt;alert(&quot;queue&quot;)&lt;/script&gt;<br>Second line" in row
