"""Subscribers, the issues sent to them, and each recipient's delivery of each issue.

A ``Delivery`` row per recipient and issue is what makes sending safe to interrupt: it
says, durably, who has had the issue, who is due, and the one recipient (if any) whose
message was on the wire when a sender stopped.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from network.models import Site
from network.routing import default_site_id


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    ACTIVE = "active", "Subscribed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    BOUNCED = "bounced", "Refused by their mail server"


class SubscriberQuerySet(models.QuerySet):
    def receiving(self, kind: str) -> "SubscriberQuerySet":
        """Confirmed subscribers who asked for this kind of issue (digest or alert)."""
        wants = {"digest": "wants_digest", "alert": "wants_alerts"}[kind]
        return self.filter(status=SubscriberStatus.ACTIVE, **{wants: True})

    def by_email(self, email: str) -> "SubscriberQuerySet":
        """Every town's subscription of this address."""
        return self.filter(email__iexact=email.strip())

    def of_town(self, site: Site) -> "SubscriberQuerySet":
        """The subscriptions made on this town's site: its newsletter's list."""
        return self.filter(site=site)


class Subscriber(models.Model):
    """One address's subscription to one town's newsletter, with what it asked for.

    The same address may subscribe to several towns: each is a row of its own, confirmed
    on its own. Nothing about a subscriber is ever public.
    """

    Status = SubscriberStatus

    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="subscribers",
        verbose_name="town",
        help_text="The town whose newsletter this is: the site they signed up on.",
    )
    email = models.EmailField(help_text="Stored in lower case.")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    wants_digest = models.BooleanField("daily digest", default=True)
    wants_alerts = models.BooleanField("breaking-news alerts", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(
        max_length=300, blank=True, help_text="What the recipient's mail server answered."
    )
    signup_ip = models.GenericIPAddressField(
        "requested from IP address",
        null=True,
        blank=True,
        help_text="Kept only until the address is confirmed, to limit sign-ups per address.",
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email", "site"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["site", "email"], name="one_subscription_per_town")
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class IssueKind(models.TextChoices):
    DIGEST = "digest", "Daily digest"
    ALERT = "alert", "Breaking-news alert"


class IssueStatus(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent: nothing new"


class Issue(models.Model):
    """A town's digest (one per town and day) or alert (one per story and town the story
    shows on), and what it said when it went.

    Its subject, HTML and text are fixed when sending starts, so a send that resumes after
    a crash sends every remaining recipient the same issue as the first.
    """

    Kind = IssueKind
    Status = IssueStatus

    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="newsletter_issues",
        verbose_name="town",
        help_text="The town whose subscribers get it, with its name and its links.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    edition_date = models.DateField(
        null=True, blank=True, help_text="The day of a daily digest (the town's time)."
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_alerts",
        help_text="The story a breaking-news alert is about.",
    )
    note = models.TextField(
        "editor's note",
        blank=True,
        max_length=600,
        help_text="A few sentences at the top of the email, in plain text.",
    )
    subject = models.CharField(max_length=200, blank=True)
    html = models.TextField(blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "edition_date"],
                condition=Q(kind="digest"),
                name="one_digest_per_town_per_day",
            ),
            models.UniqueConstraint(
                fields=["article", "site"],
                condition=Q(kind="alert"),
                name="one_alert_per_story_per_town",
            ),
            models.CheckConstraint(
                condition=~Q(kind="digest") | Q(edition_date__isnull=False),
                name="digest_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == IssueKind.DIGEST:
            return f"Daily digest, {self.edition_date:%A, %B %d, %Y}"
        if self.article_id is not None:
            return f"Alert: {self.article.headline}"
        return f"Alert: {self.subject.removeprefix('Breaking: ')}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    CLAIMED = "claimed", "Taken by a sender"
    SENDING = "sending", "On the wire"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped: unsubscribed before their turn"
    UNCERTAIN = "uncertain", "Uncertain: the sender stopped while sending it"


class Delivery(models.Model):
    """One recipient's copy of one issue, and how far it got."""

    Status = DeliveryStatus

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="After a temporary failure: not before this time."
    )
    claimed_by = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="one_delivery_per_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "status"]),
            models.Index(fields=["claimed_by", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscriber_id}: {self.get_status_display()}"
