"""Each town has its own sections: its navigation, its section pages and its desk's
section list show its own; a story shared to a town is listed in that town's section of
the same slug, and never in a town it is not shared to."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from tests.articles.test_desk import form_data
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

SECTIONS = "admin:articles_section_changelist"


@pytest.fixture
def sections(town_a, town_b) -> dict[str, Section]:
    return {
        "a-news": SectionFactory(site=town_a, name="News", slug="news"),
        "a-schools": SectionFactory(site=town_a, name="Schools", slug="schools"),
        "b-news": SectionFactory(site=town_b, name="News", slug="news"),
        "b-ferries": SectionFactory(site=town_b, name="Ferries", slug="ferries"),
    }


def nav(html: str) -> str:
    start = html.index('class="section-nav"') if 'class="section-nav"' in html else 0
    return html[start : html.index("</nav>", start)]


def test_each_town_lists_its_own_sections_in_the_navigation(sections, reader_a, reader_b):
    a_nav, b_nav = nav(reader_a.get("/").text), nav(reader_b.get("/").text)
    assert "/section/schools/" in a_nav and "/section/ferries/" not in a_nav
    assert "/section/ferries/" in b_nav and "/section/schools/" not in b_nav
    assert "/section/news/" in a_nav and "/section/news/" in b_nav


def test_a_section_page_of_another_town_is_a_404(sections, reader_a, reader_b):
    assert reader_a.get("/section/schools/").status_code == 200
    assert reader_b.get("/section/schools/").status_code == 404
    assert reader_b.get("/section/schools/feed/").status_code == 404
    assert reader_a.get("/section/ferries/").status_code == 404


def test_bs_section_lists_its_own_stories_and_those_shared_from_as_section_of_the_same_slug(
    sections, town_b, reader_a, reader_b
):
    ArticleFactory(site=town_b, section=sections["b-news"], headline="B ferry timetable")
    shared = ArticleFactory(
        site=sections["a-news"].site, section=sections["a-news"], headline="A shared budget"
    )
    shared.shared_to.add(town_b)
    ArticleFactory(
        site=sections["a-news"].site, section=sections["a-news"], headline="A council secret"
    )

    for url in ("/section/news/", "/section/news/feed/"):
        b_page = reader_b.get(url).text
        assert "B ferry timetable" in b_page and "A shared budget" in b_page, url
        assert "A council secret" not in b_page, url
        a_page = reader_a.get(url).text
        assert "A shared budget" in a_page and "A council secret" in a_page, url
        assert "B ferry timetable" not in a_page, url
    assert "/section/news/" in reader_b.get("/sitemap-sections.xml").text


def test_a_shared_story_whose_section_b_lacks_is_listed_on_bs_page_of_that_slug(
    sections, town_b, reader_b
):
    # B has no Schools section: the kicker of A's schools story shared to B links B's
    # /section/schools/, which lists the stories shared to B under that slug, and no
    # other (A's own unshared schools story stays on A).
    shared = ArticleFactory(
        site=sections["a-schools"].site,
        section=sections["a-schools"],
        headline="Shared school calendar",
        tags=["calendar"],
    )
    shared.shared_to.add(town_b)
    ArticleFactory(
        site=sections["a-schools"].site,
        section=sections["a-schools"],
        headline="Unshared school board minutes",
    )

    assert "Shared school calendar" in reader_b.get("/feed/").text
    for url in ("/", "/tag/calendar/", shared.get_absolute_url()):
        page = reader_b.get(url).text
        assert "Shared school calendar" in page, url
        assert 'href="/section/schools/"' in page, url
    for url in ("/section/schools/", "/section/schools/feed/"):
        response = reader_b.get(url)
        assert response.status_code == 200, url
        assert "Schools" in response.text and "Shared school calendar" in response.text, url
        assert "Unshared school board minutes" not in response.text, url
    assert "/section/schools/" not in nav(reader_b.get("/").text)
    assert "/section/schools/" not in reader_b.get("/sitemap-sections.xml").text


def test_bs_page_of_another_towns_slug_is_a_404_while_nothing_of_it_is_shared_to_b(
    sections, town_b, reader_b
):
    ArticleFactory(site=sections["a-schools"].site, section=sections["a-schools"])

    assert reader_b.get("/section/schools/").status_code == 404
    assert reader_b.get("/section/schools/feed/").status_code == 404
    assert reader_b.get("/section/no-town-has-this/").status_code == 404


def test_two_towns_may_use_one_slug_but_a_town_only_once(sections, town_a):
    assert Section.objects.filter(slug="news").count() == 2
    with pytest.raises(ValidationError, match="already has a section with this slug"):
        Section(site=town_a, name="More news", slug="news").full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Section.objects.create(site=town_a, name="More news", slug="news")


def test_a_storys_section_must_be_one_of_its_home_towns(sections, town_b):
    story = ArticleFactory.build(site=town_b, section=sections["a-schools"], slug="s")
    with pytest.raises(ValidationError, match="Schools.* is a section of The Town A Loop"):
        story.full_clean()
    story.section = sections["b-ferries"]
    story.full_clean()


def test_an_editor_of_b_lists_and_edits_bs_sections_only(sections, make_town_staff, signed_in):
    client = signed_in(make_town_staff("ed-b", "Editors", sections["b-news"].site))
    listing = client.get(reverse(SECTIONS)).text
    assert "Ferries" in listing and "Schools" not in listing
    opened = client.get(reverse("admin:articles_section_change", args=[sections["a-schools"].pk]))
    assert opened.status_code == 302  # "does not exist"
    client.post(
        reverse(SECTIONS),
        {"action": "delete_selected", "_selected_action": [sections["a-schools"].pk]},
    )
    assert Section.objects.filter(pk=sections["a-schools"].pk).exists()

    # The story form's section box offers B's sections only.
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "section", "term": ""},
    ).json()
    assert {row["text"] for row in found["results"]} == {"News", "Ferries"}


def test_a_new_section_starts_in_the_editors_own_town(sections, make_town_staff, signed_in):
    town_b = sections["b-news"].site
    client = signed_in(make_town_staff("ed-b", "Editors", town_b))
    form = client.get(reverse("admin:articles_section_add")).context["adminform"].form
    assert form.initial["site"] == town_b.pk
    assert list(form.fields["site"].queryset) == [town_b]
    added = client.post(
        reverse("admin:articles_section_add"),
        {"site": town_b.pk, "name": "Weather", "slug": "weather", "order": 3},
    )
    assert added.status_code == 302
    assert Section.objects.get(slug="weather").site == town_b
    refused = client.post(
        reverse("admin:articles_section_add"),
        {"site": sections["a-news"].site.pk, "name": "Sneaky", "slug": "sneaky", "order": 3},
    )
    assert refused.status_code == 200 and not Section.objects.filter(slug="sneaky").exists()


def test_an_editor_cannot_file_bs_story_under_as_section(sections, make_town_staff, signed_in):
    town_b = sections["b-news"].site
    story = ArticleFactory(site=town_b, section=sections["b-news"], status=Article.Status.DRAFT)
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    change = reverse("admin:articles_article_change", args=[story.pk])
    data = {**form_data(client, change), "section": sections["a-schools"].pk}
    response = client.post(change, data)
    assert response.status_code == 200
    assert "is a section of The Town A Loop" in response.text
    story.refresh_from_db()
    assert story.section == sections["b-news"]


def test_a_network_editor_sees_every_towns_sections_with_a_site_column_and_filter(
    sections, make_town_staff, signed_in
):
    client = signed_in(make_town_staff("net", "Editors", every_site=True))
    listing = client.get(reverse(SECTIONS)).text
    assert "Schools" in listing and "Ferries" in listing
    assert "The Town A Loop" in listing and "The Town B Loop" in listing
    only_b = client.get(reverse(SECTIONS) + f"?site__id__exact={sections['b-news'].site.pk}")
    assert "Ferries" in only_b.text and "Schools" not in only_b.text


def test_a_towns_section_lists_its_own_and_shared_stories_of_the_slug_and_no_other(
    sections, town_a, town_b
):
    b_own = ArticleFactory(site=town_b, section=sections["b-news"])
    b_other_section = ArticleFactory(site=town_b, section=sections["b-ferries"])
    a_shared = ArticleFactory(site=town_a, section=sections["a-news"])
    a_shared.shared_to.add(town_b)
    a_shared_other_slug = ArticleFactory(site=town_a, section=sections["a-schools"])
    a_shared_other_slug.shared_to.add(town_b)
    ArticleFactory(site=town_a, section=sections["a-news"])  # not shared to B
    b_news = Section.objects.for_section_page(town_b, "news")

    def listed(stories):
        return set(stories.values_list("pk", flat=True))

    expected = {b_own.pk, a_shared.pk}
    on_b = Article.objects.published().on_site(town_b)
    assert listed(on_b.filed_under(b_news)) == expected
    assert listed(on_b.filed_under_slug(town_b, "news")) == expected
    assert b_other_section.pk not in listed(on_b.filed_under_slug(town_b, "news"))
    assert listed(on_b.filed_under_slug(town_b, "schools")) == {a_shared_other_slug.pk}
    assert listed(on_b.filed_under_slug(town_b, "no-such-section")) == set()


def test_bs_community_sidebar_lists_its_own_and_shared_community_stories(town_a, town_b, reader_b):
    a_community = SectionFactory(site=town_a, name="Community", slug="community")
    b_community = SectionFactory(site=town_b, name="Community", slug="community")
    ArticleFactory(site=town_b, section=b_community, headline="B street fair")
    shared = ArticleFactory(site=town_a, section=a_community, headline="A shared picnic")
    shared.shared_to.add(town_b)
    ArticleFactory(site=town_a, section=a_community, headline="A private bake sale")

    page = reader_b.get("/").text
    start = page.index('id="community-news-heading"')
    sidebar = page[start : page.index("</section>", start)]

    assert "B street fair" in sidebar and "A shared picnic" in sidebar
    assert "A private bake sale" not in page


def test_only_postgresql_is_told_the_section_lists_this_section_or_shared_stories(sections, town_b):
    b_news = Section.objects.for_section_page(town_b, "news")
    sql = str(Article.objects.published().on_site(town_b).filed_under(b_news).query)

    # The same rows either way; the words only change PostgreSQL's plan (planner_hints).
    hint = f'"articles_article"."section_id" = {b_news.pk} OR'
    assert (hint in sql) is (connection.vendor == "postgresql")
    # Of the same slug: by the slug on PostgreSQL, by every such section's id on SQLite.
    by_slug = '"articles_section"."slug" = news' in sql
    assert by_slug is (connection.vendor == "postgresql")
    assert by_slug or 'articles_article"."section_id" IN (' in sql


def test_a_sections_sitemap_entry_is_dated_by_the_newest_story_its_page_lists(
    sections, town_a, town_b, reader_b
):
    # B's news page lists its own news and A's news shared to B; B's ferries page only
    # drafts and stories of B's that are not yet published: it is not listed.
    now = timezone.now()
    ArticleFactory(site=town_b, section=sections["b-news"], published_at=now - timedelta(days=9))
    shared = ArticleFactory(
        site=town_a, section=sections["a-news"], published_at=now - timedelta(days=4)
    )
    shared.shared_to.add(town_b)
    ArticleFactory(site=town_a, section=sections["a-news"], published_at=now - timedelta(days=1))
    ArticleFactory(site=town_b, section=sections["b-ferries"], status=Article.Status.DRAFT)
    ArticleFactory(site=town_b, section=sections["b-ferries"], published_at=now + timedelta(days=1))

    sitemap = reader_b.get("/sitemap-sections.xml").text

    news = sitemap[sitemap.index("/section/news/") :].split("</url>")[0]
    assert f"<lastmod>{shared.published_at.date().isoformat()}" in news
    assert "/section/ferries/" not in sitemap
    shared.shared_to.remove(town_b)
    sitemap = reader_b.get("/sitemap-sections.xml").text
    news = sitemap[sitemap.index("/section/news/") :].split("</url>")[0]
    assert f"<lastmod>{(now - timedelta(days=9)).date().isoformat()}" in news
