"""The public "Submit community news" form, protected like the reply form."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone

from articles.images import CheckedImageField
from comments.forms import PlainTextField, ProtectedForm

from . import held_photos

TOKEN_TARGET = "community.submit"
MAX_TEXT = 10_000
EVENTS_AHEAD_DAYS = 2 * 365
SUBMITTED_FIELDS = (
    "headline",
    "text",
    "photo_alt",
    "event_date",
    "event_time",
    "event_place",
    "name",
    "email",
    "own_work",
)


class SubmissionForm(ProtectedForm):
    """Headline, text, an optional photo, an optional event, and who sent it.

    A photo that passed its checks survives an error elsewhere on the form: it is held in
    storage and the form carries a signed reference to it (``kept_photo``), so nobody has
    to choose it again.
    """

    headline = PlainTextField(
        label="Headline",
        max_length=200,
        error_messages={"required": "Please give your news a headline."},
    )
    text = PlainTextField(
        label="Your news",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text; leave an empty line between paragraphs. "
        f"Up to {MAX_TEXT:,} characters.",
        error_messages={"required": "Please write your news."},
    )
    photo = CheckedImageField(
        label="Photo",
        required=False,
        help_text="JPEG, PNG, WebP or GIF. Location and camera details are removed.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    kept_photo = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_photo = forms.BooleanField(label="Remove this photo", required=False)
    photo_alt = PlainTextField(
        label="Describe the photo",
        max_length=250,
        required=False,
        help_text="What the photo shows, for readers who cannot see it. Needed with a photo.",
    )
    event_date = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Please give the date as YYYY-MM-DD, e.g. 2026-12-05."},
    )
    event_time = forms.TimeField(
        label="Time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Please give the time as HH:MM, e.g. 18:30."},
    )
    event_place = PlainTextField(label="Place (optional)", max_length=200, required=False)
    name = PlainTextField(
        label="Your name",
        max_length=100,
        help_text="Shown with your story as “Community contributor: <your name>”.",
        error_messages={"required": "Please give the name to show with your story."},
    )
    email = forms.EmailField(
        label="Your email",
        max_length=254,
        help_text="We send a confirmation link here. It is never published.",
        error_messages={
            "required": "Please give your email address. It will not be published.",
            "invalid": "This does not look like an email address. Please check it.",
        },
    )
    own_work = forms.BooleanField(
        label="This is my own work: I wrote it, the photo is mine (or I have permission to "
        "share it), and the newsroom may edit and publish it.",
        error_messages={"required": "Please confirm that this is your own work."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, token_target=TOKEN_TARGET, **kwargs)
        for field, autocomplete in (("name", "name"), ("email", "email")):
            self.fields[field].widget.attrs["autocomplete"] = autocomplete
        self.fields["photo"].widget.attrs["data-max-bytes"] = settings.IMAGE_MAX_UPLOAD_BYTES
        self.kept_photo_name = ""
        if self.is_bound:
            self.kept_photo_name = held_photos.held_name(self.data.get("kept_photo", ""))

    def clean_event_date(self):
        day = self.cleaned_data.get("event_date")
        if day is None:
            return None
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(
                "This date has passed. Please check it; past events are not listed."
            )
        if day > today + timedelta(days=EVENTS_AHEAD_DAYS):
            raise forms.ValidationError("Please give a date within the next two years.")
        return day

    def clean(self) -> dict:
        data = super().clean()
        if data.get("remove_photo"):
            self.kept_photo_name = ""
        has_photo = bool(data.get("photo")) or bool(self.kept_photo_name)
        if has_photo and not data.get("photo_alt") and "photo" not in self.errors:
            self.add_error("photo_alt", "Please describe the photo for readers who cannot see it.")
        if data.get("event_date") is None and "event_date" not in self.errors:
            if data.get("event_time"):
                self.add_error("event_date", "Please give the date of the event too.")
            elif data.get("event_place"):
                self.add_error(
                    "event_date", "Please give the date of the event, or leave the place empty."
                )
        return data

    def hold_photo(self) -> None:
        """Keep a photo that passed its checks when the form must come back for a fix."""
        photo = self.cleaned_data.get("photo") if hasattr(self, "cleaned_data") else None
        if photo and "photo" not in self.errors:
            self.kept_photo_name = held_photos.hold(photo)
        # The form shows what it now holds, not what was sent.
        self.data = self.data.copy()
        self.data["kept_photo"] = held_photos.reference(self.kept_photo_name)
        self.data.pop("remove_photo", None)

    @property
    def kept_photo_label(self) -> str:
        return held_photos.label(self.kept_photo_name)

    def submission_fields(self) -> dict:
        """What the sender typed, as the model's fields."""
        fields = {key: self.cleaned_data[key] for key in SUBMITTED_FIELDS}
        if not (self.cleaned_data.get("photo") or self.kept_photo_name):
            fields["photo_alt"] = ""
        return fields
