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


def cached_story_form(client, story) -> tuple[dict, str]:
    """The reply form as a cached story page gives it: its fields and its fresh-token URL."""
    type(client)().get(story.get_absolute_url())
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    html = response.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    fresh_url = re.search(r'data-fresh-token="([^"]+)"', html).group(1)
    form = {"name": "Lee", "email": "lee@example.org", "text": "From a cached page", "token": token}
    return form, fresh_url


def token_in(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_reply_form_on_a_cached_page_works_with_the_pages_script(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    story = ArticleFactory()
    form, fresh_url = cached_story_form(client, story)
    url = reverse("comments:post", kwargs={"article_id": story.pk})

    fresh = client.get(fresh_url)  # what site.js asks for when the reader starts typing
    assert fresh["Cache-Control"].startswith("max-age=0") and "no-store" in fresh["Cache-Control"]
    form["token"] = fresh.json()["token"]
    forged = type(client)().post(url, form, HTTP_ORIGIN="https://evil.example")
    posted = client.post(url, form, HTTP_ORIGIN="http://testserver")

    assert forged.status_code == 403
    assert posted.status_code == 302
    assert Comment.objects.get().text == "From a cached page"


def test_reply_form_on_a_cached_page_works_without_javascript_in_one_more_step(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    story = ArticleFactory()
    form, _ = cached_story_form(client, story)
    url = reverse("comments:post", kwargs={"article_id": story.pk})

    first = client.post(url, form, HTTP_ORIGIN="http://testserver")
    html = first.content.decode()
    assert first.status_code == 400
    assert "One more step" in html and "From a cached page" in html  # nothing is lost
    assert not Comment.objects.exists()
    again = client.post(url, {**form, "token": token_in(html)}, HTTP_ORIGIN="http://testserver")

    assert again.status_code == 302
    assert Comment.objects.get().text == "From a cached page"


def test_a_bot_posting_right_after_fetching_a_cached_page_is_refused(client, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    story = ArticleFactory()
    # The page (and its token) was made a minute ago; the bot fetches the cached copy now.
    with freeze_clock(time.time() - 60):
        type(client)().get(story.get_absolute_url())
    form, fresh_url = cached_story_form(client, story)
    url = reverse("comments:post", kwargs={"article_id": story.pk})

    with_page_token = client.post(url, form, HTTP_ORIGIN="http://testserver")
    form["token"] = client.get(fresh_url).json()["token"]
    with_fresh_token = client.post(url, form, HTTP_ORIGIN="http://testserver")
    confirmed_at_once = client.post(
        url,
        {**form, "token": token_in(with_page_token.content.decode())},
        HTTP_ORIGIN="http://testserver",
    )

    assert with_page_token.status_code == 400
    assert with_fresh_token.status_code == 400
    assert "faster than a person" in with_fresh_token.content.decode()
    assert confirmed_at_once.status_code == 400
    assert not Comment.objects.exists()


def freeze_clock(moment: float):
    from unittest import mock

    return mock.patch("comments.protection.time.time", return_value=moment)


@pytest.mark.parametrize("url", ["/", "/section/s/", "story"])
def test_a_stored_page_keeps_vary_cookie_as_the_first_answer_had_it(client, url):
    story = ArticleFactory(section=SectionFactory(slug="s"))
    url = story.get_absolute_url() if url == "story" else url
    miss = type(client)().get(url)
    hit = type(client)().get(url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert "Cookie" in miss["Vary"]
    assert hit["Vary"] == miss["Vary"]
    assert hit["Cache-Control"] == miss["Cache-Control"]
