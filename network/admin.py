from django.contrib import admin

from .models import Site, SiteHost, SiteMembership


class SiteHostInline(admin.TabularInline):
    model = SiteHost
    extra = 1


class SiteMembershipInline(admin.TabularInline):
    model = SiteMembership
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = "staff member"
    verbose_name_plural = "Staff who work for this site"


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "base_url", "host_names", "time_zone", "is_default"]
    search_fields = ["name", "slug", "hosts__host"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SiteHostInline, SiteMembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hosts")

    @admin.display(description="Host names")
    def host_names(self, site: Site) -> str:
        return ", ".join(host.host for host in site.hosts.all())
