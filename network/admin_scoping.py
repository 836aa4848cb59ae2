"""The admin of anything that belongs to a site, limited to the sites its user works on.

Any app's ModelAdmin mixes ``SiteScopedAdmin`` in and names the lookup from its model to
the site (``"site"`` for a story, ``"article__site"`` for a comment). Objects of other
sites are not in its lists, cannot be opened ("does not exist"), and are out of reach of
its actions, which work on the same queryset.
"""

from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from .access import home_site_for, own_site_queryset, site_ids_of
from .models import Site
from .routing import all_sites


def is_network() -> bool:
    """Whether there is more than one site (from the cached host map: no query)."""
    return len(all_sites()) > 1


class SiteScopedAdmin:
    site_lookup = "site"
    # Fields, columns and filters that only mean something with two towns or more: a
    # one-town installation's admin stays exactly as it was.
    network_fields = ("site", "shared_to")

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if is_network():
            return fieldsets
        kept = [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in self.network_fields]})
            for name, opts in fieldsets
        ]
        return [(name, opts) for name, opts in kept if opts["fields"]]

    def get_list_display(self, request: HttpRequest):
        columns = super().get_list_display(request)
        return columns if is_network() else [c for c in columns if c not in self.network_fields]

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        if is_network():
            return filters
        return [f for f in filters if not (isinstance(f, tuple) and f[1] is SiteListFilter)]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.on_own_sites(request, super().get_queryset(request))

    def on_own_sites(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """``queryset`` narrowed to the sites the user works on."""
        ids = site_ids_of(request.user)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.site_lookup}__in": ids})

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "site" and db_field.related_model is Site:
            kwargs["queryset"] = own_site_queryset(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        if self.site_lookup == "site" and "site" not in initial:
            home = home_site_for(request)
            if home is not None:
                initial["site"] = home.pk
        return initial


class SiteListFilter(admin.RelatedFieldListFilter):
    """The Site filter, offering only the sites the user works on."""

    def field_choices(self, field, request, model_admin):
        return [(site.pk, str(site)) for site in own_site_queryset(request.user)]


class QueueStatusFilter(admin.SimpleListFilter):
    """The status filter of a desk's queue (comments, submissions): it opens on what waits
    for the desk, or on every status while searching (unless one is picked), and each
    choice shows how many the user's own sites hold. ``statuses`` and ``waiting`` say which."""

    title = "status"
    parameter_name = "status"
    statuses: type[models.TextChoices]
    waiting: str

    def __init__(self, request: HttpRequest, params, model, model_admin) -> None:
        # Searching for a commenter or a sender means every status, unless one is picked.
        self.default = "all" if request.GET.get("q") else self.waiting
        super().__init__(request, params, model, model_admin)

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        # From the model's own manager: the list's queryset may carry annotations (a
        # comment's report count) that would change what a GROUP BY counts.
        mine = model_admin.on_own_sites(request, model_admin.model.objects.order_by())
        counts = dict(mine.values_list("status").annotate(n=Count("pk")))
        choices = [
            (status, f"{label} ({counts.get(status, 0)})")
            for status, label in self.statuses.choices
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
