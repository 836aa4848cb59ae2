from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("author/<slug:slug>/", views.author_detail, name="author"),
    path("source/<slug:slug>/", views.source_detail, name="source"),
    path("preview/<int:pk>/", views.story_preview, name="preview"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.story_detail,
        name="story",
    ),
    path("read/<int:pk>/", views.read_beacon, name="read-beacon"),
    path("read/<int:pk>/pixel.gif", views.read_pixel, name="read-pixel"),
]
