"""Sections, authors, partner sources and old addresses."""

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from .. import syndication
from ..models import Article, ArticleRedirect, Author, Section, Source
from .story_form import HTTPS_URL_FIELDS


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
    actions = ["read_feeds"]

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

    @admin.action(description="Read the selected sources' feeds now", permissions=["change"])
    def read_feeds(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        results = syndication.ingest_all(queryset.exclude(feed_url="").select_related("section"))
        if not results:
            self.message_user(request, "None of them has a feed URL.", messages.WARNING)
        for result in results:
            level = messages.ERROR if result.error else messages.SUCCESS
            self.message_user(request, result.summary(), level)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path", "article__headline"]
    raw_id_fields = ["article"]
