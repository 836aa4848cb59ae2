"""Load the demo comments: a short, civil conversation under a few demo stories."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import Article

from .models import Comment
from .services import refresh_comment_counts

# A short, civil conversation in the project's own words; emails are invented.
COMMENTS = [
    {
        "story": "microsoft-and-mayo-clinic-team-up-on-health-ai",
        "key": "mayo-1",
        "parent": None,
        "name": "Ruth Kessler",
        "email": "ruth.kessler@example.com",
        "website": "",
        "text": (
            "I've caught myself asking a chatbot about a rash before calling the nurse line, so "
            "I'm glad someone is building one on real medical records.\n"
            "Still, I'd want to know how patient data is protected before anyone trains on it."
        ),
        "status": Comment.Status.APPROVED,
        "minutes_ago": 610,
    },
    {
        "story": "microsoft-and-mayo-clinic-team-up-on-health-ai",
        "key": "mayo-2",
        "parent": "mayo-1",
        "name": "Tom Alvarado",
        "email": "tom.alvarado@example.net",
        "website": "https://tomalvarado.example.net/",
        "text": (
            "Fair question, Ruth. The story says only Mayo staff will test it at first, which "
            "seems like the right order of things. I hope they publish how accurate it turns "
            "out to be before it reaches patients."
        ),
        "status": Comment.Status.APPROVED,
        "minutes_ago": 480,
    },
    {
        "story": "microsoft-and-mayo-clinic-team-up-on-health-ai",
        "key": "mayo-3",
        "parent": None,
        "name": "Glen Park",
        "email": "glen.park@example.com",
        "website": "",
        "text": (
            "Would be good to see something like this at our regional hospital someday. Does "
            "anyone know whether smaller hospitals will be able to license it?"
        ),
        "status": Comment.Status.PENDING,
        "minutes_ago": 95,
    },
    {
        "story": "farmers-market-returns-to-riverside-park",
        "key": "market-1",
        "parent": None,
        "name": "Harriet Lindqvist",
        "email": "harriet.l@example.net",
        "website": "https://harrietgrows.example.net/",
        "text": (
            "The Wednesday evening hours are a great idea for those of us who work Saturdays. "
            "Hoping the rye bread stall comes back this year."
        ),
        "status": Comment.Status.APPROVED,
        "minutes_ago": 7900,
    },
    {
        "story": "farmers-market-returns-to-riverside-park",
        "key": "market-2",
        "parent": "market-1",
        "name": "Marisol Ortega",
        "email": "marisol.ortega@example.com",
        "website": "",
        "text": "It is! They were setting up at the north end near the bandstand on Saturday.",
        "status": Comment.Status.APPROVED,
        "minutes_ago": 7420,
    },
    {
        "story": "main-library-reopens-childrens-wing",
        "key": "library-1",
        "parent": None,
        "name": "Dev Chaudhry",
        "email": "dev.chaudhry@example.com",
        "website": "",
        "text": (
            "Took my two kids to the new wing on opening day. The window seats were full, but "
            "the staff found us a corner and a stack of dinosaur books.\n"
            "Thank you to everyone who worked on it."
        ),
        "status": Comment.Status.APPROVED,
        "minutes_ago": 4300,
    },
]


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demo comments that are missing; return how many were created."""
    now = timezone.now()
    made_by_key: dict[str, Comment] = {}
    created = 0
    for data in COMMENTS:
        article = Article.objects.get(slug=data["story"])
        parent = made_by_key.get(data["parent"]) if data["parent"] else None
        comment, made = Comment.objects.get_or_create(
            article=article,
            name=data["name"],
            text=data["text"],
            defaults={
                "parent": parent,
                "email": data["email"],
                "website": data["website"],
                "status": data["status"],
                "created_at": now - timedelta(minutes=data["minutes_ago"]),
            },
        )
        made_by_key[data["key"]] = comment
        created += made
    refresh_comment_counts({comment.article_id for comment in made_by_key.values()})
    return {"comments": created}
