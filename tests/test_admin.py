import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "articles/article",
        "articles/section",
        "articles/author",
        "articles/source",
        "taggit/tag",
        "comments/comment",
    ],
)
def test_admin_lists_and_add_forms_open(editor_client, model):
    ArticleFactory(authors=[AuthorFactory()], tags=["parks"], source=SourceFactory())
    CommentFactory()
    app, name = model.split("/")

    assert editor_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:{app}_{name}_add")).status_code == 200
    searched = editor_client.get(reverse(f"admin:{app}_{name}_changelist") + "?q=a")
    assert searched.status_code == 200


def test_editor_writes_a_story_with_ordered_bylines_in_the_admin(editor_client):
    section = SectionFactory()
    lead_writer, contributor = AuthorFactory(name="Lead Writer"), AuthorFactory(name="Contributor")
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Council passes budget",
            "slug": "council-passes-budget",
            "dek": "A short summary.",
            "body": "<p>Body <script>x()</script></p>",
            "section": section.pk,
            "tags": "budget, city hall",
            "status": "published",
            "published_at_0": "2026-11-20",
            "published_at_1": "09:00:00",
            "comments_open": "on",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "bylines-TOTAL_FORMS": "2",
            "bylines-INITIAL_FORMS": "0",
            "bylines-0-author": contributor.pk,
            "bylines-0-order": "1",
            "bylines-1-author": lead_writer.pk,
            "bylines-1-order": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    story = Article.objects.get(slug="council-passes-budget")
    assert [a.name for a in story.byline_authors] == ["Lead Writer", "Contributor"]
    assert sorted(story.tags.names()) == ["budget", "city hall"]
    assert "<script>" not in story.body


def test_bulk_approve_makes_comments_public(editor_client, client):
    story = ArticleFactory()
    held = CommentFactory.create_batch(
        2, article=story, status=Comment.Status.PENDING, text="Held for now"
    )

    response = editor_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [c.pk for c in held]},
        follow=True,
    )

    assert "Approved 2 comment(s)." in response.content.decode()
    assert Comment.objects.approved().count() == 2
    editor_client.logout()
    assert client.get(story.get_absolute_url()).content.decode().count("Held for now") == 2


def test_bulk_mark_as_spam_hides_comments(editor_client):
    comment = CommentFactory(text="Buy cheap watches")

    editor_client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": "mark_spam", "_selected_action": [comment.pk]},
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_moderators_see_the_commenters_email_in_the_admin(editor_client):
    CommentFactory(email="private@example.com", status=Comment.Status.PENDING)
    html = editor_client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert "private@example.com" in html


def test_comment_list_filters_by_status(editor_client):
    CommentFactory(text="Approved one")
    CommentFactory(text="Pending one", status=Comment.Status.PENDING)

    html = editor_client.get(
        reverse("admin:comments_comment_changelist") + "?status=pending"
    ).content.decode()

    assert "Pending one" in html and "Approved one" not in html
