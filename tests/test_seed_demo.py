import io

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Section
from comments.models import Comment

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
    assert 3 <= authors <= 4 and 10 <= stories <= 14
    assert Author.objects.filter(kind="team", name__contains="Editorial Staff").exclude(email="")
    assert Comment.objects.pending().count() == 1
    assert Comment.objects.approved().exclude(parent=None).exists()
    assert all(a.lead_image for a in Article.objects.all())


def test_demo_mayo_story_page_carries_everything_the_seed_page_has(client):
    call_command("seed_demo", stdout=io.StringIO())
    story = Article.objects.get(slug=MAYO)

    html = client.get(story.get_absolute_url()).content.decode()

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
