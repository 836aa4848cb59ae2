"""Neighbours' submissions, and the events that published ones announce."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from articles.images import validate_image_upload
from articles.models import Article
from network.models import Site
from network.routing import default_site_id


class SubmissionStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the sender to confirm"
    WAITING = "waiting", "Waiting for an editor"
    PUBLISHED = "published", "Published"
    DECLINED = "declined", "Declined"


class SubmissionQuerySet(models.QuerySet):
    def waiting(self) -> "SubmissionQuerySet":
        """Confirmed by their senders and not yet decided: the editors' queue."""
        return self.filter(status=SubmissionStatus.WAITING)

    def on_sites(self, site_ids: set[int] | None) -> "SubmissionQuerySet":
        """Those sent on these towns (``network.access.site_ids_of``; None: every town)."""
        return self if site_ids is None else self.filter(site__in=site_ids)

    def by_email(self, email: str) -> "SubmissionQuerySet":
        """Every submission sent under this address, however it was capitalised."""
        return self.filter(email__iexact=email.strip())

    def expired(self, now: datetime | None = None) -> "SubmissionQuerySet":
        """Never confirmed, and older than the confirmation link's life."""
        cutoff = (now or timezone.now()) - timedelta(days=settings.COMMUNITY_CONFIRM_DAYS)
        return self.filter(status=SubmissionStatus.UNCONFIRMED, created_at__lt=cutoff)


class Submission(models.Model):
    """News or an event as a neighbour sent it, kept as the record of what they sent.

    It belongs to the town it was sent on. Once its sender confirms their address it
    becomes a draft story of that town in the Community section (``article``), which the
    town's editors edit and publish like any other.
    """

    Status = SubmissionStatus

    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        default=default_site_id,
        related_name="community_submissions",
        verbose_name="town",
        help_text="The town it was sent on: its story belongs there.",
    )

    headline = models.CharField(max_length=200)
    text = models.TextField(help_text="As the sender typed it: plain paragraphs.")
    photo = models.ImageField(
        upload_to="community/%Y/%m/", blank=True, validators=[validate_image_upload]
    )
    photo_alt = models.CharField("photo description (alt text)", max_length=250, blank=True)
    event_date = models.DateField(null=True, blank=True)
    event_time = models.TimeField(null=True, blank=True)
    event_place = models.CharField(max_length=200, blank=True)
    name = models.CharField("sender's name", max_length=100)
    email = models.EmailField(
        "sender's email", help_text="Private: editors see it, readers never do."
    )
    own_work = models.BooleanField(
        "confirmed it is their own work",
        default=False,
        help_text="The sender ticked “This is my own work”.",
    )
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    created_at = models.DateTimeField("sent", default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(
        blank=True, help_text="Sent to the sender when their submission is declined."
    )
    article = models.OneToOneField(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_submission",
        help_text="The draft story made from this submission once its sender confirmed it.",
    )
    ip_address = models.GenericIPAddressField(
        "IP address",
        null=True,
        blank=True,
        help_text="Kept while the submission is undecided, for spotting abuse; then erased.",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""), name="submitted_photo_has_alt_text"
            ),
            models.CheckConstraint(
                condition=Q(event_date__isnull=False) | (Q(event_time__isnull=True)),
                name="event_time_needs_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.headline


class EventQuerySet(models.QuerySet):
    def upcoming(self, today: date | None = None, site: Site | None = None) -> "EventQuerySet":
        """Events of published stories from today on, soonest first, with their story.
        With a site, the events of the stories that site shows.

        "Today" is the town's: an event stays listed until its day has passed there.
        """
        if today is None:
            today = timezone.localdate(timezone=site.zone if site is not None else None)
        # Asked of each upcoming event, not as a list of every published story (which
        # SQLite builds first: 10,000 ids to find three events).
        stories = Article.objects.published().filter(pk=OuterRef("article"))
        if site is not None:
            stories = stories.on_site(site)
        return (
            self.filter(Exists(stories), starts_on__gte=today)
            .select_related("article")
            .order_by("starts_on", "start_time", "pk")
        )

    def for_calendar(self) -> "EventQuerySet":
        """With what an .ics needs: the story's town, whose clock an event's time is on."""
        return self.select_related("article__site")


class Event(models.Model):
    """A dated happening announced by a story: listed until its day has passed."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="event",
        help_text="The story that announces it; the event shows only while it is published.",
    )
    starts_on = models.DateField("date")
    start_time = models.TimeField(
        null=True,
        blank=True,
        help_text="The town's local time (its story's town). Leave empty for an all-day event.",
    )
    place = models.CharField(max_length=200, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.article.headline} ({self.starts_on:%b %d, %Y})"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()

    @property
    def title(self) -> str:
        return self.article.headline

    @property
    def starts_at(self) -> datetime | None:
        """The start as an aware moment (None: all day). Its time is the wall-clock time
        of the story's town, as neighbours and the town's desk write it and its pages
        print it: a 7 pm event in a Chicago town is 7 pm in Chicago, whatever the
        installation's TIME_ZONE. (Calendars select the story's site with the event.)"""
        if self.start_time is None:
            return None
        naive = datetime.combine(self.starts_on, self.start_time)
        return timezone.make_aware(naive, self.article.site.zone)

    def get_ics_url(self) -> str:
        return reverse("community:event-ics", kwargs={"pk": self.pk})
