"""The pieces of the story form: its fields, inlines and the list's filters."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .. import revisions
from ..images import CheckedImageField
from ..models import Article, ArticleState, Byline, Correction

# Addresses typed without a scheme are taken as https, as Django 6 will do by default;
# uploaded images are checked by their content, with messages an editor can act on.
HTTPS_URL_FIELDS = {
    models.URLField: {"assume_scheme": "https"},
    models.ImageField: {"form_class": CheckedImageField},
}


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django's date and time boxes, each with a label a screen reader can name it by."""

    template_name = "articles/widgets/split_datetime.html"


STORY_FORM_FIELDS = {**HTTPS_URL_FIELDS, models.DateTimeField: {"widget": LabelledSplitDateTime}}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "order"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "created_at", "text"]
    formfield_overrides = STORY_FORM_FIELDS


def https_formfield(field: models.Field, **kwargs) -> forms.Field | None:
    for field_class, options in HTTPS_URL_FIELDS.items():
        if isinstance(field, field_class):
            kwargs = {**options, **kwargs}
    return field.formfield(**kwargs)


EDIT_CONFLICT = (
    "Someone else saved this story after you opened it, so it was not saved. What they "
    "changed is shown below; your text is still in the form. Bring in what you need from "
    "their version, then save again: saving again replaces their version with yours."
)


class ArticleForm(forms.ModelForm):
    is_update = forms.BooleanField(
        label="This is an update",
        required=False,
        help_text="Tick when the story changed in substance: readers then see “Updated” "
        "with today's date. Leave it for typo fixes.",
    )
    # The version of the story this form was opened on; a save from an older one is
    # refused (see clean()).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.conflict: revisions.EditConflict | None = None
        if self.instance.pk is not None:
            # From the database, not the instance: the revision form of the history page
            # is built on an old revision, and what it would replace is the current story.
            self.fields["loaded_version"].initial = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    class Meta:
        model = Article
        formfield_callback = https_formfield
        fields = [
            "headline",
            "slug",
            "dek",
            "body",
            "section",
            "tags",
            "lead_image",
            "lead_image_alt",
            "lead_image_decorative",
            "lead_image_caption",
            "lead_image_credit",
            "status",
            "published_at",
            "comments_open",
            "review_note",
            "source",
            "original_url",
            "site",
            "shared_to",
        ]

    def clean(self) -> dict:
        data = super().clean()
        image = data.get("lead_image")
        if image and not data.get("lead_image_alt") and not data.get("lead_image_decorative"):
            self.add_error(
                "lead_image_alt",
                "Describe the image for readers who cannot see it, or tick “decorative image”.",
            )
        if "_submit_for_review" in self.data and not data.get("body"):
            self.add_error("body", "Write the story before submitting it for review.")
        if (
            "_send_back" in self.data
            and "review_note" in self.fields
            and not data.get("review_note", "").strip()
        ):
            self.add_error("review_note", "Tell the writer what to change before sending it back.")
        self.check_version(data.get("loaded_version"))
        return data

    def check_version(self, loaded: int | None) -> None:
        """Refuse a save made from an older version of the story than the current one.

        The row is locked until the save commits (the admin saves in a transaction), so of
        two saves from the same version, the second waits for the first and is refused.
        """
        if self.instance.pk is None:
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or loaded == current:
            return
        self.conflict = revisions.edit_conflict(self.instance.pk, loaded)
        # The form comes back with the current version: a second save, made after reading
        # what changed, is the editor's informed choice and goes through.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = current
        raise ValidationError(EDIT_CONFLICT, code="edit_conflict")


class StateFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return ArticleState.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case ArticleState.SCHEDULED:
                return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
            case ArticleState.PUBLISHED:
                return queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
            case ArticleState.DRAFT | ArticleState.PENDING | ArticleState.UNPUBLISHED as status:
                return queryset.filter(status=status)
        return queryset


class PartnerFilter(admin.SimpleListFilter):
    title = "partner stories"
    parameter_name = "partner"

    def lookups(self, request, model_admin):
        return [
            ("new", "From a partner: new drafts"),
            ("all", "From a partner: all"),
            ("none", "Our own reporting"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "new":
                return queryset.filter(source__isnull=False, status=Article.Status.DRAFT)
            case "all":
                return queryset.filter(source__isnull=False)
            case "none":
                return queryset.filter(source__isnull=True)
        return queryset
