"""The one email a subscriber gets outside the issues: the link that confirms their choice."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from network.models import Site

from .models import Subscriber
from .tokens import confirmation_token


def from_address(site: Site) -> str:
    """The newsletter's From address with the town's name as its display name: one
    sending address for the network, and each town's readers see their own town."""
    _, address = parseaddr(settings.NEWSLETTER_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL)
    return formataddr((site.name, address))


def send_confirmation(subscriber: Subscriber, *, digest: bool, alerts: bool) -> bool:
    """The link that confirms a subscription, on the town's own address and in its name."""
    token = confirmation_token(subscriber.pk, digest=digest, alerts=alerts)
    site = subscriber.site
    context = {
        "SITE_NAME": site.name,
        "confirm_url": site.absolute(reverse("newsletter:confirm", kwargs={"token": token})),
        "digest": digest,
        "alerts": alerts,
        "days": settings.NEWSLETTER_CONFIRM_DAYS,
        "already": subscriber.status == Subscriber.Status.ACTIVE,
    }
    subject, _, body = render_to_string("newsletter/email/confirm.txt", context).partition("\n")
    message = EmailMessage(
        subject.strip(),
        body.strip() + "\n",
        from_email=from_address(site),
        to=[subscriber.email],
    )
    return bool(message.send())
