"""The moderation queue: comments, their reports, and commenters' emails."""

import json

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.admin import HTTPS_URL_FIELDS
from network.admin_scoping import QueueStatusFilter, SiteListFilter, SiteScopedAdmin

from .. import privacy, queue
from ..models import Comment, CommenterEmail, CommentReport
from ..moderation import explain
from ..services import (
    comment_approve,
    comment_mark_spam,
    comment_restore,
    comment_trash,
)


class StatusFilter(QueueStatusFilter):
    """The comment queue opens on Pending."""

    statuses = Comment.Status
    waiting = Comment.Status.PENDING


class CommentReportInline(admin.TabularInline):
    model = CommentReport
    extra = 0
    fields = ["reason", "created_at"]
    readonly_fields = ["reason", "created_at"]
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(SiteScopedAdmin, admin.ModelAdmin):
    # Moderators and editors of a town moderate its stories' comments only.
    site_lookup = "article__site"
    list_display = [
        "name",
        "comment",
        "report_count",
        "submitted",
    ]
    list_filter = [StatusFilter, ("article__site", SiteListFilter), "decided_by", "created_at"]
    list_select_related = ["article", "parent"]
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
    # Who wrote a comment is a fact, not a moderator's choice: a staff badge comes only
    # from a signed-in staff member writing it (comment_submit), never from this form.
    authorship_fields = ["name", "email", "user"]
    inlines = [CommentReportInline]
    actions = ["approve", "mark_spam", "trash", "restore", "export_data", "erase_commenter"]
    formfield_overrides = HTTPS_URL_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Comment]:
        return super().get_queryset(request).annotate(report_total=Count("reports"))

    def get_readonly_fields(self, request: HttpRequest, obj: Comment | None = None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, *(self.authorship_fields if obj is not None else ["user"])]

    def get_fieldsets(self, request: HttpRequest, obj: Comment | None = None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        # The address is shown once, as a link to write to the commenter.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "email"]})
            for name, opts in super().get_fieldsets(request, obj)
        ]

    # The queue

    def changelist_view(self, request: HttpRequest, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) and response.context_data.get("cl")
        if changelist is not None:
            # Evaluated here and kept: the template lists these same objects.
            rows = list(changelist.result_list)
            queue.prepare_rows(rows, request)
            can_change = self.has_change_permission(request)
            for row in rows:
                row.can_moderate = can_change
        return response

    @admin.display(description="Comment")
    def comment(self, comment: Comment) -> str:
        text = comment.text
        cut = queue.excerpt_end(text)
        return render_to_string(
            "admin/comments/comment/queue_comment.html",
            {
                "comment": comment,
                "email": self.email_link(comment),
                "story": self.story(comment),
                "rule": self.rule(comment),
                "shown": text[:cut],
                "rest": text[cut:],
                "actions": queue.actions_for(comment),
                "can_moderate": getattr(comment, "can_moderate", False),
                "can_reply": comment.status in queue.REPLYABLE,
                "max_length": settings.COMMENTS_MAX_LENGTH,
            },
        )

    def excerpt(self, comment: Comment) -> str:
        return comment.text if len(comment.text) <= 80 else comment.text[:79] + "…"

    @admin.display(description="Story", ordering="article__headline")
    def story(self, comment: Comment) -> str:
        return format_html(
            '<a href="{}">{}</a>', comment.get_absolute_url(), comment.article.headline
        )

    @admin.display(description="Decided by", ordering="decided_by")
    def rule(self, comment: Comment) -> str:
        return explain(comment.decided_by, comment.decided_term)

    @admin.display(description="Reports", ordering="report_total")
    def report_count(self, comment: Comment) -> int:
        return comment.report_total

    @admin.display(description="Email", ordering="email")
    def email_link(self, comment: Comment) -> str:
        return format_html('<a href="mailto:{0}">{0}</a>', comment.email)

    @admin.display(description="Submitted", ordering="created_at")
    def submitted(self, comment: Comment) -> str:
        return format_html(
            '<time datetime="{}">{}</time>',
            comment.created_at.isoformat(),
            date_format(timezone.localtime(comment.created_at), "M j, Y, P"),
        )

    @admin.display(description="In reply to")
    def parent_excerpt(self, comment: Comment) -> str:
        if comment.parent is None:
            return "—"
        return f"{comment.parent.name}: {self.excerpt(comment.parent)}"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/row/<slug:action>/",
                self.admin_site.admin_view(self.row_action_view),
                name="comments_comment_row_action",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def row_action_view(self, request: HttpRequest, object_id: int, action: str) -> HttpResponse:
        """A row's button: Approve, Spam, Trash, Restore or Reply, then back to the list."""
        if action != "reply" and action not in queue.ROW_ACTIONS:
            raise Http404
        comment = self.get_object(request, str(object_id))
        if comment is None:
            raise Http404
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        if action == "reply":
            return queue.reply(request, comment)
        return queue.moderate(request, comment, action)

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
