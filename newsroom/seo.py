"""What the whole site tells crawlers: robots.txt. The sitemaps it names are in urls.py."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# Staff pages, previews, search results, comment forms and the read counter are not for
# search engines.
DISALLOWED = ("/admin/", "/preview/", "/search/", "/comments/", "/read/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {prefix}" for prefix in DISALLOWED),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
