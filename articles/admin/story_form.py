"""The pieces of the story form: its fields, inlines and the list's filters."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from ..images import CheckedImageField
from ..models import Article, Byline, Correction

# Addresses typed without a scheme are taken as https, as Django 6 will do by default;
# uploaded images are checked by their content, with messages an editor can act on.
HTTPS_URL_FIELDS = {
    models.URLField: {"assume_scheme": "https"},
    models.ImageField: {"form_class": CheckedImageField},
}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "order"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "created_at", "text"]


def https_formfield(field: models.Field, **kwargs) -> forms.Field | None:
    for field_class, options in HTTPS_URL_FIELDS.items():
        if isinstance(field, field_class):
            kwargs = {**options, **kwargs}
    return field.formfield(**kwargs)


class ArticleForm(forms.ModelForm):
    is_update = forms.BooleanField(
        label="This is an update",
        required=False,
        help_text="Tick when the story changed in substance: readers then see “Updated” "
        "with today's date. Leave it for typo fixes.",
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
            "source",
            "original_url",
        ]

    def clean(self) -> dict:
        data = super().clean()
        image = data.get("lead_image")
        if image and not data.get("lead_image_alt") and not data.get("lead_image_decorative"):
            self.add_error(
                "lead_image_alt",
                "Describe the image for readers who cannot see it, or tick “decorative image”.",
            )
        return data


class StateFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case "scheduled":
                return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
            case "published":
                return queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
            case "draft" | "unpublished" as status:
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
