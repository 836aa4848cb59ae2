from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from articles import page_keys
from articles.http import allow_methods
from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS, per_site

from . import views

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    # Browsers ask for /favicon.ico on pages (like the admin's) that name no icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("comments.urls")),
    path("", include("community.urls")),
    path("", include("newsletter.urls")),
    path("", include("articles.urls")),
    path(
        "robots.txt",
        allow_methods("GET")(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots",
    ),
    path(
        "sitemap.xml",
        allow_methods("GET")(page_keys.showing(page_keys.SITEMAPS)(per_site(sitemap_views.index))),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        allow_methods("GET")(
            page_keys.showing(page_keys.SITEMAPS)(per_site(sitemap_views.sitemap))
        ),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        allow_methods("GET")(
            page_keys.showing(page_keys.SITEMAPS)(per_site(sitemap_views.sitemap))
        ),
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
]

if settings.SERVE_MEDIA:
    # Uploaded images on local disk; production puts a storage bucket or CDN here instead.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media_file),
    ]

# Static pages last: any address the routes above answer is never a page's.
urlpatterns += [path("", include("articles.page_urls"))]

handler400 = "newsroom.views.bad_request"
handler500 = "newsroom.views.server_error"
