"""People work for their own town: another town's drafts, publishing and comments are out
of their reach; network editors reach every town."""

import pytest
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


@pytest.fixture
def draft_of_a(town_a):
    return ArticleFactory(
        site=town_a, headline="Draft about the water board", status=Article.Status.DRAFT
    )


def test_a_writer_of_b_does_not_see_or_open_as_drafts(
    draft_of_a, town_b, make_town_staff, signed_in
):
    client = signed_in(make_town_staff("bea", "Writers", town_b))
    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    assert "Draft about the water board" not in listing.text
    change = client.get(reverse("admin:articles_article_change", args=[draft_of_a.pk]))
    assert change.status_code == 302  # the admin's "does not exist", back to its index
    assert "Draft about the water board" not in client.get(change["Location"]).text
    assert client.get(reverse("articles:preview", args=[draft_of_a.pk])).status_code == 404


def test_an_editor_of_b_cannot_publish_as_draft(draft_of_a, town_b, make_town_staff, signed_in):
    client = signed_in(make_town_staff("ed", "Editors", town_b))
    client.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [draft_of_a.pk], "index": 0},
    )
    draft_of_a.refresh_from_db()
    assert draft_of_a.status == Article.Status.DRAFT


def test_an_editor_of_b_cannot_move_a_story_into_a_town_not_theirs(
    town_a, town_b, make_town_staff, signed_in
):
    client = signed_in(make_town_staff("ed", "Editors", town_b))
    add = client.get(reverse("admin:articles_article_add"))
    choices = add.context["adminform"].form.fields["site"].queryset
    assert list(choices) == [town_b]
    assert add.context["adminform"].form.initial["site"] == town_b.pk


def test_an_editor_of_b_publishes_bs_own_draft(town_b, make_town_staff, signed_in):
    draft = ArticleFactory(site=town_b, status=Article.Status.DRAFT)
    client = signed_in(make_town_staff("ed", "Editors", town_b))
    client.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [draft.pk], "index": 0}
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_a_moderator_of_b_cannot_see_or_approve_comments_on_as_stories(
    town_a, town_b, make_town_staff, signed_in
):
    held = CommentFactory(
        article=ArticleFactory(site=town_a),
        text="Held comment in town A",
        status=Comment.Status.PENDING,
    )
    client = signed_in(make_town_staff("mo", "Moderators", town_b))
    queue = reverse("admin:comments_comment_changelist")
    assert "Held comment in town A" not in client.get(queue + "?status=pending").text
    client.post(queue, {"action": "approve", "_selected_action": [held.pk], "index": 0})
    held.refresh_from_db()
    assert held.status == Comment.Status.PENDING

    # A's own moderator sees it and approves it.
    client = signed_in(make_town_staff("mo-a", "Moderators", town_a))
    assert "Held comment in town A" in client.get(queue + "?status=pending").text
    client.post(queue, {"action": "approve", "_selected_action": [held.pk], "index": 0})
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED


def hold_comments(per_town: dict) -> None:
    """This many comments waiting for a moderator on a story of each town."""
    for site, held in per_town.items():
        CommentFactory.create_batch(
            held, article=ArticleFactory(site=site), status=Comment.Status.PENDING
        )


def test_the_queues_status_counts_are_the_moderators_own_towns(
    town_a, town_b, make_town_staff, signed_in
):
    hold_comments({town_a: 3, town_b: 1})
    queue = reverse("admin:comments_comment_changelist")

    of_b = signed_in(make_town_staff("mo", "Moderators", town_b)).get(queue).text
    assert "Pending (1)" in of_b and "All (1)" in of_b
    everyone = signed_in(make_town_staff("net", "Moderators", every_site=True)).get(queue).text
    assert "Pending (4)" in everyone


def test_a_network_editor_works_on_every_town(draft_of_a, town_b, make_town_staff, signed_in):
    draft_of_b = ArticleFactory(site=town_b, headline="Draft in town B", status="draft")
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    listing = client.get(reverse(CHANGELIST)).text
    assert "Draft about the water board" in listing and "Draft in town B" in listing
    client.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [draft_of_a.pk, draft_of_b.pk], "index": 0},
    )
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.PUBLISHED}


def test_the_story_list_shows_and_filters_by_site(draft_of_a, town_b, make_town_staff, signed_in):
    ArticleFactory(site=town_b, headline="Draft in town B", status="draft")
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    only_b = client.get(reverse(CHANGELIST) + f"?site__id__exact={town_b.pk}").text
    assert "Draft in town B" in only_b and "Draft about the water board" not in only_b
    assert "The Town B Loop" in only_b  # the column


def test_in_a_one_town_installation_staff_need_no_membership(make_town_staff, client):
    ArticleFactory(headline="Draft of the only town", status=Article.Status.DRAFT)
    client.force_login(make_town_staff("ed", "Editors"))
    assert "Draft of the only town" in client.get(reverse(CHANGELIST)).text


def test_the_admin_header_counts_only_the_own_towns_waiting_work(
    town_a, town_b, make_town_staff, signed_in
):
    ArticleFactory(site=town_a, status=Article.Status.PENDING)
    ArticleFactory(site=town_b, status=Article.Status.PENDING)
    CommentFactory(article=ArticleFactory(site=town_a), status=Comment.Status.PENDING)
    client = signed_in(make_town_staff("ed", "Editors", town_b))
    page = client.get(reverse("admin:index"))
    assert page.context["in_review"] == 1
    assert page.context["pending"] == 0


def test_staff_of_no_town_work_on_the_default_one_when_a_second_town_is_added(
    draft_of_a, town_b, make_town_staff, signed_in
):
    ArticleFactory(site=town_b, headline="Draft in town B", status="draft")
    client = signed_in(make_town_staff("old-hand", "Editors"))
    listing = client.get(reverse(CHANGELIST)).text
    assert "Draft about the water board" in listing and "Draft in town B" not in listing


def test_the_admin_front_page_counts_waiting_comments_per_town_for_network_staff(
    town_a, town_b, make_town_staff, signed_in
):
    hold_comments({town_a: 2, town_b: 1})
    client = signed_in(make_town_staff("net", "Moderators", every_site=True))
    page = client.get(reverse("admin:index")).text
    assert f'article__site__id__exact={town_a.pk}">The Town A Loop: <strong>2</strong>' in page
    assert f'article__site__id__exact={town_b.pk}">The Town B Loop: <strong>1</strong>' in page

    # A town's own moderator gets the one count, no list.
    mine = signed_in(make_town_staff("mo-b", "Moderators", town_b)).get(reverse("admin:index"))
    assert mine.context["pending"] == 1 and "waiting-by-town" not in mine.text
