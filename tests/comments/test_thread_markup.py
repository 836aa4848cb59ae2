"""The thread as the story page prints it (rendered by Jinja2 from worked-out records)."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def thread_html(client, story) -> str:
    html = client.get(story.get_absolute_url()).content.decode()
    return html[html.index('<section class="comments"') : html.index('id="respond"')]


def test_names_and_texts_typed_by_commenters_are_escaped(client):
    story = ArticleFactory()
    CommentFactory(article=story, name='<img src=x onerror="alert(1)">', text="a & b <i>c</i>")

    html = thread_html(client, story)

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "a &amp; b &lt;i&gt;c&lt;/i&gt;" in html


def test_each_comment_carries_its_anchor_time_report_link_and_reply_link(client):
    story = ArticleFactory()
    comment = CommentFactory(article=story, name="Ana Lopez")

    html = thread_html(client, story)

    expected_time = Template(
        '<time datetime="{{ m|date:\'Y-m-d\\TH:i:sO\' }}">{{ m|date:"N j, Y \\a\\t g:i a" }}</time>'
    ).render(Context({"m": comment.created_at}))
    assert f'<li class="comment" id="comment-{comment.pk}">' in html
    assert f'href="#comment-{comment.pk}">{expected_time}</a>' in html
    assert f'href="{reverse("comments:report", args=[comment.pk])}"' in html
    assert f'href="?replyto={comment.pk}#respond" data-reply-to="{comment.pk}"' in html
    assert '<span class="avatar avatar-' in html and ">AL</span>" in html


def test_replies_are_nested_lists_and_the_deepest_say_whom_they_answer(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    story = ArticleFactory()
    first = CommentFactory(article=story, name="First")
    second = CommentFactory(article=story, parent=first, name="Second")
    CommentFactory(article=story, parent=second, name="Third")

    html = thread_html(client, story)

    assert html.count('<ol class="comment-list">') == 2
    assert re.search(
        rf'id="comment-{first.pk}".*<ol class="comment-list">.*id="comment-{second.pk}"',
        html,
        re.S,
    )
    assert '<span class="in-reply-to">in reply to Second</span>' in html
