"""The admin of anything that belongs to a site, limited to the sites its user works on.

Any app's ModelAdmin mixes ``SiteScopedAdmin`` in and names the lookup from its model to
the site (``"site"`` for a story, ``"article__site"`` for a comment). Objects of other
sites are not in its lists, cannot be opened ("does not exist"), and are out of reach of
its actions, which work on the same queryset.
"""

from django.contrib import admin
from django.db.models import QuerySet
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
        queryset = super().get_queryset(request)
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
