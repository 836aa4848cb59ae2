"""What we keep about subscribers, and how a subscriber gets it back or erased.

A subscriber is an address, what it asked for, when it confirmed (the proof of consent),
and which issues went to it, once per town it subscribed to. Export and erasure cover
every town's subscription of the address.
"""

from datetime import datetime
from typing import Any

from django.db import transaction

from .models import Subscriber


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def subscriber_export(*, email: str, site_ids: set[int] | None = None) -> dict[str, Any]:
    """Every town's subscription of this address (or those of ``site_ids``), with the
    issues sent to each."""
    subscribers = Subscriber.objects.by_email(email).select_related("site").order_by("pk")
    if site_ids is not None:
        subscribers = subscribers.filter(site__in=site_ids)
    return {
        "email": email.strip().lower(),
        "subscriptions": [_subscription(subscriber) for subscriber in subscribers],
    }


def _subscription(subscriber: Subscriber) -> dict[str, Any]:
    deliveries = subscriber.deliveries.select_related("issue").order_by("pk")
    return {
        "town": subscriber.site.name,
        "status": subscriber.status,
        "daily_digest": subscriber.wants_digest,
        "breaking_news_alerts": subscriber.wants_alerts,
        "created_at": _iso(subscriber.created_at),
        "confirmation_sent_at": _iso(subscriber.confirmation_sent_at),
        "confirmed_at": _iso(subscriber.confirmed_at),
        "unsubscribed_at": _iso(subscriber.unsubscribed_at),
        "bounced_at": _iso(subscriber.bounced_at),
        "bounce_reason": subscriber.bounce_reason,
        "requested_from_ip_address": subscriber.signup_ip,
        "issues": [
            {
                "issue": str(delivery.issue),
                "status": delivery.status,
                "sent_at": _iso(delivery.sent_at),
            }
            for delivery in deliveries
        ],
    }


@transaction.atomic
def subscriber_erase(*, email: str, site_ids: set[int] | None = None) -> int:
    """Delete the address's subscription on every town (or those of ``site_ids``) and the
    record of what was sent to them; returns how many subscriptions went.

    Their share of past issues' delivery counts goes with them.
    """
    subscriptions = Subscriber.objects.by_email(email)
    if site_ids is not None:
        subscriptions = subscriptions.filter(site__in=site_ids)
    count = subscriptions.count()
    subscriptions.delete()
    return count


# The site-wide privacy tool (`manage.py personal_data`) finds these in each app.


def export_personal_data(email: str) -> dict[str, Any] | None:
    data = subscriber_export(email=email)
    return data if data["subscriptions"] else None


def erase_personal_data(email: str, *, remove: bool) -> str:
    count = subscriber_erase(email=email)
    return f"{count} newsletter subscription(s) deleted"
