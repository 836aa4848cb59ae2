"""The newsletter in the admin: today's digest (preview and note), breaking-news alerts, the
record of every issue with its delivery counts, and the subscribers.

Everything is per town: a town's editors see, preview and annotate their towns' digests,
issues and subscribers only (``network.admin_scoping``), and send alerts about their
towns' stories (to every town the story shows on).

Nobody is added by hand: subscribers come only through the confirmation link (double
opt-in), so there is no "add subscriber" here.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article
from network.access import home_site_for, own_sites, site_ids_of
from network.admin_scoping import SiteListFilter, SiteScopedAdmin
from network.models import Site

from . import privacy
from .digest import UNSUBSCRIBE_MARKER, render_issue
from .models import Delivery, Issue, Subscriber
from .scheduling import alert_audience, alert_start, send_at, town_today, with_towns_to_alert
from .services import subscriber_unsubscribe

# The preview is the email itself, shown in a frame: only inline styles, nothing else runs.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"
)


def preview_response(html: str) -> HttpResponse:
    response = HttpResponse(html.replace(UNSUBSCRIBE_MARKER, "#unsubscribe-link"))
    response["Content-Security-Policy"] = PREVIEW_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


class NoteForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4, "cols": 70})}


class AlertForm(forms.Form):
    article = forms.ModelChoiceField(
        label="Story",
        queryset=Article.objects.none(),
        help_text="Published stories of the last three days, newest first. A story "
        "already sent is offered again once it is shared to a town it was not sent to.",
    )
    note = forms.CharField(
        label="Note at the top (optional)",
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )

    def __init__(self, *args, site_ids: set[int] | None = None, **kwargs) -> None:
        """``site_ids``: the towns whose stories the editor may alert about (None: all)."""
        super().__init__(*args, **kwargs)
        since = timezone.now() - timezone.timedelta(days=3)
        stories = (
            with_towns_to_alert(Article.objects.published())
            .filter(published_at__gte=since)
            .order_by("-published_at")
        )
        if site_ids is not None:
            stories = stories.filter(site__in=site_ids)
        self.fields["article"].queryset = stories


@admin.register(Issue)
class IssueAdmin(SiteScopedAdmin, admin.ModelAdmin):
    network_fields = ("site",)
    list_display = ["__str__", "site", "kind", "status", "sent", "failed", "waiting", "started_at"]
    list_filter = [("site", SiteListFilter), "kind", "status"]
    date_hierarchy = "created_at"
    fields = [
        "site",
        "kind",
        "status",
        "edition_date",
        "article",
        "subject",
        "note",
        "created_by",
        "started_at",
        "finished_at",
        "delivery_summary",
        "preview",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["newsletter/admin.css"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Digests start themselves; alerts have their own page.

    def has_delete_permission(self, request: HttpRequest, obj: Issue | None = None) -> bool:
        return False  # The record of what went to whom stays.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Everything here is a record: nothing to save.
        extra_context = {**(extra_context or {}), "show_save": False}
        extra_context["show_save_and_continue"] = False
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Issue]:
        return (
            super()
            .get_queryset(request)
            .select_related("article", "site")
            .annotate(
                sent_total=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
                failed_total=Count(
                    "deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)
                ),
                waiting_total=Count(
                    "deliveries",
                    filter=Q(
                        deliveries__status__in=[
                            Delivery.Status.QUEUED,
                            Delivery.Status.CLAIMED,
                            Delivery.Status.SENDING,
                        ]
                    ),
                ),
            )
        )

    @admin.display(description="Sent", ordering="sent_total")
    def sent(self, issue: Issue) -> int:
        return issue.sent_total

    @admin.display(description="Failed", ordering="failed_total")
    def failed(self, issue: Issue) -> int:
        return issue.failed_total

    @admin.display(description="Still to send", ordering="waiting_total")
    def waiting(self, issue: Issue) -> int:
        return issue.waiting_total

    @admin.display(description="Deliveries")
    def delivery_summary(self, issue: Issue) -> str:
        counts = dict(issue.deliveries.order_by().values_list("status").annotate(n=Count("pk")))
        if not counts:
            return "None yet."
        return ", ".join(
            f"{label}: {counts[status]:,}"
            for status, label in Delivery.Status.choices
            if counts.get(status)
        )

    @admin.display(description="What it says")
    def preview(self, issue: Issue) -> str:
        return format_html(
            '<iframe class="newsletter-preview" title="The email" src="{}"></iframe>',
            reverse("admin:newsletter_issue_preview", args=[issue.pk]),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("today/", view(self.today_view), name="newsletter_issue_today"),
            path(
                "today/preview/",
                view(self.today_preview_view),
                name="newsletter_issue_today_preview",
            ),
            path("alert/", view(self.alert_view), name="newsletter_issue_alert"),
            path("<int:pk>/preview/", view(self.preview_view), name="newsletter_issue_preview"),
            *super().get_urls(),
        ]

    def chosen_town(self, request: HttpRequest) -> Site:
        """The town whose digest the page is about: ``?site=`` if the editor works on it,
        else the one they are signed in at (or their first)."""
        wanted = request.GET.get("site", "")
        for site in own_sites(request.user):
            if str(site.pk) == wanted:
                return site
        home = home_site_for(request)
        if home is None:
            raise PermissionDenied
        return home

    def todays_issue(self, site: Site) -> Issue:
        """The town's digest of its today: an unsent draft until its time comes, holding the
        editor's note."""
        issue, _ = Issue.objects.get_or_create(
            site=site, kind=Issue.Kind.DIGEST, edition_date=town_today(site)
        )
        return issue

    def today_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        town = self.chosen_town(request)
        issue = self.todays_issue(town)
        can_edit = self.has_change_permission(request) and issue.status == Issue.Status.DRAFT
        form = NoteForm(request.POST or None, instance=issue)
        here = f"{reverse('admin:newsletter_issue_today')}?site={town.pk}"
        if request.method == "POST":
            if not can_edit:
                raise PermissionDenied
            if form.is_valid():
                form.save()
                self.message_user(request, "The note is saved.", messages.SUCCESS)
                return HttpResponseRedirect(here)
        hour, minute = send_at()
        edition = issue.edition_date
        towns = own_sites(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Today's digest, {edition:%A, %B} {edition.day}"
            + (f": {town.name}" if len(towns) > 1 else ""),
            "opts": self.model._meta,
            "issue": issue,
            "town": town,
            "towns": towns if len(towns) > 1 else [],
            "form": form,
            "can_edit": can_edit,
            "send_time": f"{hour:02d}:{minute:02d}",
            "time_zone": town.time_zone,
            "recipients": Subscriber.objects.receiving("digest").of_town(town).count(),
            "subject": render_issue(issue).subject,
        }
        return TemplateResponse(request, "admin/newsletter/issue/today.html", context)

    def today_preview_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return preview_response(render_issue(self.todays_issue(self.chosen_town(request))).html)

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(self.get_queryset(request), pk=pk)
        if issue.kind == Issue.Kind.ALERT and issue.article is None and not issue.html:
            return preview_response("<p>The story of this alert was deleted.</p>")
        return preview_response(render_issue(issue).html)

    def alert_view(self, request: HttpRequest) -> HttpResponse:
        """Choose one of your towns' stories, see the alert, send it to everyone who asked
        for alerts on the towns the story shows on (its home and those it is shared to)."""
        if not request.user.has_perm("newsletter.add_issue"):
            raise PermissionDenied
        site_ids = site_ids_of(request.user)
        form = AlertForm(request.POST or None, site_ids=site_ids)
        receiving = Subscriber.objects.receiving("alert")
        if site_ids is not None:
            receiving = receiving.filter(site__in=site_ids)
        recipients = receiving.count()
        if request.method == "POST" and form.is_valid() and request.POST.get("confirmed"):
            try:
                issues = alert_start(
                    article=form.cleaned_data["article"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except IntegrityError:
                self.message_user(request, "This story already had an alert.", messages.ERROR)
            else:
                queued = Delivery.objects.filter(issue__in=issues).count()
                towns = f" on {len(issues)} towns" if len(issues) > 1 else ""
                self.message_user(
                    request,
                    f"The alert is queued for {queued:,} subscriber(s){towns}; it goes out "
                    "within a minute.",
                    messages.SUCCESS,
                )
                # The first of the editor's own towns' issues: a story shared after its
                # alert may have gone out to other towns only, which this editor may not see.
                own = [issue for issue in issues if site_ids is None or issue.site_id in site_ids]
                if not own:
                    return HttpResponseRedirect(reverse("admin:newsletter_issue_changelist"))
                return HttpResponseRedirect(
                    reverse("admin:newsletter_issue_change", args=[own[0].pk])
                )
        preview = None
        if request.method == "POST" and form.is_valid():
            article = form.cleaned_data["article"]
            issue = Issue(kind=Issue.Kind.ALERT, article=article, site=article.site)
            issue.note = form.cleaned_data["note"]
            preview = render_issue(issue)
            recipients = alert_audience(article)
        context = {
            **self.admin_site.each_context(request),
            "title": "Send a breaking-news alert",
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
            "recipients": recipients,
        }
        return TemplateResponse(request, "admin/newsletter/issue/alert.html", context)


@admin.register(Subscriber)
class SubscriberAdmin(SiteScopedAdmin, admin.ModelAdmin):
    network_fields = ("site",)
    list_display = [
        "email",
        "site",
        "status",
        "wants_digest",
        "wants_alerts",
        "created_at",
        "confirmed_at",
    ]
    list_filter = [("site", SiteListFilter), "status", "wants_digest", "wants_alerts"]
    list_select_related = ["site"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "site",
        "email",
        "status",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "bounce_reason",
        "signup_ip",
    ]
    fields = ["site", "email", "status", "wants_digest", "wants_alerts", *readonly_fields[3:]]
    actions = ["unsubscribe", "export_data", "erase_data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Only the owner of an address can subscribe it (double opt-in).

    def save_model(self, request, obj: Subscriber, form, change: bool) -> None:
        # Staff may turn lists off for someone who asked them to; turning one on would
        # subscribe a person without their confirmation.
        if change:
            before = Subscriber.objects.get(pk=obj.pk)
            obj.wants_digest = obj.wants_digest and before.wants_digest
            obj.wants_alerts = obj.wants_alerts and before.wants_alerts
        super().save_model(request, obj, form, change)
        if not (obj.wants_digest or obj.wants_alerts):
            subscriber_unsubscribe(subscriber=obj)

    @admin.action(description="Unsubscribe the selected addresses", permissions=["change"])
    def unsubscribe(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> None:
        for subscriber in queryset:
            subscriber_unsubscribe(subscriber=subscriber)
        self.message_user(request, f"Unsubscribed {queryset.count()} address(es).")

    @admin.action(description="Export the subscribers' data (JSON)", permissions=["view"])
    def export_data(self, request: HttpRequest, queryset: QuerySet[Subscriber]) -> HttpResponse:
        # The selected towns' subscriptions only: a town's editors hold no other town's.
        site_ids = {s.site_id for s in queryset}
        emails = sorted({s.email for s in queryset})
        exported = [privacy.subscriber_export(email=e, site_ids=site_ids) for e in emails]
        response = HttpResponse(
            json.dumps(exported, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="subscriber-data.json"'
        return response

    @admin.action(description="Erase the selected subscribers' data…", permissions=["delete"])
    def erase_data(self, request: HttpRequest, queryset: QuerySet[Subscriber]):
        if request.POST.get("confirmed") == "yes":
            # The selected subscriptions, not the same address's on towns not selected.
            erased = sum(
                privacy.subscriber_erase(email=s.email, site_ids={s.site_id}) for s in queryset
            )
            self.message_user(request, f"Erased {erased} subscriber(s) and their delivery records.")
            return None
        return TemplateResponse(
            request,
            "admin/newsletter/subscriber/erase.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase subscribers' data",
                "subscribers": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
