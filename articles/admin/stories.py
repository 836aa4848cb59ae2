"""The desk's story admin: who may do what, the list, actions and revisions."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import publishing, revisions, syndication
from ..models import Article, Source
from .story_form import (
    HTTPS_URL_FIELDS,
    ArticleForm,
    BylineInline,
    CorrectionInline,
    PartnerFilter,
    StateFilter,
)


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleForm
    list_display = [
        "headline",
        "state_badge",
        "section",
        "byline_names",
        "published_at",
        "approved_comments",
        "pending_comments",
        "words",
        "view_link",
    ]
    list_filter = [
        StateFilter,
        "section",
        ("bylines__author", admin.RelatedOnlyFieldListFilter),
        PartnerFilter,
    ]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "source"]
    inlines = [BylineInline, CorrectionInline]
    formfield_overrides = HTTPS_URL_FIELDS
    actions = ["publish", "unpublish"]
    history_list_display = ["compare"]

    class Media:
        css = {"all": ["css/admin.css"]}

    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "section", "tags"]}),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_decorative",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "published_at", "is_update", "comments_open"]}),
        ("Syndication", {"fields": ["source", "original_url"], "classes": ["collapse"]}),
    ]

    # Who may do what

    def can_publish(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.publish_article")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self.can_publish(request)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None or self.can_publish(request) or publishing.is_own_draft(obj, request.user)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return (
            obj is None or self.can_publish(request) or publishing.is_own_draft(obj, request.user)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        if self.can_publish(request):
            return []
        return ["status", "published_at", "comments_open", "source", "original_url"]

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.can_publish(request):
            return fieldsets
        # A writer's draft has no publishing choices to make.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "is_update"]})
            for name, opts in fieldsets
        ]

    def get_inlines(self, request: HttpRequest, obj: Article | None):
        return [BylineInline, CorrectionInline] if self.can_publish(request) else [BylineInline]

    def get_form(self, request: HttpRequest, obj: Article | None = None, change=False, **kw):
        form = super().get_form(request, obj, change=change, **kw)
        if "published_at" in form.base_fields:
            form.base_fields["published_at"].help_text = (
                f"Newsroom time ({settings.TIME_ZONE}). Set on first publish; a time in the "
                "future schedules the story, which goes live by itself at that time."
            )
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not self.can_publish(request):
            publishing.refuse_publishing_fields(request.POST)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves this form after checking only view permission: the
        # desk's own rules must hold here as on the change form.
        if request.method == "POST":
            article = self.get_object(request, object_id)
            if article is None or not self.has_change_permission(request, article):
                raise PermissionDenied
            if not self.can_publish(request):
                publishing.refuse_publishing_fields(request.POST)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        if not self.can_publish(request):
            obj.status = Article.Status.DRAFT
        if form.cleaned_data.get("is_update") and obj.status == Article.Status.PUBLISHED:
            obj.modified_at = timezone.now()
        super().save_model(request, obj, form, change)

    # The list

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .with_bylines()
            .annotate(
                approved_total=Count("comments", filter=Q(comments__status="approved")),
                pending_total=Count("comments", filter=Q(comments__status="pending")),
            )
        )

    @admin.display(description="Status", ordering="status")
    def state_badge(self, article: Article) -> str:
        return format_html(
            '<span class="state-badge state-{}">{}</span>', article.state, article.state.title()
        )

    @admin.display(description="Bylines")
    def byline_names(self, article: Article) -> str:
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="Approved", ordering="approved_total")
    def approved_comments(self, article: Article) -> int:
        return article.approved_total

    @admin.display(description="Pending", ordering="pending_total")
    def pending_comments(self, article: Article) -> int:
        return article.pending_total

    @admin.display(description="Words")
    def words(self, article: Article) -> int:
        return article.word_count

    @admin.display(description="")
    def view_link(self, article: Article) -> str:
        if article.is_public:
            return format_html('<a href="{}">View on site</a>', article.get_absolute_url())
        return format_html('<a href="{}">Preview</a>', article.get_preview_url())

    def get_view_on_site_url(self, obj: Article | None = None) -> str | None:
        if obj is None or obj.pk is None:
            return None
        return obj.get_absolute_url() if obj.is_public else obj.get_preview_url()

    # Actions and revisions

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = sum(publishing.article_publish(article=a) for a in queryset)
        self.message_user(request, f"Published {count} stories.", messages.SUCCESS)

    @admin.action(description="Unpublish selected stories", permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = sum(publishing.article_unpublish(article=a) for a in queryset)
        self.message_user(request, f"Unpublished {count} stories.", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/revisions/<int:history_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="articles_article_revision",
            ),
            path(
                "partner-drafts/",
                self.admin_site.admin_view(self.partner_drafts_view),
                name="articles_article_partner_drafts",
            ),
            *super().get_urls(),
        ]

    def revision_view(self, request: HttpRequest, object_id: int, history_id: int) -> HttpResponse:
        article = self.get_object(request, str(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        return revisions.revision_page(
            request,
            admin_site=self.admin_site,
            article=article,
            history_id=history_id,
            can_revert=self.has_change_permission(request, article),
        )

    def partner_drafts_view(self, request: HttpRequest) -> HttpResponse:
        """The syndication desk: what came in from partners, waiting to be rewritten."""
        if not self.can_publish(request):
            raise PermissionDenied
        drafts = syndication.partner_drafts()
        chosen = request.GET.get("source", "")
        if chosen:
            drafts = drafts.filter(source__slug=chosen)
        sources = Source.objects.annotate(
            draft_total=Count("articles", filter=Q(articles__status=Article.Status.DRAFT))
        ).filter(draft_total__gt=0)
        context = {
            **self.admin_site.each_context(request),
            "title": "New drafts from partners",
            "opts": self.model._meta,
            "page": Paginator(drafts, 50).get_page(request.GET.get("page")),
            "sources": sources,
            "chosen": chosen,
        }
        return TemplateResponse(request, "admin/articles/article/partner_drafts.html", context)
