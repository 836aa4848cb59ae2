"""Merging tags moves their stories to the tag kept, in the service and from the desk."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from taggit.models import Tag

from articles.models import TaggedStory
from articles.tag_merging import tags_merge
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    return {
        "parks only": ArticleFactory(tags=["parks"]),
        "both": ArticleFactory(tags=["parks", "green-spaces"]),
        "green only": ArticleFactory(tags=["green-spaces"]),
        "roads": ArticleFactory(tags=["roads"]),
    }


def slugs(story) -> list[str]:
    return sorted(story.tags.slugs())


def test_merged_tags_stories_carry_the_kept_tag_once_each(stories):
    kept = Tag.objects.create(name="Parks and green spaces")

    moved = tags_merge(tags=Tag.objects.filter(slug__in=["parks", "green-spaces"]), into=kept)

    assert moved == {stories[name].pk for name in ("parks only", "both", "green only")}
    for name in ("parks only", "both", "green only"):
        assert slugs(stories[name]) == [kept.slug]
    assert slugs(stories["roads"]) == ["roads"]
    assert not TaggedStory.objects.filter(tag__slug__in=["parks", "green-spaces"]).exists()


def test_merging_into_one_of_the_merged_tags_leaves_its_stories_alone(stories):
    parks = Tag.objects.get(slug="parks")

    moved = tags_merge(tags=Tag.objects.filter(slug__in=["parks", "green-spaces"]), into=parks)

    assert moved == {stories["both"].pk, stories["green only"].pk}
    assert TaggedStory.objects.filter(tag=parks).count() == 3


def test_merging_retires_the_kept_tags_page(client, stories):
    assert client.get("/tag/parks/").status_code == 200
    assert client.get("/tag/parks/")["X-Page-Cache"] == "hit"

    tags_merge(tags=Tag.objects.filter(slug="green-spaces"), into=Tag.objects.get(slug="parks"))

    page = client.get("/tag/parks/")
    assert page["X-Page-Cache"] == "miss"
    assert stories["green only"].headline in page.content.decode()


def test_editor_merges_tags_from_the_desks_tag_list(client, stories):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    merged = Tag.objects.filter(slug__in=["parks", "green-spaces"])
    changelist = reverse("admin:taggit_tag_changelist")

    chosen = client.post(
        changelist,
        {"action": "render_tag_form", "_selected_action": [tag.pk for tag in merged]},
    )
    assert chosen.status_code == 302
    form = chosen["Location"]
    assert client.get(form).status_code == 200
    done = client.post(form, {"new_tag_name": "Green spaces"})

    assert done.status_code == 302
    kept = Tag.objects.get(name="Green spaces")
    for name in ("parks only", "both", "green only"):
        assert slugs(stories[name]) == [kept.slug]


def test_staff_who_may_only_view_tags_cannot_merge_them(client, stories):
    writer = get_user_model().objects.create_user("writer", "writer@example.org", "pw")
    writer.is_staff = True
    writer.save()
    writer.user_permissions.add(Permission.objects.get(codename="view_tag"))
    client.force_login(writer)
    session = client.session
    session["selected_tag_ids"] = str(Tag.objects.get(slug="parks").pk)
    session.save()

    refused = client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Green spaces"})

    assert refused.status_code == 403
    assert slugs(stories["parks only"]) == ["parks"]
