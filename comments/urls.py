from django.urls import path, re_path

import articles.converters  # noqa: F401 (registers <uslug:>)
from articles.http import allow_methods

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:article_id>/", views.comment_post, name="post"),
    path("comments/<int:comment_id>/report/", views.comment_report_view, name="report"),
    path("comments/token/<int:target>/", views.form_token_view, name="form-token"),
    # Forms about no story are named: "community.submit", "newsletter.subscribe".
    re_path(
        r"^comments/token/(?P<target>[a-z_]{1,30}(?:\.[a-z_]{1,30}){1,3})/$",
        views.form_token_view,
        name="form-token",
    ),
    path("comments/confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "<int:year>/<int:month>/<int:day>/<uslug:slug>/comments/feed/",
        allow_methods("GET")(feeds.StoryCommentsFeed()),
        name="feed",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<uslug:slug>/comments/feed/atom/",
        allow_methods("GET")(feeds.StoryCommentsAtomFeed()),
        name="feed-atom",
    ),
]
