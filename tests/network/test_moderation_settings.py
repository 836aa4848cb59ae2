"""Each town has its own moderation rules: a comment is judged by those of its story's
home town, and a town's editors see and change their own town's rules only."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SETTINGS_LIST = "admin:comments_moderationsettings_changelist"


def change_url(row: ModerationSettings) -> str:
    return reverse("admin:comments_moderationsettings_change", args=[row.pk])


@pytest.fixture
def strict_b(town_a, town_b) -> ModerationSettings:
    """Town B sends "casino" to spam; town A has the default rules."""
    row = ModerationSettings.objects.for_site(town_b)
    row.disallowed_words = "casino"
    row.save()
    return row


def test_a_comment_is_judged_by_its_storys_home_town_rules(
    strict_b, town_a, town_b, reader_a, reader_b, comment_data
):
    on_a, on_b = ArticleFactory(site=town_a), ArticleFactory(site=town_b)
    text = "The casino bus stops here now."
    reader_a.post(f"/comments/post/{on_a.pk}/", comment_data(on_a, text=text))
    reader_b.post(f"/comments/post/{on_b.pk}/", comment_data(on_b, text=text))
    assert on_b.comments.get().status == Comment.Status.SPAM
    assert on_a.comments.get().status != Comment.Status.SPAM


def test_a_new_town_gets_the_default_rules_when_first_asked(town_b):
    assert not ModerationSettings.objects.filter(site=town_b).exists()
    row = ModerationSettings.objects.for_site(town_b)
    assert row.site == town_b and row.auto_approve and row.link_limit == 2
    assert ModerationSettings.objects.for_site(town_b) == row


def test_an_editor_of_b_opens_bs_rules_and_not_as(strict_b, town_a, make_town_staff, signed_in):
    a_row = ModerationSettings.objects.for_site(town_a)
    client = signed_in(make_town_staff("ed-b", "Editors", strict_b.site))
    listing = client.get(reverse(SETTINGS_LIST))
    assert listing.status_code == 302 and listing["Location"] == change_url(strict_b)
    assert client.get(change_url(a_row)).status_code == 302  # "does not exist"
    client.post(change_url(a_row), {"disallowed_words": "tyranny", "link_limit": 2})
    a_row.refresh_from_db()
    assert a_row.disallowed_words == ""

    changed = client.post(
        change_url(strict_b), {"disallowed_words": "casino\nlottery", "link_limit": 3}
    )
    assert changed.status_code == 302
    strict_b.refresh_from_db()
    assert strict_b.disallowed_words.splitlines() == ["casino", "lottery"]


def test_the_comment_test_uses_the_towns_own_rules(strict_b, town_a, make_town_staff, signed_in):
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    test_url = reverse("admin:comments_moderationsettings_test")
    assert f'href="{test_url}?site={strict_b.site.pk}"' in client.get(change_url(strict_b)).text
    sample = {"name": "Lucky", "email": "lucky@example.com", "text": "Win at the casino"}
    on_b = client.post(f"{test_url}?site={strict_b.site.pk}", sample).text
    on_a = client.post(f"{test_url}?site={town_a.pk}", sample).text
    assert "Disallowed word or phrase" in on_b
    assert "Disallowed word or phrase" not in on_a


def test_a_network_editor_lists_every_towns_rules(strict_b, town_a, make_town_staff, signed_in):
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    listing = client.get(reverse(SETTINGS_LIST))
    assert listing.status_code == 200
    assert "Moderation settings of The Town A Loop" in listing.text
    assert "Moderation settings of The Town B Loop" in listing.text
    assert ModerationSettings.objects.count() == 2  # A's made on demand for the list
