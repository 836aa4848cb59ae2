from django.urls import path

from . import feeds, views

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
    path("feed/", feeds.StoryFeed(), name="feed"),
    path("feed/atom/", feeds.StoryAtomFeed(), name="feed-atom"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="author-feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("search/", views.search, name="search"),
]
