"""Load the demo community: one submission waiting for an editor, two upcoming events."""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from articles.demo import placeholder_image
from articles.models import Article
from network.models import Site

from .models import Event, Submission
from .services import community_section, submission_confirm

# Invented neighbours in the project's own words; their addresses are example.org ones.
WAITING = {
    "headline": "Maple Street neighbours plant twelve new trees",
    "text": (
        "Twelve households on Maple Street spent Saturday morning planting young oaks and "
        "lindens along the parkway strip, replacing the ash trees the city removed last "
        "spring.\n\nThe trees came from the county's shade-tree programme. Neighbours "
        "have set up a watering rota for the first two summers and would welcome help."
    ),
    "name": "Priya Raman",
    "email": "priya.raman@example.org",
}
EVENTS = [
    {
        "slug": "creekside-cleanup-day",
        "headline": "Creekside cleanup day needs volunteers",
        "dek": "Gloves, bags and coffee provided: bring boots and a friend.",
        "body": (
            "<p>The Friends of Alder Creek are gathering for their autumn cleanup along the "
            "creek path, from the footbridge to the old mill.</p><p>Volunteers of all ages "
            "are welcome; children should come with an adult.</p>"
        ),
        "contributor": "Friends of Alder Creek",
        "days_ahead": 4,
        "time": time(9, 0),
        "place": "Footbridge at Creekside Park",
        "colour": "#3f7d5a",
    },
    {
        "slug": "library-winter-book-swap",
        "headline": "Winter book swap at the main library",
        "dek": "Bring a book, take a book: all genres, all ages.",
        "body": (
            "<p>Readers can bring up to five books in good condition and leave with as many. "
            "Leftover books go to the hospital's reading cart.</p>"
        ),
        "contributor": "Marta Keller",
        "days_ahead": 11,
        "time": None,
        "place": "Main Library, community room",
        "colour": "#7a5c3a",
    },
]


@transaction.atomic
def load() -> dict[str, int]:
    """Create what is missing of the demo community; return how many of each were made."""
    created = {"community submissions": 0, "events": 0}
    if not Submission.objects.filter(headline=WAITING["headline"]).exists():
        submission = Submission.objects.create(
            **WAITING,
            photo=placeholder_image("#4d7c3a", name="maple-street-trees.jpg"),
            photo_alt="Neighbours with spades beside a freshly planted young tree",
            own_work=True,
            created_at=timezone.now() - timedelta(hours=5),
        )
        submission_confirm(submission=submission)
        created["community submissions"] += 1
    section = community_section(Site.objects.default())
    today = timezone.localdate()
    for data in EVENTS:
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        article = Article(
            slug=data["slug"],
            headline=data["headline"],
            dek=data["dek"],
            body=data["body"],
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=3),
            contributor_name=data["contributor"],
            lead_image_alt=f"Illustration for “{data['headline']}”",
        )
        article.lead_image = placeholder_image(data["colour"], name=f"{data['slug']}.jpg")
        article.save()
        Event.objects.create(
            article=article,
            starts_on=today + timedelta(days=data["days_ahead"]),
            start_time=data["time"],
            place=data["place"],
        )
        created["events"] += 1
    return created
