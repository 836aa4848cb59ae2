"""What the daily digest says: the top stories since the last one, by section, Community
News and upcoming events, in HTML and text, with plain story links and nothing tracking."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.trending import record_read
from network.models import Site
from newsletter.digest import UNSUBSCRIBE_MARKER, digest_content, render_digest
from newsletter.models import Issue
from newsletter.scheduling import start_due_digest
from tests.factories import ArticleFactory, EventFactory, SectionFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(db):
    return {
        "news": SectionFactory(name="News", slug="news", order=1),
        "community": SectionFactory(name="Community", slug="community", order=2),
        "schools": SectionFactory(name="Schools", slug="schools", order=3),
    }


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_top_stories_since_the_last_digest_by_section_most_read_first(sections):
    Issue.objects.create(
        kind="digest",
        edition_date=timezone.localdate() - timedelta(1),
        status="sent",
        started_at=hours_ago(20),
    )
    ArticleFactory(section=sections["news"], headline="Too old", published_at=hours_ago(21))
    quiet = ArticleFactory(section=sections["news"], headline="Quiet", published_at=hours_ago(2))
    read = ArticleFactory(section=sections["news"], headline="Much read", published_at=hours_ago(9))
    record_read(article_id=read.pk, amount=40)
    ArticleFactory(section=sections["schools"], headline="School story")
    ArticleFactory(section=sections["community"], headline="Bake sale", contributor_name="Ana")
    ArticleFactory(section=sections["news"], headline="Draft", status=Article.Status.DRAFT)
    EventFactory(article=ArticleFactory(section=sections["community"], headline="Fair"))

    content = digest_content(
        site=Site.objects.default(), edition=timezone.localdate(), now=timezone.now()
    )

    assert [(s.name, [a.headline for a in stories]) for s, stories in content.sections] == [
        ("News", ["Much read", "Quiet"]),
        ("Schools", ["School story"]),
    ]
    assert {a.headline for a in content.community} == {"Bake sale", "Fair"}
    assert [e.article.headline for e in content.events] == ["Fair"]
    assert quiet in content.sections[0][1]


def test_the_email_links_only_to_stories_and_tracks_nothing(sections):
    Site.objects.filter(is_default=True).update(base_url="https://news.example.org")
    story = ArticleFactory(section=sections["news"], headline="Bridge <reopens> & more")
    content = digest_content(
        site=Site.objects.default(), edition=timezone.localdate(), now=timezone.now()
    )

    rendered = render_digest(content, note="Good morning,\nthe <b>bridge</b> is open.")

    links = re.findall(r'href="([^"]+)"', rendered.html)
    allowed = {"https://news.example.org/", f"https://news.example.org{story.get_absolute_url()}"}
    assert set(links) - {UNSUBSCRIBE_MARKER} <= allowed
    assert "<img" not in rendered.html
    assert "Bridge &lt;reopens&gt; &amp; more" in rendered.html
    assert "the &lt;b&gt;bridge&lt;/b&gt; is open." in rendered.html
    assert "Bridge <reopens> & more" in rendered.text
    assert f"https://news.example.org{story.get_absolute_url()}" in rendered.text
    assert UNSUBSCRIBE_MARKER in rendered.text and UNSUBSCRIBE_MARKER in rendered.html
    assert rendered.subject.endswith(": Bridge <reopens> & more")


def test_no_digest_before_its_time_and_one_a_day_after(sections, settings):
    settings.NEWSLETTER_SEND_AT = "06:00"
    # Yesterday's morning: today's might not have come yet, and a story "published" then
    # would not be published at all.
    yesterday = timezone.localdate() - timedelta(days=1)
    early = timezone.make_aware(timezone.datetime.combine(yesterday, timezone.datetime.min.time()))
    early += timedelta(hours=5, minutes=59)
    ArticleFactory(section=sections["news"], published_at=early - timedelta(hours=1))
    SubscriberFactory()

    assert start_due_digest(early, site=Site.objects.default()) is None
    issue = start_due_digest(early + timedelta(minutes=1), site=Site.objects.default())
    assert issue.status == Issue.Status.SENDING and issue.deliveries.count() == 1
    assert start_due_digest(early + timedelta(hours=2), site=Site.objects.default()) is None
    assert Issue.objects.count() == 1


def test_a_day_without_news_sends_nothing(sections, settings):
    settings.NEWSLETTER_SEND_AT = "00:00"
    SubscriberFactory()
    issue = start_due_digest(timezone.now(), site=Site.objects.default())
    assert issue.status == Issue.Status.SKIPPED
    assert issue.deliveries.count() == 0


def test_the_editors_note_goes_at_the_top_of_todays_digest(sections, settings):
    settings.NEWSLETTER_SEND_AT = "00:00"
    ArticleFactory(section=sections["news"])
    Issue.objects.create(kind="digest", edition_date=timezone.localdate(), note="Snow day!")
    issue = start_due_digest(timezone.now(), site=Site.objects.default())
    assert issue.status == Issue.Status.SENDING
    assert issue.html.index("Snow day!") < issue.html.index("News")


def test_an_alert_is_only_for_a_published_story(sections):
    from newsletter.scheduling import alert_start

    draft = ArticleFactory(section=sections["news"], status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValueError, match="Only a published story"):
        alert_start(article=draft)
    assert not Issue.objects.exists()
