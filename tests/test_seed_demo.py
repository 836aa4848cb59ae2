import io

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Section
from comments.models import Comment
from community.models import Event, Submission
from network.models import Site
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

MAYO = "microsoft-and-mayo-clinic-team-up-on-health-ai"


def counts():
    return (
        Section.objects.count(),
        Author.objects.count(),
        Article.objects.count(),
        Comment.objects.count(),
    )


def test_seed_demo_creates_the_demo_newsroom_and_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    stamps = list(Article.objects.order_by("pk").values_list("updated_at", "published_at"))

    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == first
    assert list(Article.objects.order_by("pk").values_list("updated_at", "published_at")) == stamps
    sections, authors, stories, comments = first
    assert Section.objects.filter(slug="community").exists()
    assert 3 <= authors <= 4 and 10 <= stories <= 17
    assert Author.objects.filter(kind="team", name__contains="Editorial Staff").exclude(email="")
    assert Comment.objects.pending().count() == 1
    assert Comment.objects.approved().exclude(parent=None).exists()
    assert all(a.lead_image for a in Article.objects.all())
    assert Submission.objects.waiting().count() == 1
    assert Event.objects.upcoming().count() == 2
    active = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    assert active.of_town(Site.objects.default()).count() == 3
    assert active.of_town(Site.objects.get(slug="riverside")).count() == 2


def test_demo_mayo_story_page_carries_everything_the_seed_page_has(client):
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.get(slug=MAYO)

    # The demo network's first town; localhost is the second (see the test below).
    html = client.get(story.get_absolute_url(), HTTP_HOST="127.0.0.1").content.decode()

    assert "Close to home. Always in the loop." in html
    assert "Mayo Clinic" in html and "Microsoft" in html
    assert html.count("<h2>") >= 2  # the story's two subheadings
    assert "Original reporting: " in html
    assert ">KRDO</a> (Colorado Springs metro) — " in html
    assert ">read the source article</a>" in html
    assert f'<link rel="canonical" href="{story.original_url}">' in html
    assert "Editorial Staff" in html and 'class="byline-bio"' in html
    assert 'class="protected-email"' in html and "newsdesk@" not in html
    assert "Leave a Reply" in html
    assert "Your email address will not be published. Required fields are marked" in html
    for heading in ["Recent News", "Trending", "Community News"]:
        assert f">{heading}</h2>" in html
    assert "1 Comment" in html or "Comments<" in html or " Comments<" in html


def test_demo_network_has_two_towns_on_loopback_sharing_the_network_desks_story(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.get(slug=MAYO)
    first, second = Site.objects.default(), Site.objects.get(slug="riverside")
    assert Site.objects.count() == 2
    assert story.site == first and list(story.shared_to.all()) == [second]
    assert story.byline_authors[0].kind == Author.Kind.TEAM

    at_home = client.get(story.get_absolute_url(), HTTP_HOST="127.0.0.1").text
    shared = client.get(story.get_absolute_url(), HTTP_HOST="localhost").text
    assert first.name in at_home and "Originally published by" not in at_home
    assert second.name in shared
    assert f'Originally published by <a href="{story.home_url}">{first.name}</a>' in shared
    # Its own stories stay with the first town.
    other = Article.objects.exclude(slug=MAYO).first()
    assert client.get(other.get_absolute_url(), HTTP_HOST="localhost").status_code == 404


def test_each_demo_town_has_its_own_sections_and_footer_pages(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    first, second = Site.objects.default(), Site.objects.get(slug="riverside")
    assert set(first.sections.values_list("slug", flat=True)) == set(
        second.sections.values_list("slug", flat=True)
    )
    for town, host in ((first, "127.0.0.1"), (second, "localhost")):
        assert sorted(town.pages.values_list("path", flat=True)) == [
            "/about/",
            "/contact/",
            "/ethics-and-corrections/",
        ]
        about = client.get("/about/", HTTP_HOST=host).text
        assert f"About {town.name}" in about
        footer = about[about.index('<footer class="site-footer">') :]
        assert footer.count("<li>") == 3
    # The network desk's story is in the second town's section of the same slug.
    mayo = Article.objects.get(slug=MAYO)
    section_page = client.get(mayo.section.get_absolute_url(), HTTP_HOST="localhost").text
    assert mayo.get_absolute_url() in section_page
