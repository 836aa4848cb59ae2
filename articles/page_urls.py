"""Static pages. Included last in the project's URLs, so every other route wins."""

from django.urls import path, re_path

from . import page_views

app_name = "pages"

urlpatterns = [
    path("preview/page/<int:pk>/", page_views.page_preview, name="preview"),
    # One or more slugs, each ending in "/": /about/, /about/staff/, /επικοινωνία/.
    re_path(r"^(?P<path>(?:[-\w]+/)+)$", page_views.page_detail, name="page"),
]
