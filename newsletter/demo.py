"""Load the demo subscribers: confirmed addresses at example.org, three on the default town
and two on each other town of the demo network (one of them on both, as readers may be)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.models import Site

from .models import Subscriber

SUBSCRIBERS = [
    ("morning.reader@example.org", True, False),
    ("news.junkie@example.org", True, True),
    ("alerts.only@example.org", False, True),
]
OTHER_TOWNS_SUBSCRIBERS = [
    ("news.junkie@example.org", True, True),
    ("river.reader@example.org", True, False),
]


@transaction.atomic
def load() -> dict[str, int]:
    """Create the demo subscribers that are missing; return how many were made."""
    now = timezone.now()
    subscribers = [(Site.objects.default(), *row) for row in SUBSCRIBERS]
    for town in Site.objects.filter(is_default=False):
        subscribers += [(town, *row) for row in OTHER_TOWNS_SUBSCRIBERS]
    created = 0
    for town, email, digest, alerts in subscribers:
        _, made = Subscriber.objects.get_or_create(
            site=town,
            email=email,
            defaults={
                "status": Subscriber.Status.ACTIVE,
                "wants_digest": digest,
                "wants_alerts": alerts,
                "created_at": now - timedelta(days=20),
                "confirmation_sent_at": now - timedelta(days=20),
                "confirmed_at": now - timedelta(days=20),
            },
        )
        created += made
    return {"subscribers": created}
