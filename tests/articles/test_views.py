from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    SourceFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def syndicated_story():
    team = AuthorFactory(
        name="Editorial Staff",
        slug="editorial-staff",
        kind="team",
        bio="The newsroom team.",
        email="newsdesk@thelocalloop.example",
    )
    reporter = AuthorFactory(name="Dana Ortiz", slug="dana-ortiz")
    return ArticleFactory(
        headline="Clinic and software maker build a health model",
        dek="A model trained on medical records.",
        body="<p>Intro.</p><h2>Focused on medical data</h2><p>More.</p>"
        "<h2>What comes next</h2><p>Later.</p>",
        section=SectionFactory(name="Health", slug="health"),
        source=SourceFactory(name="KRDO", region="Colorado Springs metro"),
        original_url="https://krdo.example/news/story/",
        lead_image=jpeg_file(),
        lead_image_alt="A hospital entrance",
        lead_image_caption="The clinic's main campus.",
        lead_image_credit="Photo: Staff",
        authors=[team, reporter],
        tags=["health", "technology"],
    )


def test_story_page_shows_the_story_with_bylines_image_and_tags(client, syndicated_story):
    response = client.get(syndicated_story.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Clinic and software maker build a health model</h1>" in html
    assert "A model trained on medical records." in html
    assert "<h2>Focused on medical data</h2>" in html
    assert "<h2>What comes next</h2>" in html
    assert (
        'href="/author/editorial-staff/">Editorial Staff</a> and <a href="/author/dana-ortiz/"'
        in html
    )
    assert 'alt="A hospital entrance"' in html and 'width="800" height="450"' in html
    assert "The clinic&#x27;s main campus." in html and "Photo: Staff" in html
    assert 'href="/tag/health/" rel="tag"' in html
    assert "<time datetime=" in html


def test_syndicated_story_credits_the_original_and_points_canonical_at_it(client, syndicated_story):
    syndicated_story.source.indexing = "canonical"
    syndicated_story.source.save()
    html = client.get(syndicated_story.get_absolute_url()).content.decode()

    assert "Original reporting: " in html
    assert ">KRDO</a> (Colorado Springs metro) — " in html
    assert '<a href="https://krdo.example/news/story/">read the source article</a>' in html
    assert '<link rel="canonical" href="https://krdo.example/news/story/">' in html


def test_republished_story_is_kept_out_of_google_news_by_default_with_a_link_to_the_original(
    client, syndicated_story
):
    html = client.get(syndicated_story.get_absolute_url()).content.decode()

    assert '<meta name="Googlebot-News" content="noindex">' in html
    assert (
        f'<link rel="canonical" href="http://testserver{syndicated_story.get_absolute_url()}">'
        in html
    )
    assert '<a href="https://krdo.example/news/story/">read the source article</a>' in html


def test_story_made_with_a_partner_has_neither_canonical_to_them_nor_noindex(
    client, syndicated_story
):
    syndicated_story.source.indexing = "none"
    syndicated_story.source.save()
    html = client.get(syndicated_story.get_absolute_url()).content.decode()

    assert "Googlebot-News" not in html
    assert 'krdo.example/news/story/">' not in html.split("<body")[0]


def test_own_story_is_canonical_at_its_own_address(client):
    story = ArticleFactory()
    html = client.get(story.get_absolute_url()).content.decode()

    assert f'<link rel="canonical" href="http://testserver{story.get_absolute_url()}">' in html
    assert "Original reporting" not in html


def test_byline_box_shows_bio_and_an_email_a_harvester_cannot_read(client, syndicated_story):
    html = client.get(syndicated_story.get_absolute_url()).content.decode()

    assert "The newsroom team." in html
    assert "newsdesk [at] thelocalloop [dot] example" in html
    assert "newsdesk@thelocalloop.example" not in html
    assert "mailto:" not in html
    assert "&#64;" not in html and "&#x40;" not in html


def test_story_under_a_wrong_date_redirects_permanently_to_its_address(client):
    story = ArticleFactory(slug="bridge-reopens")
    response = client.get("/2001/01/01/bridge-reopens/")

    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


@pytest.mark.parametrize(
    "status,when",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.PUBLISHED, timedelta(days=1)),
    ],
    ids=["draft", "scheduled"],
)
def test_reader_gets_a_friendly_404_for_a_story_that_is_not_published(client, status, when):
    story = ArticleFactory(
        slug="not-yet", status=status, published_at=when and timezone.now() + when
    )
    response = client.get(f"/2026/01/01/{story.slug}/")

    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_unknown_address_is_a_friendly_404_in_the_site_design(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn’t find that page" in html
    assert "Recent News" in html
    assert "Traceback" not in html


def test_home_page_leads_with_the_newest_story_then_the_latest(client):
    older = ArticleFactory(headline="Older story", published_at=timezone.now() - timedelta(days=2))
    newest = ArticleFactory(headline="Newest story")

    response = client.get(reverse("articles:home"))

    assert response.context["lead"] == newest
    assert list(response.context["stories"]) == [older]
    html = response.content.decode()
    assert html.index("Newest story") < html.index("Older story")
    assert html.count('class="teaser teaser-lead"') == 1


def test_home_page_paginates(client):
    for n in range(12):
        ArticleFactory(published_at=timezone.now() - timedelta(hours=n + 1))

    first = client.get(reverse("articles:home"))
    second = client.get(reverse("articles:home") + "?page=2")

    assert first.context["page"].paginator.num_pages == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert len(second.context["page"].object_list) == 2
    assert second.context["lead"] is None


def test_section_page_lists_only_that_sections_published_stories(client):
    community = SectionFactory(name="Community", slug="community")
    mine = ArticleFactory(section=community, headline="Block party")
    ArticleFactory(headline="Elsewhere")
    ArticleFactory(
        section=community, status=Article.Status.DRAFT, published_at=None, headline="Draft party"
    )

    response = client.get(community.get_absolute_url())

    assert list(response.context["page"].object_list) == [mine]
    assert "Draft party" not in response.content.decode()


def test_tag_page_lists_stories_with_that_tag(client):
    tagged = ArticleFactory(tags=["parks"])
    ArticleFactory(tags=["roads"])

    response = client.get(reverse("articles:tag", kwargs={"slug": "parks"}))

    assert list(response.context["page"].object_list) == [tagged]


def test_author_page_lists_the_authors_stories(client):
    author = AuthorFactory(name="Sam Lee", bio="Covers schools.")
    theirs = ArticleFactory(authors=[author])
    ArticleFactory(authors=[AuthorFactory()])

    response = client.get(author.get_absolute_url())

    assert list(response.context["page"].object_list) == [theirs]
    assert "Covers schools." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/section/nope/", "/tag/nope/", "/author/nope/"], ids=["section", "tag", "author"]
)
def test_unknown_section_tag_or_author_is_404(client, url):
    assert client.get(url).status_code == 404


def test_every_page_has_the_masthead_navigation_sidebar_and_footer(client):
    community = SectionFactory(name="Community", slug="community", order=1)
    ArticleFactory(section=community, headline="Library volunteers wanted")
    story = ArticleFactory(headline="Road work on Main", tags=["roads"], authors=[AuthorFactory()])

    for url in [
        "/",
        community.get_absolute_url(),
        "/tag/roads/",
        story.byline_authors[0].get_absolute_url(),
        story.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        assert "The Local Loop" in html, url
        assert "Close to home. Always in the loop." in html, url
        assert '<nav class="section-nav" aria-label="Sections">' in html, url
        assert ">Recent News</h2>" in html, url
        assert ">Trending</h2>" in html, url
        assert ">Community News</h2>" in html, url
        assert "Library volunteers wanted" in html, url
        assert "<footer" in html, url


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_tag_only_unpublished_stories_carry_is_not_found_nor_named(client, state):
    if state == "draft":
        ArticleFactory(tags=["budget-leak"], status=Article.Status.DRAFT, published_at=None)
    else:
        ArticleFactory(tags=["budget-leak"], published_at=timezone.now() + timedelta(days=1))

    for url in ["/tag/budget-leak/", "/tag/budget-leak/feed/", "/tag/budget-leak/feed/atom/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "budget-leak" not in response.content.decode(), url


def test_a_tag_becomes_public_with_its_first_published_story(client):
    ArticleFactory(tags=["budget"])
    assert client.get("/tag/budget/").status_code == 200
    assert client.get("/tag/budget/feed/").status_code == 200
