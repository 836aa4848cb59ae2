"""A town's pages and emails print its own time; a story's address keeps the
installation's date (TIME_ZONE), so it is the same on every town that shows it."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import timezone

from comments.models import Comment
from comments.notifications import send_moderator_alert
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

# 06:30 UTC: 23:30 the evening before in Denver (TIME_ZONE), 15:30 the same day in Tokyo.
LATE_IN_DENVER = datetime(2026, 1, 15, 6, 30, tzinfo=UTC)


@pytest.fixture
def tokyo_b(town_b):
    town_b.time_zone = "Asia/Tokyo"
    town_b.save()
    return town_b


@pytest.fixture
def shared_story(town_a, tokyo_b):
    story = ArticleFactory(
        site=town_a, headline="Night market opens", slug="night-market", published_at=LATE_IN_DENVER
    )
    story.shared_to.add(tokyo_b)
    return story


def test_a_storys_address_has_the_installations_date_on_every_town(
    shared_story, reader_a, reader_b, settings
):
    assert settings.TIME_ZONE == "America/Denver"
    assert shared_story.get_absolute_url() == "/2026/01/14/night-market/"
    for reader in (reader_a, reader_b):
        assert reader.get("/2026/01/14/night-market/").status_code == 200
        # The town's own date still finds it, by a redirect to its one address.
        moved = reader.get("/2026/01/15/night-market/")
        assert moved.status_code == 301 and moved["Location"] == "/2026/01/14/night-market/"
        assert "/2026/01/14/night-market/" in reader.get("/").text


def test_each_town_prints_the_time_in_its_own_zone(shared_story, reader_a, reader_b):
    a_page = reader_a.get(shared_story.get_absolute_url()).text
    b_page = reader_b.get(shared_story.get_absolute_url()).text
    assert '<time datetime="2026-01-14T23:30:00-0700">Jan. 14, 2026</time>' in a_page
    assert '<time datetime="2026-01-15T15:30:00+0900">Jan. 15, 2026</time>' in b_page


def test_the_time_zone_is_the_towns_for_its_request_only(shared_story, reader_b):
    reader_b.get(shared_story.get_absolute_url())
    assert timezone.get_current_timezone_name() == "America/Denver"


def test_an_email_about_bs_comment_prints_bs_time(tokyo_b, make_town_staff):
    make_town_staff("mo-b", "Moderators", tokyo_b)
    held = CommentFactory(article=ArticleFactory(site=tokyo_b), status=Comment.Status.PENDING)
    Comment.objects.filter(pk=held.pk).update(created_at=LATE_IN_DENVER)
    held.refresh_from_db()
    assert send_moderator_alert(held) == 1
    assert "(Jan. 15, 2026, 3:30 p.m.)" in mail.outbox[0].body
