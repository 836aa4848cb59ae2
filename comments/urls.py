from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:article_id>/", views.comment_post, name="post"),
    path("comments/<int:comment_id>/report/", views.comment_report_view, name="report"),
    path("comments/confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/comments/feed/",
        feeds.StoryCommentsFeed(),
        name="feed",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/comments/feed/atom/",
        feeds.StoryCommentsAtomFeed(),
        name="feed-atom",
    ),
]
