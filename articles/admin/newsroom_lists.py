"""Sections, authors, partner sources and old addresses."""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from network.admin_scoping import SiteListFilter, SiteScopedAdmin

from ..models import Article, ArticleRedirect, Author, Section, Source
from .story_form import HTTPS_URL_FIELDS


@admin.register(Section)
class SectionAdmin(SiteScopedAdmin, admin.ModelAdmin):
    """A town's sections, for its editors; every town's for network editors. The story
    form's section box searches here, so it offers the sections of one's own towns."""

    network_fields = ("site",)
    list_display = ["name", "slug", "order", "site"]
    list_editable = ["order"]
    list_filter = [("site", SiteListFilter)]
    list_select_related = ["site"]
    # A town's name finds its sections (the story form's box, for network editors).
    search_fields = ["name", "site__name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["site", "name", "slug", "description", "order"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "title", "email", "user"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["name", "title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    formfield_overrides = HTTPS_URL_FIELDS
    fields = ["name", "slug", "kind", "title", "photo", "bio", "email", "links", "user"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "indexing", "homepage", "section", "has_feed", "new_drafts"]
    list_filter = ["indexing"]
    list_select_related = ["section"]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["section"]
    formfield_overrides = HTTPS_URL_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                new_draft_total=Count("articles", filter=Q(articles__status=Article.Status.DRAFT))
            )
        )

    @admin.display(description="Feed", boolean=True)
    def has_feed(self, source: Source) -> bool:
        return bool(source.feed_url)

    @admin.display(description="New drafts", ordering="new_draft_total")
    def new_drafts(self, source: Source) -> str | int:
        if not source.new_draft_total:
            return 0
        url = reverse("admin:articles_article_partner_drafts")
        return format_html(
            '<a href="{}?source={}">{}</a>', url, source.slug, source.new_draft_total
        )


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path", "article__headline"]
    raw_id_fields = ["article"]
