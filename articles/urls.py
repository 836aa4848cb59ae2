from django.urls import path

from . import converters, feeds, views  # noqa: F401 (converters registers <uslug:>)
from .http import allow_methods

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("section/<uslug:slug>/", views.section_detail, name="section"),
    path("tag/<uslug:slug>/", views.tag_detail, name="tag"),
    path("author/<uslug:slug>/", views.author_detail, name="author"),
    path("source/<uslug:slug>/", views.source_detail, name="source"),
    path("preview/<int:pk>/", views.story_preview, name="preview"),
    path(
        "<int:year>/<int:month>/<int:day>/<uslug:slug>/",
        views.story_detail,
        name="story",
    ),
    path("read/<int:pk>/", views.read_beacon, name="read-beacon"),
    path("read/<int:pk>/pixel.gif", views.read_pixel, name="read-pixel"),
    path("feed/", allow_methods("GET")(feeds.StoryFeed()), name="feed"),
    path("feed/atom/", allow_methods("GET")(feeds.StoryAtomFeed()), name="feed-atom"),
    path(
        "section/<uslug:slug>/feed/", allow_methods("GET")(feeds.SectionFeed()), name="section-feed"
    ),
    path(
        "section/<uslug:slug>/feed/atom/",
        allow_methods("GET")(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path("author/<uslug:slug>/feed/", allow_methods("GET")(feeds.AuthorFeed()), name="author-feed"),
    path(
        "author/<uslug:slug>/feed/atom/",
        allow_methods("GET")(feeds.AuthorAtomFeed()),
        name="author-feed-atom",
    ),
    path("tag/<uslug:slug>/feed/", allow_methods("GET")(feeds.TagFeed()), name="tag-feed"),
    path(
        "tag/<uslug:slug>/feed/atom/",
        allow_methods("GET")(feeds.TagAtomFeed()),
        name="tag-feed-atom",
    ),
    path("search/", views.search, name="search"),
]
