"""The editors' side of community news: the submissions queue, and the events list.

A submission is the record of what a neighbour sent; its words are edited in the draft
story it became (the story admin), and it is published or declined from here. A town's
editors see, publish and decline their towns' submissions only (``network.admin_scoping``).
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from articles.models import Article
from network.admin_scoping import QueueStatusFilter, SiteListFilter, SiteScopedAdmin

from . import privacy
from .models import Event, Submission
from .services import submission_decline, submission_publish


class SubmissionStatusFilter(QueueStatusFilter):
    """The submissions queue opens on what waits for an editor."""

    statuses = Submission.Status
    waiting = Submission.Status.WAITING


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason, for the sender",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
        help_text="Emailed to the sender as it is written here. Be kind: they are a neighbour.",
    )


@admin.register(Submission)
class SubmissionAdmin(SiteScopedAdmin, admin.ModelAdmin):
    network_fields = ("site",)
    list_display = [
        "headline",
        "site",
        "name",
        "status",
        "event_date",
        "created_at",
        "story_link",
    ]
    list_filter = [SubmissionStatusFilter, ("site", SiteListFilter), "event_date", "created_at"]
    list_select_related = ["article", "site"]
    search_fields = ["headline", "name", "email", "text"]
    date_hierarchy = "created_at"
    actions = ["publish", "decline", "export_data", "erase_data"]
    view_on_site = False
    fieldsets = [
        (
            "What they sent",
            {"fields": ["headline", "text_paragraphs", "photo_preview", "photo_alt"]},
        ),
        ("Event", {"fields": ["event_date", "event_time", "event_place"]}),
        ("Sender (private)", {"fields": ["name", "email_link", "own_work", "ip_address"]}),
        (
            "Where it stands",
            {
                "fields": [
                    "site",
                    "status",
                    "story_link",
                    "created_at",
                    "confirmed_at",
                    "decided_at",
                    "decided_by",
                    "decline_reason",
                ]
            },
        ),
    ]
    # Nothing a neighbour sent is edited here (its draft story is): every field is read-only.
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]

    class Media:
        css = {"all": ["community/admin.css"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Submissions come from readers.

    def can_publish(self, request: HttpRequest) -> bool:
        return request.user.has_perm("articles.publish_article")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self.can_publish(request) and self.has_change_permission(request)

    @admin.display(description="Text")
    def text_paragraphs(self, submission: Submission) -> str:
        # linebreaks() escapes the sender's text itself; its paragraphs are the only markup.
        paragraphs = mark_safe(linebreaks(submission.text, autoescape=True))
        return format_html('<div class="submission-text">{}</div>', paragraphs)

    @admin.display(description="Photo")
    def photo_preview(self, submission: Submission) -> str:
        if not submission.photo:
            return "—"
        return format_html(
            '<a href="{0}"><img src="{0}" alt="{1}" class="submission-photo"></a>',
            submission.photo.url,
            submission.photo_alt,
        )

    @admin.display(description="Email", ordering="email")
    def email_link(self, submission: Submission) -> str:
        return format_html('<a href="mailto:{0}">{0}</a>', submission.email)

    @admin.display(description="Story")
    def story_link(self, submission: Submission) -> str:
        article = submission.article
        if article is None:
            return "—"
        edit = reverse("admin:articles_article_change", args=[article.pk])
        if article.is_public:
            return format_html(
                '<a href="{}">Published</a> · <a href="{}">Edit</a>',
                article.get_absolute_url(),
                edit,
            )
        return format_html(
            '<a href="{}">Edit the draft</a> · <a href="{}">Preview</a>',
            edit,
            article.get_preview_url(),
        )

    # Publishing and declining

    @admin.action(description="Publish the selected submissions now", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Submission]) -> None:
        done = sum(
            submission_publish(submission=s, user=request.user)
            for s in queryset.select_related("article")
        )
        self.message_user(
            request,
            f"Published {done} submission(s); their senders are emailed.",
            messages.SUCCESS if done else messages.WARNING,
        )

    @admin.action(description="Decline the selected submissions…", permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet[Submission]):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(reverse("admin:community_submission_decline") + f"?ids={ids}")

    def get_urls(self):
        return [
            path(
                "decline/",
                self.admin_site.admin_view(self.decline_view),
                name="community_submission_decline",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="community_submission_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_publish_permission(request):
            raise PermissionDenied
        mine = self.get_queryset(request).select_related("article")
        submission = get_object_or_404(mine, pk=pk)
        if submission_publish(submission=submission, user=request.user):
            self.message_user(
                request,
                f"Published “{submission.headline}”; {submission.name} is emailed.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "This submission is not waiting.", messages.WARNING)
        return HttpResponseRedirect(reverse("admin:community_submission_change", args=[pk]))

    def decline_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()]
        submissions = self.get_queryset(request).filter(
            pk__in=ids,
            status__in=[Submission.Status.WAITING, Submission.Status.UNCONFIRMED],
        )
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            done = sum(
                submission_decline(submission=s, reason=reason, user=request.user)
                for s in submissions
            )
            self.message_user(
                request,
                f"Declined {done} submission(s); their senders are emailed the reason.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:community_submission_changelist"))
        return TemplateResponse(
            request,
            "admin/community/submission/decline.html",
            {
                **self.admin_site.each_context(request),
                "title": "Decline community submissions",
                "opts": self.model._meta,
                "submissions": submissions,
                "form": form,
                "now": timezone.now(),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_publish_submission": self.has_publish_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    # Privacy

    @admin.action(description="Export the senders' data (JSON)", permissions=["change"])
    def export_data(self, request: HttpRequest, queryset: QuerySet[Submission]) -> HttpResponse:
        emails = sorted({s.email.lower() for s in queryset})
        exported = [privacy.submitter_export(email=email) for email in emails]
        response = HttpResponse(
            json.dumps(exported, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="submitter-data.json"'
        return response

    @admin.action(description="Erase the senders' personal data…", permissions=["delete"])
    def erase_data(self, request: HttpRequest, queryset: QuerySet[Submission]):
        emails = sorted({s.email.lower() for s in queryset} - {privacy.ANONYMOUS_EMAIL})
        if request.POST.get("erase_mode") in {"anonymise", "remove"}:
            remove = request.POST["erase_mode"] == "remove"
            total = sum(privacy.submitter_erase(email=email, remove=remove) for email in emails)
            verb = "Removed" if remove else "Anonymised"
            self.message_user(
                request,
                f"{verb} {total} submission(s) from {len(emails)} address(es).",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/community/submission/erase.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase senders' personal data",
                "emails": emails,
                "submissions": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class UpcomingFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("upcoming", "Today and later"), ("past", "Past")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "upcoming":
            return queryset.filter(starts_on__gte=today)
        if self.value() == "past":
            return queryset.filter(starts_on__lt=today)
        return queryset


@admin.register(Event)
class EventAdmin(SiteScopedAdmin, admin.ModelAdmin):
    """Events show in Upcoming events while their story is published and their day has
    not passed; any story can announce one. A town's editors see their towns' stories'
    events."""

    site_lookup = "article__site"
    network_fields = ("story_site",)
    list_display = ["title", "story_site", "starts_on", "start_time", "place", "story_state"]
    list_filter = [UpcomingFilter, ("article__site", SiteListFilter)]
    search_fields = ["article__headline", "place"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["article"]
    list_select_related = ["article__site"]
    ordering = ["-starts_on", "-start_time"]

    @admin.display(description="Story", ordering="article__headline")
    def title(self, event: Event) -> str:
        return event.article.headline

    @admin.display(description="Town", ordering="article__site__name")
    def story_site(self, event: Event) -> str:
        return event.article.site.name

    @admin.display(description="Story status")
    def story_state(self, event: Event) -> str:
        return event.article.state.label


# The story admin, as registered by the apps before this one (the articles app's, extended
# by the comments app's counts), gains the contributor's credit: the articles app keeps the
# field, this app knows where it comes from.
StoryAdmin = type(admin.site._registry[Article])


class StoryWithContributorAdmin(StoryAdmin):
    def get_fieldsets(self, request: HttpRequest, obj: Article | None = None):
        fieldsets = list(super().get_fieldsets(request, obj))
        fieldsets.insert(
            1,
            (
                "Community contributor",
                {
                    "fields": ["contributor_name"],
                    "description": "For a story a neighbour sent: their name, shown as "
                    "“Community contributor: <name>” instead of staff bylines.",
                },
            ),
        )
        return fieldsets

    @admin.display(description="Bylines")
    def byline_names(self, article: Article) -> str:
        return article.contributor_credit or super().byline_names(article)


admin.site.unregister(Article)
admin.site.register(Article, StoryWithContributorAdmin)
