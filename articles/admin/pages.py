"""Static pages in the desk's admin: the same body editor as stories."""

from django.contrib import admin
from django.utils.html import format_html

from network.access import site_ids_of
from network.admin_scoping import SiteListFilter, SiteScopedAdmin

from ..models import Page, PageRedirect


@admin.register(Page)
class PageAdmin(SiteScopedAdmin, admin.ModelAdmin):
    """A town's pages for its editors, every town's for network editors."""

    network_fields = ("site",)
    list_display = [
        "title",
        "address",
        "site",
        "status",
        "show_in_footer",
        "menu_order",
        "updated_at",
    ]
    list_editable = ["show_in_footer", "menu_order"]
    list_filter = [("site", SiteListFilter), "status", "show_in_footer"]
    list_select_related = ["parent", "site"]
    search_fields = ["title", "path", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["address"]
    # By address, so subpages sit under their parent.
    ordering = ["path"]
    fieldsets = [
        (None, {"fields": ["site", "title", "slug", "parent", "address", "body"]}),
        ("Publishing", {"fields": ["status", "show_in_footer", "menu_order"]}),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="Address", ordering="path")
    def address(self, page: Page) -> str:
        if not page.pk:
            return "Made from the parent page's address and the slug when you save."
        url = page.get_absolute_url() if page.is_public else page.get_preview_url()
        label = page.path if page.is_public else f"{page.path} (preview)"
        return format_html('<a href="{}">{}</a>', url, label)

    def get_view_on_site_url(self, obj: Page | None = None) -> str | None:
        if obj is None or obj.pk is None:
            return None
        return obj.get_absolute_url() if obj.is_public else obj.get_preview_url()


@admin.register(PageRedirect)
class PageRedirectAdmin(SiteScopedAdmin, admin.ModelAdmin):
    network_fields = ("site",)
    list_display = ["old_path", "page", "site", "created_at"]
    list_filter = [("site", SiteListFilter)]
    list_select_related = ["page", "site"]
    search_fields = ["old_path", "page__title"]
    raw_id_fields = ["page"]
    # The town is always the page's (PageRedirect.save).
    exclude = ["site"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "page":
            ids = site_ids_of(request.user)
            pages = Page.objects.all()
            kwargs["queryset"] = pages if ids is None else pages.filter(site__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
