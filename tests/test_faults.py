"""When the database or the cache goes away, readers get the site's own pages, never a
traceback, and nothing a commenter typed is lost."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        **settings.CACHES["default"],
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
    }
}


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as if the database server had gone away."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def test_public_pages_answer_503_with_the_sites_own_page_when_the_database_is_down(
    client, database_down
):
    for url in ["/", "/section/news/", "/2026/01/01/some-story/", "/author/sam/"]:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 503, url
        assert "We’ll be back in a minute" in html
        assert "Traceback" not in html and "OperationalError" not in html
        assert response["Retry-After"] == "60"


def test_health_check_says_the_database_failed(client, database_down):
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unavailable")
    assert response.json()["cache"] == "ok"


def test_health_check_is_200_when_all_is_well(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_comment_posted_while_the_database_is_down_comes_back_to_be_sent_again(
    client, comment_data, monkeypatch
):
    story = ArticleFactory()
    data = comment_data(story, text="Please keep this thought for me.", name="Dee")
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.post(reverse("comments:post", kwargs={"article_id": story.pk}), data)

    html = response.content.decode()
    assert response.status_code == 503
    assert "try again in a minute" in html
    assert "Please keep this thought for me." in html
    assert "not posted yet" in html


@override_settings(
    CACHES=DEAD_REDIS,
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True,
    DJANGO_REDIS_LOGGER="newsroom.cache",
)
def test_site_keeps_serving_uncached_when_redis_is_down(client, caplog, comment_data):
    assert caches["default"].__class__.__module__ == "django_redis.cache"
    story = ArticleFactory(headline="Still readable")
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    posted = client.post(
        reverse("comments:post", kwargs={"article_id": story.pk}), comment_data(story)
    )
    beacon = client.post(
        reverse("articles:read-beacon", kwargs={"pk": story.pk}),
        HTTP_USER_AGENT="Mozilla/5.0 Chrome/126",
    )
    health = client.get("/healthz")

    assert first.status_code == second.status_code == 200
    assert "Still readable" in second.content.decode()
    assert second["X-Page-Cache"] == "miss"  # nothing could be stored
    assert posted.status_code == 302  # the comment is stored in the database
    from comments.models import Comment

    assert Comment.objects.filter(article=story).count() == 1
    assert beacon.status_code == 204  # the read may be lost; the reader sees nothing
    assert health.status_code == 503 and health.json()["cache"].startswith("unavailable")
    # One short line for the outage, not a traceback for every failed cache call.
    outage = [r for r in caplog.records if r.name == "newsroom.cache"]
    assert len(outage) == 1
    assert outage[0].getMessage().startswith("Cache unavailable (ConnectionError")
    assert outage[0].levelname == "WARNING" and outage[0].exc_info is None


# Once a comment is stored, nothing after the commit can turn the answer into "not posted".


def test_a_stored_comment_is_answered_as_posted_when_mail_fails_after_the_commit(
    client, comment_data, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    import smtplib

    from comments import notifications
    from comments.models import Comment

    def mail_server_refuses(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"moderator@example.org": (550, b"no")})

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(notifications, "send_moderator_alert", mail_server_refuses)
    monkeypatch.setattr(notifications, "send_email_confirmation", database_gone)
    story = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": story.pk})
    data = comment_data(story, email="writer@example.net", text="Stored, whatever the mail does.")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "failed after the change was stored (SMTPRecipientsRefused)" in logged
    assert "@" not in logged  # neither the writer's nor a moderator's address


def test_a_repost_of_the_same_comment_answers_with_the_first_one(client, comment_data):
    from comments.models import Comment

    story = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": story.pk})
    data = comment_data(story, text="Did this go through?  The page said not.")

    first = client.post(url, data)
    again = type(client)().post(url, {**data, "text": "did this go through? the page said not."})

    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    comment = Comment.objects.get()  # one, and not a spam duplicate
    assert comment.status == Comment.Status.PENDING
    # The second browser is shown the held comment as its own, as the first was.
    assert again.cookies["comments_pending"].value


def test_the_same_text_on_another_story_is_a_new_comment(client, comment_data):
    from comments.models import Comment

    first_story, second_story = ArticleFactory(), ArticleFactory()
    for story in (first_story, second_story):
        url = reverse("comments:post", kwargs={"article_id": story.pk})
        client.post(url, comment_data(story, text="Same words, two stories."))
    assert Comment.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="kills a real PostgreSQL connection (make test-postgres)",
)
def test_a_comment_stored_just_before_its_connection_drops_is_answered_as_posted(
    comment_data, caplog
):
    """The database connection is cut (pg_terminate_backend) the moment the comment
    commits; the emails that follow find it gone. The writer is told it is posted, and
    sending it again answers with the same comment."""
    import psycopg
    from django.db import connection
    from django.db.models.signals import post_save
    from django.db.transaction import on_commit

    from comments.models import Comment

    settings_dict = connection.settings_dict

    def cut_connection() -> None:
        pid = connection.connection.info.backend_pid
        with psycopg.connect(
            host=settings_dict["HOST"] or "127.0.0.1",
            port=settings_dict["PORT"] or 5432,
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            dbname=settings_dict["NAME"],
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])

    def on_saved(sender, instance, created, **kwargs):
        if created:  # the first after-commit step; the emails come after it
            on_commit(cut_connection)

    story = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": story.pk})
    data = comment_data(story, text="Posted as the database went away.")
    post_save.connect(on_saved, sender=Comment, dispatch_uid="cut-connection")
    try:
        response = Client().post(url, data)
    finally:
        post_save.disconnect(sender=Comment, dispatch_uid="cut-connection")
        connection.close()

    stored = Comment.objects.get()
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == stored.get_absolute_url()
    assert any("failed after the change was stored" in r.getMessage() for r in caplog.records)

    again = Client().post(url, data)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert Comment.objects.count() == 1
