from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from articles.admin import HTTPS_URL_FIELDS

from .models import Comment
from .services import comment_approve, comment_mark_spam


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "excerpt", "article", "status", "created_at", "email", "ip_address"]
    list_filter = ["status", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "ip_address", "text"]
    date_hierarchy = "created_at"
    raw_id_fields = ["article", "parent"]
    readonly_fields = ["created_at", "ip_address", "user_agent"]
    fields = [
        "article",
        "parent",
        "status",
        "name",
        "email",
        "website",
        "text",
        "created_at",
        "ip_address",
        "user_agent",
    ]
    actions = ["approve", "mark_spam"]
    formfield_overrides = HTTPS_URL_FIELDS

    @admin.display(description="Comment")
    def excerpt(self, comment: Comment) -> str:
        return comment.text if len(comment.text) <= 80 else comment.text[:79] + "…"

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        for comment in queryset:
            comment_approve(comment=comment)
        self.message_user(request, f"Approved {len(queryset)} comment(s).", messages.SUCCESS)

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        for comment in queryset:
            comment_mark_spam(comment=comment)
        self.message_user(request, f"Marked {len(queryset)} comment(s) as spam.", messages.SUCCESS)
