"""A town's desk emails go to that town's staff (and the network's), with its own links."""

import pytest
from django.core import mail

from articles.models import Article
from articles.notifications import send_review_request
from comments.models import Comment
from comments.notifications import send_moderator_alert
from tests.factories import ArticleFactory, CommentFactory

from .conftest import B_HOST

pytestmark = pytest.mark.django_db


def test_a_held_comment_on_bs_story_is_told_to_bs_moderators_only(town_a, town_b, make_town_staff):
    make_town_staff("mo-a", "Moderators", town_a)
    make_town_staff("mo-b", "Moderators", town_b)
    make_town_staff("mo-net", "Moderators", every_site=True)
    held = CommentFactory(article=ArticleFactory(site=town_b), status=Comment.Status.PENDING)

    assert send_moderator_alert(held) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["mo-b@example.org", "mo-net@example.org"]
    assert f"https://{B_HOST}/admin/comments/comment/{held.pk}/" in mail.outbox[0].body
    assert "The Town B Loop" in mail.outbox[0].subject


def test_a_story_submitted_in_b_is_sent_to_bs_editors_only(town_a, town_b, make_town_staff):
    make_town_staff("ed-a", "Editors", town_a)
    make_town_staff("ed-b", "Editors", town_b)
    story = ArticleFactory(site=town_b, status=Article.Status.PENDING)

    assert send_review_request(story) == 1
    assert mail.outbox[0].to == ["ed-b@example.org"]
    assert f"https://{B_HOST}/preview/{story.pk}/" in mail.outbox[0].body


def test_in_a_one_town_installation_every_moderator_is_told(make_town_staff):
    make_town_staff("mo", "Moderators")
    held = CommentFactory(status=Comment.Status.PENDING)
    assert send_moderator_alert(held) == 1


def test_a_towns_digest_carries_its_stories_and_those_shared_to_it(town_a, town_b):
    from django.utils import timezone

    from newsletter.digest import digest_content

    ArticleFactory(site=town_a, headline="Town A budget passes")
    ArticleFactory(site=town_b, headline="Town B ferry returns")
    shared = ArticleFactory(site=town_b, headline="Town B festival for everyone")
    shared.shared_to.add(town_a)

    content = digest_content(site=town_a, edition=timezone.localdate(), now=timezone.now())
    headlines = {a.headline for _, stories in content.sections for a in stories}
    assert headlines == {"Town A budget passes", "Town B festival for everyone"}


def test_moderators_of_no_town_are_told_about_the_default_towns_comments_only(
    town_a, town_b, make_town_staff
):
    make_town_staff("old-hand", "Moderators")
    on_b = CommentFactory(article=ArticleFactory(site=town_b), status=Comment.Status.PENDING)
    on_a = CommentFactory(article=ArticleFactory(site=town_a), status=Comment.Status.PENDING)
    assert send_moderator_alert(on_b) == 0
    assert send_moderator_alert(on_a) == 1
