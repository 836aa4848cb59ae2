"""The upcoming events as an RSS feed, soonest first, for feed readers (calendar apps take
the .ics calendar instead)."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import escape

from network.models import Site
from network.routing import site_of

from .models import Event

FEED_LENGTH = 50


class EventFeed(Feed):
    def get_object(self, request: HttpRequest) -> Site:
        return site_of(request)

    def title(self, obj: Site) -> str:
        return f"{obj.name}: upcoming community events"

    def description(self) -> str:
        return "Events in and around town, soonest first."

    def link(self) -> str:
        return reverse("community:events")

    def items(self, obj: Site):
        return Event.objects.upcoming(site=obj)[:FEED_LENGTH]

    def item_title(self, item: Event) -> str:
        day = f"{item.starts_on:%a, %b} {item.starts_on.day}"
        return escape(f"{day}: {item.article.headline}")

    def item_description(self, item: Event) -> str:
        parts = [item.article.dek, item.place]
        return escape(" — ".join(part for part in parts if part))

    def item_link(self, item: Event) -> str:
        return item.article.get_absolute_url()

    def item_guid(self, item: Event) -> str:
        return f"event-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event):
        return item.article.published_at
