"""``on_site()``: a town's own stories and those shared to it, read from indexes on
PostgreSQL however large the network (``articles.lookups``), the same stories everywhere."""

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from network.models import Site
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's SQL and plans"
)


def test_a_town_shows_its_own_and_shared_stories_and_no_other(town_a, town_b):
    town_c = Site.objects.create(name="C", slug="town-c", base_url="https://c.example")
    own = ArticleFactory(site=town_a)
    own_and_shared_on = ArticleFactory(site=town_a)
    own_and_shared_on.shared_to.add(town_b)
    shared_here = ArticleFactory(site=town_b)
    shared_here.shared_to.add(town_a, town_c)
    elsewhere = ArticleFactory(site=town_b)
    shared_elsewhere = ArticleFactory(site=town_c)
    shared_elsewhere.shared_to.add(town_b)

    def shown_on(site):
        return set(Article.objects.on_site(site).values_list("pk", flat=True))

    assert shown_on(town_a) == {own.pk, own_and_shared_on.pk, shared_here.pk}
    assert shown_on(town_b) == {
        own_and_shared_on.pk,
        shared_here.pk,
        elsewhere.pk,
        shared_elsewhere.pk,
    }
    assert shown_on(town_c) == {shared_here.pk, shared_elsewhere.pk}


def test_a_story_shared_to_its_own_town_is_listed_once(town_a, town_b):
    story = ArticleFactory(site=town_a)
    story.shared_to.add(town_a, town_b)

    assert list(Article.objects.on_site(town_a).values_list("pk", flat=True)) == [story.pk]


def test_on_site_reads_the_shared_ids_first_as_an_array_on_postgresql_only(town_a):
    sql = str(Article.objects.on_site(town_a).query).replace('"', "")
    shared = "SELECT U0.article_id AS article_id FROM articles_article_shared_to U0"
    if connection.vendor == "postgresql":
        assert f"articles_article.id = ANY(ARRAY({shared}" in sql
    else:
        # Everywhere else Django's own IN (SELECT …), whose plan SQLite already reads
        # from indexes: nothing changes there.
        assert f"articles_article.id IN ({shared}" in sql


def test_a_queryset_built_before_it_runs_gets_its_databases_sql(town_a):
    # The SQL is chosen when the query is compiled, not when on_site() is called.
    stories = Article.objects.on_site(town_a)
    compiled = stories.query.get_compiler(using="default").as_sql()[0]

    assert ("= ANY(ARRAY(" in compiled) is (connection.vendor == "postgresql")


@on_postgresql
def test_counting_a_towns_stories_among_many_towns_reads_indexes_not_every_story(town_a):
    towns = [town_a] + [
        Site.objects.create(name=f"Town {n}", slug=f"town-{n}", base_url=f"https://{n}.example")
        for n in range(1, 40)
    ]
    now = timezone.now()
    stories = []
    for town in towns:
        section = SectionFactory(site=town, slug="news", name="News")
        stories += [
            Article(
                site=town,
                section=section,
                headline=f"Story {town.pk}-{n}",
                slug=f"story-{town.pk}-{n}",
                status=Article.Status.PUBLISHED,
                published_at=now - timezone.timedelta(hours=n),
            )
            for n in range(100)
        ]
    created = Article.objects.bulk_create(stories)
    for story in created[150:160]:
        story.shared_to.add(town_a)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        cursor.execute("ANALYZE articles_article_shared_to")

    count = Article.objects.published().on_site(town_a)
    plan = count.explain()

    assert count.count() == 110
    assert "Seq Scan on articles_article " not in plan + " ", plan
    assert "Index" in plan, plan
