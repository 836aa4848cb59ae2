"""The network: each town is a Site, reached at one or more host names.

Not ``django.contrib.sites``: it gives a site one domain and fixes the current site per
settings module (``SITE_ID``). A town here answers at several host names (its own domain,
``www.``, a staging name), is chosen per request by the host it was asked for, and has a
name, tagline and time zone of its own. See README, "Running a network".
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone name, e.g. America/Denver.")


def validate_host_name(value: str) -> None:
    if value != value.strip().lower() or not value or "/" in value or ":" in value:
        raise ValidationError(
            "A host name only, in lower case, without scheme, port or path: "
            "news.example.org, not https://news.example.org/."
        )


class SiteQuerySet(models.QuerySet):
    def default(self) -> "Site | None":
        """The site that a one-town installation is, and that existing data moved into."""
        return self.filter(is_default=True).first()


class Site(models.Model):
    name = models.CharField(max_length=100, help_text="The town's masthead, e.g. “The Local Loop”.")
    slug = models.SlugField(
        max_length=50, unique=True, help_text="A short name for the site in the admin and commands."
    )
    tagline = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="America/Denver",
        validators=[validate_time_zone],
        help_text="The town's own time, e.g. America/Denver.",
    )
    base_url = models.URLField(
        "public address",
        help_text="Scheme and main host name, e.g. https://riverside.example.org. Canonical "
        "links to this town's stories from other towns, and links in emails, start with it.",
    )
    is_default = models.BooleanField(
        "default site",
        default=False,
        help_text="Exactly one site is the default: the one a single-town installation is.",
    )

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        permissions = [("work_on_every_site", "Can work on every site in the network")]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_site"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The town's time zone, for its pages and its emails; the installation's if the
        stored name is not one (a row written past the form's check)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def absolute(self, path: str) -> str:
        """An address on this site, from a path such as a story's get_absolute_url()."""
        return f"{self.base_url.rstrip('/')}{path}"


class SiteHost(models.Model):
    """A host name a site answers at. A host belongs to one site only."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField(
        max_length=253,
        unique=True,
        validators=[validate_host_name],
        help_text="As readers type it, without port: news.example.org. It must also be in "
        "DJANGO_ALLOWED_HOSTS.",
    )

    class Meta:
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host


class SiteMembership(models.Model):
    """A staff member works for a site. Network editors (the ``work_on_every_site``
    permission) work for all of them without a membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_memberships"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        ordering = ["site", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "site"], name="one_membership_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.site}"
