"""The partner feeds in the admin: the Sources list gains "Read the selected sources' feeds
now". The articles app registers Sources; this app extends that registration, as an app
that adds to another's admin does, so the articles app need not know the ingester."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from articles.admin.newsroom_lists import SourceAdmin
from articles.models import Source

from .partner_feeds import ingest_all


class SourceWithFeedsAdmin(SourceAdmin):
    actions = ["read_feeds"]

    @admin.action(description="Read the selected sources' feeds now", permissions=["change"])
    def read_feeds(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        results = ingest_all(queryset.exclude(feed_url="").select_related("section"))
        if not results:
            self.message_user(request, "None of them has a feed URL.", messages.WARNING)
        for result in results:
            level = messages.ERROR if result.error else messages.SUCCESS
            self.message_user(request, result.summary(), level)


admin.site.unregister(Source)
admin.site.register(Source, SourceWithFeedsAdmin)
