"""Fill a database with a year of a busy local site, for `make bench`.

10,000 stories across the sections (3,000 in Community), one story with 500 approved
comments, 5 bylines and 10 tags, and hourly read counts for every story's first two days.
Written with bulk inserts: it takes seconds, not minutes. Run it against an empty, migrated
database (the benchmark makes one):

    DJANGO_SETTINGS_MODULE=newsroom.settings python -m tools.seed_bench --stories 10000
"""

import argparse
import random
from datetime import timedelta

import django
from django.db import transaction
from django.utils import timezone

BODY = "".join(
    f"<p>Paragraph {n} of the story, with enough words to look like local reporting: the "
    "council met, residents spoke, and the vote is set for next month.</p>"
    + ("<h2>What comes next</h2>" if n == 3 else "")
    for n in range(8)
)


@transaction.atomic
def seed(stories: int) -> None:
    """Write the benchmark's site (Django must be set up: the models are imported here)."""
    from articles.models import Article, Author, Byline, ReadCount, Section
    from articles.trending import refresh_trending
    from comments.models import Comment
    from comments.services import refresh_comment_counts

    rng = random.Random(2026)
    now = timezone.now()
    sections = [
        Section.objects.create(name=name, slug=name.lower(), order=order)
        for order, name in enumerate(["News", "Community", "Business", "Health", "Schools"])
    ]
    community = sections[1]
    others = [s for s in sections if s is not community]
    authors = [
        Author.objects.create(
            name=f"Reporter {n}",
            slug=f"reporter-{n}",
            bio="Covers the town.",
            email=f"reporter{n}@thelocalloop.example",
        )
        for n in range(20)
    ]
    year = timedelta(days=365)
    articles = Article.objects.bulk_create(
        (
            Article(
                headline=f"Local story number {n}",
                slug=f"local-story-{n}",
                dek="What happened, in a sentence a neighbour would use.",
                body=BODY,
                section=community if n < stories * 3 // 10 else rng.choice(others),
                status=Article.Status.PUBLISHED,
                published_at=now - year * (n / stories) - timedelta(minutes=5),
            )
            for n in range(stories)
        ),
        batch_size=2000,
    )
    Byline.objects.bulk_create(
        (Byline(article=a, author=rng.choice(authors)) for a in articles), batch_size=5000
    )
    featured = Article.objects.order_by("-published_at")[5]
    Byline.objects.filter(article=featured).delete()
    Byline.objects.bulk_create(
        Byline(article=featured, author=author, order=order)
        for order, author in enumerate(authors[:5])
    )
    featured.tags.set([f"topic-{n}" for n in range(10)])
    Comment.objects.bulk_create(
        Comment(
            article=featured,
            name=f"Neighbour {n}",
            email=f"neighbour{n}@example.org",
            text="I was there too. Thanks for writing this up.\nSee you at the meeting.",
            status=Comment.Status.APPROVED,
            created_at=featured.published_at + timedelta(minutes=n),
        )
        for n in range(500)
    )
    refresh_comment_counts([featured.pk])
    reads = []
    for article in Article.objects.only("pk", "published_at"):
        start = article.published_at.replace(minute=0, second=0, microsecond=0)
        for hour in range(48):
            reads.append(
                ReadCount(
                    article=article,
                    hour=start + timedelta(hours=hour),
                    count=rng.randint(1, 40),
                )
            )
    ReadCount.objects.bulk_create(reads, batch_size=5000, ignore_conflicts=True)
    refresh_trending()  # as a flush of the read buffer would
    print(
        f"Seeded {stories} stories, 500 comments on {featured.get_absolute_url()}, "
        f"{len(reads)} hourly read counts."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    options = parser.parse_args()
    django.setup()
    seed(options.stories)


if __name__ == "__main__":
    main()
