"""Staff bylines: the people and teams stories are written under."""

from django.conf import settings
from django.db import models

from ..addresses import public_address
from ..images import validate_image_upload
from ..pictures import ImageSlot, Picture, WithRenditions


class Author(WithRenditions, models.Model):
    """A staff byline: a person, or a team such as "Editorial Staff"."""

    PHOTO = ImageSlot("photo", "photo_renditions", widths=(160, 320))
    image_slots = (PHOTO,)

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        TEAM = "team", "Team"

    name = models.CharField("display name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(
        max_length=120, blank=True, help_text='For example "City Hall reporter".'
    )
    bio = models.TextField(
        blank=True, help_text="One or two sentences shown under the author's stories."
    )
    photo = models.ImageField(
        upload_to="authors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_image_upload],
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    links = models.TextField(
        blank=True, help_text="Web pages about this author or team, one address per line."
    )
    photo_renditions = models.JSONField(default=list, blank=True, editable=False)
    email = models.EmailField(
        "public contact email",
        blank=True,
        help_text="Shown to readers in a form that address harvesters cannot read.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes under this byline, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return public_address("articles:author", slug=self.slug)

    @property
    def picture(self) -> Picture:
        return self.PHOTO.picture(self)

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]
