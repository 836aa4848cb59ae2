import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.admin import HTTPS_URL_FIELDS

from . import privacy
from .forms import ModerationTestForm
from .models import Comment, CommenterEmail, CommentReport, ModerationSettings
from .moderation import RULES, Candidate
from .services import (
    comment_approve,
    comment_mark_spam,
    comment_moderate,
    comment_restore,
    comment_trash,
)


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on Pending; each choice shows how many comments it holds."""

    title = "status"
    parameter_name = "status"

    def __init__(self, request: HttpRequest, params, model, model_admin) -> None:
        super().__init__(request, params, model, model_admin)
        # Searching for a commenter means every status, unless one is picked.
        self.default = "all" if request.GET.get("q") else Comment.Status.PENDING

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        counts = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("pk")))
        choices = [
            (status, f"{label} ({counts.get(status, 0)})")
            for status, label in Comment.Status.choices
        ]
        return [*choices, ("all", f"All ({sum(counts.values())})")]

    def value(self) -> str:
        return super().value() or self.default

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    fields = ["reason", "created_at"]
    readonly_fields = ["reason", "created_at"]
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "excerpt",
        "story",
        "status",
        "rule",
        "report_count",
        "created_at",
        "email_link",
        "ip_address",
    ]
    list_filter = [StatusFilter, "decided_by", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "ip_address", "text"]
    date_hierarchy = "created_at"
    raw_id_fields = ["article", "parent", "user"]
    readonly_fields = [
        "created_at",
        "ip_address",
        "user_agent",
        "decided_by",
        "decided_term",
        "email_link",
        "parent_excerpt",
    ]
    fieldsets = [
        (None, {"fields": ["article", "parent", "parent_excerpt", "status", "text"]}),
        ("Commenter", {"fields": ["name", "email", "email_link", "website", "user", "notify"]}),
        (
            "Moderation",
            {"fields": ["decided_by", "decided_term", "created_at", "ip_address", "user_agent"]},
        ),
    ]
    inlines = [CommentReportInline]
    actions = ["approve", "mark_spam", "trash", "restore", "export_data", "erase_commenter"]
    formfield_overrides = HTTPS_URL_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return super().get_queryset(request).annotate(report_total=Count("reports"))

    @admin.display(description="Comment")
    def excerpt(self, comment: Comment) -> str:
        return comment.text if len(comment.text) <= 80 else comment.text[:79] + "…"

    @admin.display(description="Story", ordering="article__headline")
    def story(self, comment: Comment) -> str:
        return format_html(
            '<a href="{}#comment-{}">{}</a>',
            comment.article.get_absolute_url(),
            comment.pk,
            comment.article.headline,
        )

    @admin.display(description="Decided by", ordering="decided_by")
    def rule(self, comment: Comment) -> str:
        label = RULES.get(comment.decided_by, "")
        return f"{label}: “{comment.decided_term}”" if comment.decided_term else label

    @admin.display(description="Reports", ordering="report_total")
    def report_count(self, comment: Comment) -> int:
        return comment.report_total

    @admin.display(description="Email", ordering="email")
    def email_link(self, comment: Comment) -> str:
        return format_html('<a href="mailto:{0}">{0}</a>', comment.email)

    @admin.display(description="In reply to")
    def parent_excerpt(self, comment: Comment) -> str:
        if comment.parent is None:
            return "—"
        return f"{comment.parent.name}: {self.excerpt(comment.parent)}"

    def _apply(self, request, queryset, service, done: str) -> None:
        # Listed first: the queue's filter would not find them again once they change.
        comments = list(queryset.select_related("article", "parent"))
        changed = 0
        for comment in comments:
            before = comment.status
            changed += service(comment=comment).status != before
        self.message_user(request, f"{done} {changed} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._apply(request, queryset, comment_approve, "Approved")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._apply(request, queryset, comment_mark_spam, "Marked as spam:")

    @admin.action(description="Move selected comments to the trash", permissions=["change"])
    def trash(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._apply(request, queryset, comment_trash, "Moved to the trash:")

    @admin.action(description="Restore selected comments to Pending", permissions=["change"])
    def restore(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._apply(request, queryset, comment_restore, "Restored to Pending:")

    @admin.action(description="Export the commenters' data (JSON)", permissions=["change"])
    def export_data(self, request: HttpRequest, queryset: QuerySet[Comment]) -> HttpResponse:
        emails = sorted({comment.email.lower() for comment in queryset})
        exported = [privacy.commenter_export(email=email) for email in emails]
        response = HttpResponse(
            json.dumps(exported, indent=2, ensure_ascii=False),
            content_type="application/json",
        )
        response["Content-Disposition"] = 'attachment; filename="commenter-data.json"'
        return response

    @admin.action(description="Erase the commenters' personal data…", permissions=["delete"])
    def erase_commenter(self, request: HttpRequest, queryset: QuerySet[Comment]):
        emails = sorted({c.email.lower() for c in queryset} - {privacy.ANONYMOUS_EMAIL})
        if request.POST.get("erase_mode") in {"anonymise", "remove"}:
            remove = request.POST["erase_mode"] == "remove"
            total = sum(privacy.commenter_erase(email=email, remove=remove) for email in emails)
            verb = "Removed" if remove else "Anonymised"
            self.message_user(
                request,
                f"{verb} {total} comment(s) from {len(emails)} address(es).",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/comments/erase_commenter.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase commenters' personal data",
                "emails": emails,
                "comments": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(CommenterEmail)
class CommenterEmailAdmin(admin.ModelAdmin):
    list_display = ["email", "confirmation_sent_at", "confirmed_at"]
    search_fields = ["email"]
    readonly_fields = ["confirmation_sent_at", "confirmed_at"]


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    """One page of settings, like WordPress's Discussion Settings, plus a test box."""

    fieldsets = [
        ("Approval", {"fields": ["auto_approve", "link_limit"]}),
        ("Words", {"fields": ["hold_words", "disallowed_words"]}),
        ("Blocked senders", {"fields": ["blocked_emails", "blocked_domains", "blocked_ips"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row = ModerationSettings.load()
        return HttpResponseRedirect(
            reverse("admin:comments_moderationsettings_change", args=[settings_row.pk])
        )

    def get_urls(self):
        return [
            path(
                "test/",
                self.admin_site.admin_view(self.test_comment_view),
                name="comments_moderationsettings_test",
            ),
            *super().get_urls(),
        ]

    def test_comment_view(self, request: HttpRequest) -> HttpResponse:
        """Show what the rules would decide for a comment, without storing anything."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ModerationTestForm(request.POST or None)
        decision = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            decision = comment_moderate(
                Candidate(
                    name=data["name"],
                    email=data["email"],
                    website=data["website"],
                    text=data["text"],
                    ip_address=data["ip_address"] or None,
                ),
                browser_confirmed=data["browser_confirmed"],
                use_spam_service=False,
            )
        return TemplateResponse(
            request,
            "admin/comments/moderation_test.html",
            {
                **self.admin_site.each_context(request),
                "title": "Test a comment against the moderation rules",
                "form": form,
                "decision": decision,
                "opts": self.model._meta,
            },
        )
