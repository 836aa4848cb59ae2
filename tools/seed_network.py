"""Fill a database with a network of towns, for `make bench-network`.

Every town gets the same kind of year: ``--stories`` stories over five sections (30 % in
Community), 20 reporters of its own, two topic tags per story from one network-wide
vocabulary, one story with 50 approved comments and two comments on every tenth story,
a few stories shared to the next three towns, and the last 48 hours of reads on its 20
newest stories (Trending). Each town answers at two host names. The default site is
town 0, the one the benchmark measures: with ``--towns 1`` it is the whole installation,
with ``--towns 200`` it is one town among 200 that look just like it.

Bulk inserts, one town at a time; on PostgreSQL the tables are vacuumed and analysed at the end, as
autovacuum would after a real import. Run it against an empty, migrated database:

    DJANGO_SETTINGS_MODULE=newsroom.settings python -m tools.seed_network --towns 200
"""

import argparse
import random
import time
from datetime import timedelta

import django
from django.db import connection, transaction
from django.utils import timezone

from tools.seed_bench import BODY

SECTIONS = ["News", "Community", "Business", "Health", "Schools"]
# Headlines carry one of these, so a search for one of them finds a tenth of a town.
TOPICS = [
    "library",
    "bridge",
    "council",
    "schools",
    "parks",
    "water",
    "housing",
    "traffic",
    "fire",
    "market",
]
TAGS = [f"topic-{n}" for n in range(30)]
REPORTERS_PER_TOWN = 20
FEATURED_COMMENTS = 50
SHARED_PER_TOWN = 20  # stories each town shares…
SHARED_TO = 3  # …with this many other towns
TRENDING_STORIES = 20
BATCH = 5000


def town_host(number: int) -> str:
    """Town 0, the measured one, is the default site at 127.0.0.1 (the migration's host)."""
    return f"town-{number}.bench.example"


def make_sites(towns: int) -> list:
    """The default site as town 0, then the others, each at two host names."""
    from network.models import Site, SiteHost
    from network.routing import ensure_default_site

    default = ensure_default_site()
    sites = [default]
    sites += Site.objects.bulk_create(
        Site(
            name=f"The Town {n} Loop",
            slug=f"town-{n}",
            tagline=f"Town {n}, close to home.",
            base_url=f"https://{town_host(n)}",
        )
        for n in range(1, towns)
    )
    SiteHost.objects.bulk_create(
        [SiteHost(site=default, host=name) for name in (town_host(0), f"www.{town_host(0)}")]
        + [
            SiteHost(site=site, host=name)
            for n, site in enumerate(sites[1:], start=1)
            for name in (town_host(n), f"www.{town_host(n)}")
        ],
        ignore_conflicts=True,
    )
    return sites


def make_sections(sites: list) -> dict[int, list]:
    """Each town's own five sections, by site id, Community second (one insert)."""
    from articles.models import Section

    made = Section.objects.bulk_create(
        Section(site=site, name=name, slug=name.lower(), order=order)
        for site in sites
        for order, name in enumerate(SECTIONS)
    )
    by_site: dict[int, list] = {}
    for section in made:
        by_site.setdefault(section.site_id, []).append(section)
    return by_site


def make_tags() -> list:
    from taggit.models import Tag

    return Tag.objects.bulk_create(Tag(name=name, slug=name) for name in TAGS)


def seed_town(number: int, site, sections: list, tags: list, stories: int, now) -> list[int]:
    """One town's stories, bylines, tags and comments; returns its stories' ids, newest
    first (ids only: 200,000 stories with their bodies would not fit in memory as well)."""
    from articles.models import Article, Author, Byline, TaggedStory
    from comments.models import Comment

    rng = random.Random(number)
    community, others = sections[1], [s for s in sections if s is not sections[1]]
    authors = Author.objects.bulk_create(
        Author(
            name=f"Reporter {n} of town {number}",
            slug=f"reporter-{number}-{n}",
            bio="Covers the town.",
            email=f"reporter{n}@town-{number}.bench.example",
        )
        for n in range(REPORTERS_PER_TOWN)
    )
    year = timedelta(days=365)
    # Every town's k-th story is a few seconds apart from the others' (no exact ties).
    articles = Article.objects.bulk_create(
        (
            Article(
                headline=f"Town {number} {TOPICS[k % len(TOPICS)]} story number {k}",
                slug=f"t{number}-story-{k}",
                dek="What happened, in a sentence a neighbour would use.",
                body=BODY,
                section=community if k < stories * 3 // 10 else rng.choice(others),
                site=site,
                status=Article.Status.PUBLISHED,
                published_at=now - year * (k / stories) - timedelta(minutes=5, seconds=number),
            )
            for k in range(stories)
        ),
        batch_size=BATCH,
    )
    Byline.objects.bulk_create(
        (Byline(article=a, author=rng.choice(authors)) for a in articles), batch_size=BATCH
    )
    TaggedStory.objects.bulk_create(
        (TaggedStory(tag=tag, content_object=a) for a in articles for tag in rng.sample(tags, 2)),
        batch_size=BATCH,
    )
    featured = articles[min(5, len(articles) - 1)]
    commented = [featured] * FEATURED_COMMENTS + [
        a for a in articles[::10] if a is not featured for _ in range(2)
    ]
    Comment.objects.bulk_create(
        (
            Comment(
                article=article,
                name=f"Neighbour {n}",
                email=f"neighbour{n}@example.org",
                text="I was there too. Thanks for writing this up.\nSee you at the meeting.",
                status=Comment.Status.APPROVED,
                created_at=article.published_at + timedelta(minutes=n),
            )
            for n, article in enumerate(commented)
        ),
        batch_size=BATCH,
    )
    return [a.pk for a in articles]


def share(articles_by_town: list[list[int]], sites: list) -> int:
    """Each town's SHARED_PER_TOWN stories (every 50th) shown on the next SHARED_TO towns."""
    from articles.models import Article

    through = Article.shared_to.through
    rows = [
        through(article_id=article, site_id=sites[(number + step) % len(sites)].pk)
        for number, articles in enumerate(articles_by_town)
        for article in articles[::50][:SHARED_PER_TOWN]
        for step in range(1, min(SHARED_TO, len(sites) - 1) + 1)
    ]
    through.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def read(articles_by_town: list[list[int]], now) -> int:
    """The last 48 hours of reads on each town's newest stories, then Trending worked out
    as a flush of the read buffer would."""
    from articles.models import ReadCount
    from articles.trending import refresh_trending

    rng = random.Random(48)
    hour = now.replace(minute=0, second=0, microsecond=0)
    rows = [
        ReadCount(article_id=article, hour=hour - timedelta(hours=h), count=rng.randint(1, 40))
        for articles in articles_by_town
        for article in articles[:TRENDING_STORIES]
        for h in range(48)
    ]
    ReadCount.objects.bulk_create(rows, batch_size=BATCH)
    refresh_trending(now)
    return len(rows)


def count_comments() -> None:
    """Every story's comment count in one statement (the lists print it)."""
    from articles.models import Article
    from comments.models import Comment

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Article._meta.db_table} SET comment_count = counted.n FROM "
            f"(SELECT article_id, COUNT(*) AS n FROM {Comment._meta.db_table} "
            "WHERE status = %s GROUP BY article_id) AS counted "
            f"WHERE {Article._meta.db_table}.id = counted.article_id",
            [Comment.Status.APPROVED],
        )


def seed(towns: int, stories: int, *, say=print) -> dict:
    """Write the network (Django must be set up: the models are imported here)."""
    from network.routing import retire_host_map

    started = time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        sites = make_sites(towns)
        sections = make_sections(sites)
        tags = make_tags()
    articles_by_town = []
    for number, site in enumerate(sites):
        # A transaction per town: a long seed shows progress and holds no giant one.
        with transaction.atomic():
            articles_by_town.append(seed_town(number, site, sections[site.pk], tags, stories, now))
        if number % 20 == 19:
            say(f"  {number + 1} towns in {time.monotonic() - started:.0f} s", flush=True)
    with transaction.atomic():
        shared = share(articles_by_town, sites)
        count_comments()
        reads = read(articles_by_town, now)
    # Bulk inserts send no signals: the host map another process cached is forgotten here.
    retire_host_map()
    if connection.vendor == "postgresql":
        # As autovacuum would leave a table some time after a large import: statistics
        # for the planner, and the visibility map that lets index-only scans skip the heap.
        # (VACUUM cannot run in a transaction: a test's seeding is analysed only.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return {
        "towns": len(sites),
        "stories": sum(len(a) for a in articles_by_town),
        "shared": shared,
        "reads": reads,
        "seconds": time.monotonic() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, default=200)
    parser.add_argument("--stories", type=int, default=1000, help="stories per town")
    options = parser.parse_args()
    django.setup()
    done = seed(options.towns, options.stories)
    print(
        f"Seeded {done['towns']} towns, {done['stories']:,} stories ({done['shared']} shared "
        f"copies, {done['reads']:,} hourly read counts) in {done['seconds']:.0f} s."
    )


if __name__ == "__main__":
    main()
