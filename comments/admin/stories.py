"""The story list, with each story's comments counted."""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from articles.admin.stories import ArticleAdmin
from articles.models import Article

from ..models import Comment


class ArticleWithCommentsAdmin(ArticleAdmin):
    """The story list with each story's approved and pending comments, counted through the
    reverse relation in the list's own query. The comments app adds these columns because
    the articles app knows nothing of comments."""

    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        at = columns.index("published_at") + 1
        return [*columns[:at], "approved_comments", "pending_comments", *columns[at:]]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_total=Count(
                    "comments", filter=Q(comments__status=Comment.Status.APPROVED)
                ),
                pending_total=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)),
            )
        )

    @admin.display(description="Approved", ordering="approved_total")
    def approved_comments(self, article: Article) -> int:
        return article.approved_total

    @admin.display(description="Pending", ordering="pending_total")
    def pending_comments(self, article: Article) -> int:
        return article.pending_total


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithCommentsAdmin)
