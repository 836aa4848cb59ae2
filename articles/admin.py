from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Article, Author, Byline, Section, Source

# Addresses typed without a scheme are taken as https, as Django 6 will do by default.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "section", "byline_names", "published_at", "source"]
    list_filter = ["status", "section", "source", "comments_open"]
    list_select_related = ["section", "source"]
    search_fields = ["headline", "dek", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "source"]
    inlines = [BylineInline]
    formfield_overrides = HTTPS_URL_FIELDS
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "section", "tags"]}),
        (
            "Lead image",
            {"fields": ["lead_image", "lead_image_alt", "lead_image_caption", "lead_image_credit"]},
        ),
        ("Publishing", {"fields": ["status", "published_at", "comments_open"]}),
        ("Syndication", {"fields": ["source", "original_url"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).with_bylines()

    @admin.display(description="Bylines")
    def byline_names(self, article: Article) -> str:
        return ", ".join(author.name for author in article.byline_authors)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "title", "email", "user"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["name", "title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "homepage"]
    formfield_overrides = HTTPS_URL_FIELDS
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
