from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from articles.models import Article
from network.models import Site
from network.routing import default_site, default_site_id

from .choices import CommentStatus, Rule


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, email: str) -> "CommentQuerySet":
        """Every comment left under this address, however it was capitalised."""
        return self.filter(email__iexact=email.strip())


class Comment(models.Model):
    Status = CommentStatus

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text="The comment this one answers.",
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="Private: moderators see it, readers never do.")
    website = models.URLField(max_length=300, blank=True)
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        help_text="Set when a signed-in staff member wrote the comment.",
    )
    decided_by = models.CharField(
        "deciding rule",
        max_length=40,
        blank=True,
        choices=Rule.choices,
        help_text="The moderation rule that decided.",
    )
    decided_term = models.CharField(
        "matched term", max_length=200, blank=True, help_text="The word or address that matched."
    )
    wordpress_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The comment's id on the WordPress site it was imported from.",
    )
    notify = models.BooleanField(
        "email the commenter",
        default=False,
        help_text="The commenter asked to be emailed when this is approved or answered.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
            # The queue counts each listed address's approved comments, whatever its case.
            models.Index(Lower("email"), F("status"), name="comment_address_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.article}"

    def get_absolute_url(self) -> str:
        return comment_url(self.article.get_absolute_url(), self.pk)


def comment_url(story_url: str, comment_id: int) -> str:
    """Where a comment is read: on its story's page, scrolled to it (the thread's anchors)."""
    return f"{story_url}#comment-{comment_id}"


class CommentReport(models.Model):
    """A reader's flag on a published comment. Enough of them send it back to moderation."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or hateful"
        HARASSMENT = "harassment", "Harassment or a personal attack"
        MISINFORMATION = "misinformation", "False or misleading"
        OFF_TOPIC = "off-topic", "Off topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # A keyed hash of the reader's address and browser: tells readers apart, identifies nobody.
    reporter = models.CharField(max_length=64)
    # A keyed hash of the reader's address alone (an IPv6 address by its /64): however many
    # browsers one address claims to be, its reports send a comment back only once.
    reporter_address = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a moderator approved the comment after this report. A reviewed "
        "report no longer counts, and its reader's address cannot send the comment back.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class CommenterEmail(models.Model):
    """An address whose owner has clicked the confirmation link we emailed to it."""

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = "commenter email"

    def __str__(self) -> str:
        return self.email


class ModerationSettingsQuerySet(models.QuerySet):
    def for_site(self, site: Site) -> "ModerationSettings":
        """A town's rules, made with the defaults the first time anyone asks for them."""
        return self.for_site_id(site.pk)

    def for_site_id(self, site_id: int) -> "ModerationSettings":
        """The same by the site's id (a story's ``site_id``: no query for the site)."""
        settings_row, _ = self.get_or_create(site_id=site_id)
        return settings_row


class ModerationSettings(models.Model):
    """A town's moderation rules, edited by its editors in the admin: one row per site,
    made on demand. A comment is judged by the rules of its story's home site, the only
    town where it can be written."""

    site = models.OneToOneField(
        Site,
        on_delete=models.CASCADE,
        default=default_site_id,
        related_name="moderation_settings",
        help_text="The town whose comments these rules judge.",
    )

    auto_approve = models.BooleanField(
        "approve trusted commenters automatically",
        default=True,
        help_text="Off: every comment is held for a moderator.",
    )
    link_limit = models.PositiveSmallIntegerField(
        "hold comments with this many links",
        default=2,
        help_text="A comment with at least this many links is held for review.",
    )
    hold_words = models.TextField(
        "hold for review",
        blank=True,
        help_text="One word or phrase per line. A comment containing one is held.",
    )
    disallowed_words = models.TextField(
        "disallowed words",
        blank=True,
        help_text="One word or phrase per line. A comment containing one goes to spam. "
        "Whole words only: “press” does not match “WordPress”.",
    )
    blocked_emails = models.TextField(
        "blocked email addresses", blank=True, help_text="One per line. Their comments go to spam."
    )
    blocked_domains = models.TextField(
        "blocked email domains",
        blank=True,
        help_text="One per line, e.g. spam.example. Subdomains are blocked too.",
    )
    blocked_ips = models.TextField(
        "blocked IP addresses",
        blank=True,
        help_text="One per line; a network such as 203.0.113.0/24 blocks all of it.",
    )

    objects = ModerationSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = "moderation settings"
        verbose_name_plural = "moderation settings"
        ordering = ["site__name", "site"]

    def __str__(self) -> str:
        return f"Moderation settings of {self.site}"

    @classmethod
    def load(cls, site: Site | None = None) -> "ModerationSettings":
        """A town's rules (the default site's without one)."""
        return cls.objects.for_site(site if site is not None else default_site())
