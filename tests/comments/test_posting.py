import time

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.protection import form_token
from comments.services import comment_approve
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", kwargs={"article_id": article.pk})


def test_posted_comment_is_held_and_the_reader_is_sent_back_to_the_story(
    client, story, comment_data
):
    response = client.post(post_url(story), comment_data(story))

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.email == "rosa.diaz@example.net"
    assert comment.ip_address == "127.0.0.1"
    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}#comment-{comment.pk}"


def test_commenter_sees_their_held_comment_marked_as_awaiting_moderation(
    client, story, comment_data
):
    client.post(post_url(story), comment_data(story))

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Glad to see the market closer to the bus stop." in html
    assert "Your comment is awaiting moderation." in html


def test_held_comment_is_shown_to_nobody_else(client, story, comment_data):
    client.post(post_url(story), comment_data(story))
    client.cookies.clear()

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Glad to see the market" not in html
    assert "awaiting moderation" not in html


def test_approved_comment_appears_for_every_reader(client, story, comment_data):
    client.post(post_url(story), comment_data(story))
    comment_approve(comment=Comment.objects.get())
    client.cookies.clear()

    html = client.get(story.get_absolute_url()).content.decode()

    assert "Glad to see the market closer to the bus stop." in html
    assert "1 Comment<" in html
    assert "awaiting moderation" not in html


def test_reply_is_stored_under_its_parent_and_nested_on_the_page(client, story, comment_data):
    parent = CommentFactory(article=story, name="Ann", text="Where will vendors park?")
    client.post(post_url(story), comment_data(story, parent=parent.pk, text="Behind the library."))
    reply = Comment.objects.get(parent=parent)
    comment_approve(comment=reply)

    html = client.get(story.get_absolute_url()).content.decode()
    parent_at = html.index(f'id="comment-{parent.pk}"')
    reply_at = html.index(f'id="comment-{reply.pk}"')
    assert parent_at < reply_at
    assert '<ol class="comment-list">' in html[parent_at:reply_at]


def test_reply_link_works_without_javascript(client, story):
    parent = CommentFactory(article=story, name="Ann")

    html = client.get(f"{story.get_absolute_url()}?replyto={parent.pk}").content.decode()

    assert f'href="?replyto={parent.pk}#respond"' in html
    assert "Replying to <span data-reply-name>Ann</span> — " in html
    assert f'name="parent" value="{parent.pk}"' in html


def assert_form_kept(response, **fields):
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your comment has not been posted yet" in html
    for value in fields.values():
        assert value in html
    assert not Comment.objects.filter(name="Rosa Diaz").exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("name", "", "Please give a name to show with your comment."),
        ("name", "   ", "Please give a name to show with your comment."),
        ("email", "", "Please give your email address. It will not be published."),
        ("email", "rosa.diaz-at-example", "This does not look like an email address."),
        ("website", "not a url at all", "This does not look like a web address."),
        ("text", "", "Please write a comment."),
        ("text", "   \n\t  ", "Please write a comment."),
    ],
)
def test_bad_input_comes_back_with_everything_typed_and_the_error_by_the_field(
    client, story, comment_data, field, value, message
):
    data = comment_data(story, **{field: value})
    response = client.post(post_url(story), data)

    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    kept = {k: v for k, v in data.items() if k in {"name", "email", "text"} and v.strip()}
    assert_form_kept(response, **kept)


def test_comment_longer_than_the_limit_is_refused_and_kept(client, story, comment_data, settings):
    settings.COMMENTS_MAX_LENGTH = 50
    text = "A" * 51
    response = client.post(post_url(story), comment_data(story, text=text))

    assert "Ensure this value has at most 50 characters" in response.content.decode()
    assert_form_kept(response, text=text)


def test_reply_to_a_comment_of_another_story_is_refused_and_kept(client, story, comment_data):
    elsewhere = CommentFactory(article=ArticleFactory())
    response = client.post(
        post_url(story), comment_data(story, parent=elsewhere.pk, text="My reply text")
    )

    assert "is not on this story" in response.content.decode()
    assert_form_kept(response, text="My reply text", name="Rosa Diaz")
    assert 'name="parent" value=""' in response.content.decode()


def test_reply_to_a_held_comment_is_refused(client, story, comment_data):
    held = CommentFactory(article=story, status=Comment.Status.PENDING)
    response = client.post(post_url(story), comment_data(story, parent=held.pk))

    assert "is not on this story, or is no longer shown" in response.content.decode()
    assert Comment.objects.filter(parent=held).count() == 0


def test_comments_closed_refuses_the_post_and_keeps_the_text(client, comment_data):
    closed = ArticleFactory(comments_open=False)
    response = client.post(post_url(closed), comment_data(closed, text="Too late?"))

    assert "Comments are closed on this story." in response.content.decode()
    assert_form_kept(response, text="Too late?")


def test_story_with_comments_closed_shows_no_form(client):
    closed = ArticleFactory(comments_open=False)
    html = client.get(closed.get_absolute_url()).content.decode()

    assert "Comments are closed." in html
    assert "Leave a Reply" not in html


@pytest.mark.parametrize("make", ["unknown", "draft"])
def test_comment_on_an_unknown_or_unpublished_story_is_404(client, comment_data, make):
    from articles.models import Article

    target = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    url = post_url(target) if make == "draft" else "/comments/post/999999/"

    assert client.post(url, comment_data(target)).status_code == 404
    assert Comment.objects.count() == 0


def test_the_form_asks_for_name_email_website_and_comment(client, story):
    html = client.get(story.get_absolute_url()).content.decode()

    assert "Leave a Reply" in html
    assert "Your email address will not be published. Required fields are marked" in html
    for label in ["Name", "Email", "Website", "Comment"]:
        assert f">{label}" in html
    assert html.count('class="required" aria-hidden="true">*</span>') == 3


def test_honeypot_filled_by_a_bot_is_kept_as_spam_and_answered_like_a_person(
    client, story, comment_data
):
    response = client.post(post_url(story), comment_data(story, homepage="http://spam.example"))

    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert "comments_pending" not in response.cookies


def test_post_from_another_site_is_refused_with_the_text_kept(client, story, comment_data):
    response = client.post(
        post_url(story), comment_data(story, text="Forged?"), HTTP_ORIGIN="https://evil.example"
    )

    assert response.status_code == 403
    assert "sent from another website" in response.content.decode()
    assert "Forged?" in response.content.decode()
    assert Comment.objects.count() == 0


def test_post_from_this_site_passes_the_origin_check(client, story, comment_data):
    response = client.post(post_url(story), comment_data(story), HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302


def test_form_sent_back_too_fast_is_refused_and_kept(client, story, comment_data, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    response = client.post(post_url(story), comment_data(story, text="Quick one"))

    assert "faster than a person can type" in response.content.decode()
    assert_form_kept(response, text="Quick one")


def test_expired_form_is_refused_and_kept(client, story, comment_data):
    old = form_token(story.pk, now=time.time() - 3 * 24 * 3600)
    response = client.post(post_url(story), comment_data(story, token=old, text="Old tab"))

    assert "the form has expired" in response.content.decode()
    assert_form_kept(response, text="Old tab")


def test_forged_token_is_refused(client, story, comment_data):
    response = client.post(post_url(story), comment_data(story, token="made-up"))

    assert "could not be checked" in response.content.decode()
    assert Comment.objects.count() == 0


def test_control_characters_are_removed_and_any_script_is_welcome(client, story, comment_data):
    client.post(
        post_url(story),
        comment_data(story, name="Zoë 李", text="Привет\x00 соседи\x07!\nSecond line"),
    )

    comment = Comment.objects.get()
    assert comment.name == "Zoë 李"
    assert comment.text == "Привет соседи!\nSecond line"


def test_comment_text_is_escaped_and_links_are_not_endorsed(client, story):
    CommentFactory(
        article=story, text="<script>alert(1)</script> see https://example.org/x\nthanks"
    )
    html = client.get(story.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://example.org/x" rel="nofollow ugc noopener"' in html
    assert "<br>thanks" in html


def test_story_lists_show_the_number_of_approved_comments(client, story):
    CommentFactory(article=story)
    reply = CommentFactory(article=story, status=Comment.Status.PENDING)
    comment_approve(comment=reply)
    CommentFactory(article=story, status=Comment.Status.PENDING)

    html = client.get("/").content.decode()

    assert f'href="{story.get_absolute_url()}#comments">2 comments</a>' in html
