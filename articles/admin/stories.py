"""The desk's story admin: who may do what, the list, actions and revisions."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from network.access import site_ids_of
from network.admin_scoping import SiteListFilter, SiteScopedAdmin

from .. import publishing, revisions
from ..models import Article, Source
from .story_columns import StoryColumns
from .story_form import (
    STORY_FORM_FIELDS,
    ArticleForm,
    BylineInline,
    CorrectionInline,
    PartnerFilter,
    StateFilter,
)

# The review step's buttons on the story form.
SUBMIT = "_submit_for_review"
SEND_BACK = "_send_back"


@admin.register(Article)
class ArticleAdmin(StoryColumns, SiteScopedAdmin, SimpleHistoryAdmin):
    form = ArticleForm

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        # django-simple-history looks the id up unchecked: "abc" would be a 500. Answer it
        # as the change page does a story that is not there.
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    list_display = [
        "headline",
        "state_badge",
        "section",
        "byline_names",
        "published_at",
        "words",
        "site",
        "view_link",
    ]
    list_filter = [
        StateFilter,
        ("site", SiteListFilter),
        "section",
        ("bylines__author", admin.RelatedOnlyFieldListFilter),
        PartnerFilter,
    ]
    list_select_related = ["section", "site"]
    search_fields = ["headline", "dek", "body", "slug"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "source"]
    inlines = [BylineInline, CorrectionInline]
    formfield_overrides = STORY_FORM_FIELDS
    actions = ["publish", "unpublish"]
    history_list_display = ["compare"]

    fieldsets = [
        # loaded_version is hidden: the version the form was opened on (see ArticleForm).
        (
            None,
            {"fields": ["headline", "slug", "dek", "body", "section", "tags", "loaded_version"]},
        ),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_preview",
                    "lead_image_alt",
                    "lead_image_decorative",
                    "lead_image_caption",
                    "lead_image_credit",
                ]
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "is_update",
                    "comments_open",
                    "public_address",
                    "as_readers_see_it",
                ]
            },
        ),
        (
            "Sites",
            {
                "fields": ["site", "shared_to", "reads"],
                "description": "The town the story belongs to, and the other towns that "
                "show it too (with “Originally published by” and a link home).",
            },
        ),
        ("Review", {"fields": ["review_note"]}),
        ("Syndication", {"fields": ["source", "original_url"], "classes": ["collapse"]}),
    ]
    # What readers will see, shown on the form; never edited there.
    reader_view_fields = ["lead_image_preview", "public_address", "as_readers_see_it", "reads"]

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
            return self.reader_view_fields
        publishing_fields = [
            "status",
            "published_at",
            "comments_open",
            "source",
            "original_url",
            # Sharing a story with another town is an editor's decision.
            "shared_to",
        ]
        return [*publishing_fields, *self.reader_view_fields]

    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        # A writer's draft has no publishing choices to make, and the editor's note is
        # shown to them above the form; editors write one when a story is waiting for them.
        left_out = set()
        if not self.can_publish(request):
            left_out = {"is_update", "review_note"}
        elif obj is None or (obj.status != Article.Status.PENDING and not obj.review_note):
            left_out = {"review_note"}
        kept = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in left_out]})
            for name, opts in fieldsets
        ]
        return [(name, opts) for name, opts in kept if opts["fields"]]

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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["desk"] = self.desk_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def desk_context(self, request: HttpRequest, obj: Article | None) -> dict:
        """What the form offers for the review step, and what it tells the writer."""
        can_publish = self.can_publish(request)
        is_draft = obj is None or obj.status == Article.Status.DRAFT
        is_pending = obj is not None and obj.status == Article.Status.PENDING
        own = obj is None or obj.created_by_id == request.user.pk
        sent_back = None
        if is_draft and obj is not None and obj.review_note:
            sent_back = (
                obj.history.filter(history_change_reason=publishing.SENT_BACK)
                .select_related("history_user")
                .first()
            )
        return {
            "can_submit": is_draft and (can_publish or own),
            "can_send_back": is_pending and can_publish,
            "can_withdraw": is_pending and (can_publish or own),
            "is_pending": is_pending,
            "sent_back": sent_back,
        }

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
        obj._history_user = request.user
        if SUBMIT in request.POST and publishing.article_submit_for_review(article=obj):
            return
        if (
            SEND_BACK in request.POST
            and self.can_publish(request)
            and publishing.article_send_back(article=obj, note=obj.review_note)
        ):
            return
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: Article, post_url_continue=None):
        return self.review_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request: HttpRequest, obj: Article):
        return self.review_response(request, obj) or super().response_change(request, obj)

    def review_response(self, request: HttpRequest, obj: Article) -> HttpResponse | None:
        """After Submit for review or Send back: say what happened, back to the list."""
        if SUBMIT in request.POST and obj.status == Article.Status.PENDING:
            message = (
                f"“{obj}” is submitted for review: the editors have been told. To change it "
                "before they get to it, open it and choose “Withdraw to edit”."
            )
        elif SEND_BACK in request.POST and obj.status == Article.Status.DRAFT:
            message = f"“{obj}” is sent back to its writer with your note."
        else:
            return None
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    # The list

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).with_bylines()

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
                "<int:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="articles_article_withdraw",
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

    @method_decorator(require_POST)
    def withdraw_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """A writer takes their submitted story back to draft, to change it."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not (self.can_publish(request) or publishing.is_own_submission(article, request.user)):
            raise PermissionDenied
        article._history_user = request.user
        if publishing.article_withdraw(article=article):
            self.message_user(
                request,
                f"“{article}” is a draft again: change it, then submit it for review again.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def partner_drafts_view(self, request: HttpRequest) -> HttpResponse:
        """The syndication desk: what came in from partners, waiting to be rewritten."""
        if not self.can_publish(request):
            raise PermissionDenied
        drafts = Article.objects.partner_drafts()
        own = site_ids_of(request.user)
        if own is not None:
            drafts = drafts.filter(site__in=own)
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
