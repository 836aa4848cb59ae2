"""Writes to subscriptions, shared by the public views and the admin's actions.

A subscription is to one town's newsletter: the site the form was sent on. The same
address may subscribe to several towns, each confirmed by its own link.

Double opt-in: asking changes nothing a sender acts on; only the link we email to the
address makes it a subscriber (or changes what it gets). Every answer to "subscribe" is
the same, so the form cannot be used to learn who subscribes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from network.models import Site

from . import notifications
from .models import Delivery, Subscriber

# One confirmation email per address per this long, however often the form is sent.
CONFIRMATION_EVERY = timedelta(minutes=10)


def normalized(email: str) -> str:
    return email.strip().lower()


def subscriber_request(
    *, site: Site, email: str, digest: bool, alerts: bool, ip_address: str | None
) -> Subscriber:
    """Someone asked for this town's newsletter, or to change what they get: email the
    link that confirms it (at most once per ``CONFIRMATION_EVERY`` per address and town)."""
    subscribers_sweep()
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            site=site,
            email=normalized(email),
            defaults={"wants_digest": digest, "wants_alerts": alerts},
        )
        sent = subscriber.confirmation_sent_at
        if sent is not None and now - sent < CONFIRMATION_EVERY:
            return subscriber
        subscriber.confirmation_sent_at = now
        # Kept until the link is used (or a week), so one IP address cannot have us email
        # many people, subscribed or not.
        subscriber.signup_ip = ip_address or None
        subscriber.save(update_fields=["confirmation_sent_at", "signup_ip"])
        transaction.on_commit(
            lambda: notifications.send_confirmation(subscriber, digest=digest, alerts=alerts),
            robust=True,  # a mail server that is down is logged, not shown as an error page
        )
    return subscriber


def subscriber_confirm(*, subscriber: Subscriber, digest: bool, alerts: bool) -> Subscriber:
    """The owner of the address clicked our link: they get what they chose, from now on.

    A bounced address that confirms has shown its mailbox works again.
    """
    now = timezone.now()
    subscriber.status = Subscriber.Status.ACTIVE
    subscriber.wants_digest = digest
    subscriber.wants_alerts = alerts
    subscriber.confirmed_at = now
    subscriber.unsubscribed_at = None
    subscriber.bounced_at = None
    subscriber.bounce_reason = ""
    subscriber.signup_ip = None
    subscriber.save()
    return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber, kind: str | None = None) -> Subscriber:
    """Stop one list ("digest" or "alert"), or everything (``kind=None``), at once: mail
    queued for them and not yet sent is dropped too."""
    if kind in (None, "digest"):
        subscriber.wants_digest = False
    if kind in (None, "alert"):
        subscriber.wants_alerts = False
    if not (subscriber.wants_digest or subscriber.wants_alerts):
        if subscriber.status == Subscriber.Status.ACTIVE:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
    with transaction.atomic():
        subscriber.save()
        queued = Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.QUEUED)
        if kind is not None:
            queued = queued.filter(issue__kind=kind)
        queued.update(status=Delivery.Status.SKIPPED)
    return subscriber


def subscribers_sweep() -> int:
    """Forget addresses that never confirmed within the link's life, and the IP address of
    requests whose link has expired (no cron needed: each new request does it). Returns how
    many addresses were deleted."""
    cutoff = timezone.now() - timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    deleted, _ = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    Subscriber.objects.filter(signup_ip__isnull=False, confirmation_sent_at__lt=cutoff).update(
        signup_ip=None
    )
    return deleted


def is_rate_limited(*, ip_address: str | None) -> bool:
    """True once NEWSLETTER_RATE_LIMIT unconfirmed requests came from this IP in the window:
    someone signing up strangers' addresses, one confirmation email each."""
    limit = settings.NEWSLETTER_RATE_LIMIT
    if not limit or not ip_address:
        return False
    since = timezone.now() - timedelta(seconds=settings.NEWSLETTER_RATE_WINDOW_SECONDS)
    return (
        Subscriber.objects.filter(signup_ip=ip_address, confirmation_sent_at__gte=since).count()
        >= limit
    )
