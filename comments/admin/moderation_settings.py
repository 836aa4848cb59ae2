"""Each town's moderation rules, and "Test a comment" against them."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from network.access import home_site_for, own_sites
from network.admin_scoping import SiteListFilter, SiteScopedAdmin, is_network

from ..forms import ModerationTestForm
from ..models import ModerationSettings
from ..moderation import Candidate
from ..services import (
    comment_moderate,
)


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(SiteScopedAdmin, admin.ModelAdmin):
    """One page of settings per town, like WordPress's Discussion Settings, plus a test
    box. A town's editors see their own town's page only; network editors a list of the
    towns (made on demand: a new town starts with the defaults)."""

    network_fields = ("site",)
    list_display = ["__str__", "site", "auto_approve", "link_limit"]
    list_filter = [("site", SiteListFilter)]
    readonly_fields = ["site"]
    fieldsets = [
        (None, {"fields": ["site"]}),
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
        towns = own_sites(request.user)
        made = {row.site_id for row in ModerationSettings.objects.filter(site__in=towns)}
        ModerationSettings.objects.bulk_create(
            [ModerationSettings(site_id=town.pk) for town in towns if town.pk not in made],
            ignore_conflicts=True,
        )
        if len(towns) == 1:
            settings_row = ModerationSettings.objects.for_site(towns[0])
            return HttpResponseRedirect(
                reverse("admin:comments_moderationsettings_change", args=[settings_row.pk])
            )
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "test/",
                self.admin_site.admin_view(self.test_comment_view),
                name="comments_moderationsettings_test",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "is_network": is_network()}
        return super().change_view(request, object_id, form_url, extra_context)

    def town_to_test(self, request: HttpRequest):
        """The town whose rules the test applies: ``?site=`` from its settings page, if
        the person works on it; else the town they are signed in at (or their own)."""
        wanted = request.GET.get("site", "")
        for town in own_sites(request.user):
            if str(town.pk) == wanted:
                return town
        town = home_site_for(request)
        if town is None:
            raise PermissionDenied
        return town

    def test_comment_view(self, request: HttpRequest) -> HttpResponse:
        """Show what the rules would decide for a comment, without storing anything."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        town = self.town_to_test(request)
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
                site_id=town.pk,
                browser_confirmed=data["browser_confirmed"],
                use_spam_service=False,
            )
        title = "Test a comment against the moderation rules"
        return TemplateResponse(
            request,
            "admin/comments/moderation_test.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{title} of {town}" if is_network() else title,
                "form": form,
                "decision": decision,
                "opts": self.model._meta,
            },
        )
