from django.urls import path

from articles.http import allow_methods
from articles.page_keys import EVENTS, showing

from . import feeds, views

app_name = "community"

urlpatterns = [
    path("community/submit/", views.submit, name="submit"),
    path("community/submit/sent/", views.submitted, name="submitted"),
    path("community/confirm/<str:token>/", views.confirm, name="confirm"),
    path("events/", showing(EVENTS)(views.event_list), name="events"),
    path("events/calendar.ics", showing(EVENTS)(views.calendar), name="calendar"),
    path(
        "events/feed/",
        showing(EVENTS)(allow_methods("GET")(feeds.EventFeed())),
        name="events-feed",
    ),
    path("events/<int:pk>.ics", showing(EVENTS)(views.event_ics), name="event-ics"),
]
