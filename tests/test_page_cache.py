"""Anonymous readers are served stored pages; every change they would see retires them."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_approve, comment_mark_spam, comment_trash
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, SectionFactory

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, stale-while-revalidate=300"


def fetch(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_second_anonymous_reader_gets_the_stored_page_with_the_same_bytes(client):
    story = ArticleFactory()
    first = client.get(story.get_absolute_url())
    second = type(client)().get(story.get_absolute_url())

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert first["Cache-Control"] == second["Cache-Control"] == PUBLIC


@pytest.mark.parametrize("url", ["/", "/section/s/", "/tag/parks/", "/author/a/"])
def test_every_public_listing_is_cached(client, url):
    ArticleFactory(
        section=SectionFactory(slug="s"), tags=["parks"], authors=[AuthorFactory(slug="a")]
    )
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_head_requests_are_served_from_the_cache_too(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    assert client.head(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_missing_pages_are_not_stored(client):
    client.get("/no-such-page/")
    assert client.get("/no-such-page/")["X-Page-Cache"] == "miss"


def test_staff_always_get_a_fresh_private_page(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    staff = get_user_model().objects.create_user("desk", is_staff=True)
    client.force_login(staff)

    response = client.get(story.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_readers_with_comment_cookies_get_their_own_page(client, comment_data):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    client.post(reverse("comments:post", kwargs={"article_id": story.pk}), comment_data(story))

    response = client.get(story.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"
    assert "Your comment is awaiting moderation." in response.content.decode()


def test_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    assert "X-Page-Cache" not in client.get(story.get_absolute_url())


def test_cached_page_expires_after_its_time(client, settings):
    settings.PAGE_CACHE_SECONDS = 1
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    time.sleep(1.1)
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "miss"


# Invalidation: each change readers would see shows on the next request.


def test_publishing_a_story_shows_it_on_the_home_page(client):
    ArticleFactory(headline="Old news")
    fetch(client, "/")
    draft = ArticleFactory(headline="Fresh story", status="draft", published_at=None)
    assert "Fresh story" not in fetch(client, "/")[1]

    draft.status = "published"
    draft.save()

    assert "Fresh story" in fetch(client, "/")[1]


def test_editing_a_story_shows_the_edit(client):
    story = ArticleFactory(headline="Before the edit")
    fetch(client, story.get_absolute_url())
    story.headline = "After the edit"
    story.save()
    assert "After the edit" in fetch(client, story.get_absolute_url())[1]


def test_unpublishing_a_story_removes_it(client):
    story = ArticleFactory(headline="Soon gone")
    fetch(client, "/")
    fetch(client, story.get_absolute_url())
    story.status = "unpublished"
    story.save()

    assert "Soon gone" not in fetch(client, "/")[1]
    assert client.get(story.get_absolute_url()).status_code == 404


def test_approving_and_removing_a_comment_show_at_once(client):
    story = ArticleFactory()
    held = CommentFactory(article=story, status=Comment.Status.PENDING, text="Held at first")
    assert "Held at first" not in fetch(client, story.get_absolute_url())[1]

    comment_approve(comment=held)
    assert "Held at first" in fetch(client, story.get_absolute_url())[1]

    comment_mark_spam(comment=held)
    assert "Held at first" not in fetch(client, story.get_absolute_url())[1]

    comment_approve(comment=held)
    fetch(client, story.get_absolute_url())
    comment_trash(comment=held)
    assert "Held at first" not in fetch(client, story.get_absolute_url())[1]


def test_a_new_held_comment_does_not_retire_the_cache(client, comment_data):
    story = ArticleFactory()
    fetch(client, story.get_absolute_url())
    type(client)().post(
        reverse("comments:post", kwargs={"article_id": story.pk}), comment_data(story)
    )
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_editing_a_section_or_author_shows_everywhere(client):
    section = SectionFactory(name="Old Name", slug="news")
    author = AuthorFactory(slug="sam", bio="Old bio")
    ArticleFactory(section=section, authors=[author])
    fetch(client, "/")
    fetch(client, author.get_absolute_url())

    section.name = "Local News"
    section.save()
    author.bio = "New bio"
    author.save()

    assert "Local News" in fetch(client, "/")[1]
    assert "New bio" in fetch(client, author.get_absolute_url())[1]


def test_tagging_a_story_shows_on_the_tag_page(client):
    story = ArticleFactory(headline="Park story")
    fetch(client, "/tag/parks/")
    story.tags.add("parks")
    assert "Park story" in fetch(client, "/tag/parks/")[1]


def test_reply_form_on_a_cached_page_still_works_and_is_still_protected(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    story = ArticleFactory()
    type(client)().get(story.get_absolute_url())
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    form = {"name": "Lee", "email": "lee@example.org", "text": "From a cached page", "token": token}
    url = reverse("comments:post", kwargs={"article_id": story.pk})

    forged = type(client)().post(url, form, HTTP_ORIGIN="https://evil.example")
    posted = client.post(url, form, HTTP_ORIGIN="http://testserver")

    assert forged.status_code == 403
    assert posted.status_code == 302
    assert Comment.objects.get().text == "From a cached page"
