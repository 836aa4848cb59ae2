"""A story's approved comments as a feed: the commenter's name, the text, the date.

The items are the thread's public records (``comments.thread.PublicComment``), which carry
no email and no IP address, so neither can reach a feed reader.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.addresses import address_day
from articles.models import Article
from articles.page_keys import key, record
from network.routing import site_of

from .models import comment_url
from .text import comment_html
from .thread import PublicComment, comment_thread

FEED_LENGTH = 50


class StoryCommentsFeed(Feed):
    """The newest approved comments under one published story, as RSS 2.0."""

    def get_object(
        self, request: HttpRequest, year: int, month: int, day: int, slug: str
    ) -> Article:
        # Comments live on the story's home site only.
        article = Article.objects.published().filter(site=site_of(request), slug=slug).first()
        if article is None:
            raise Http404("No such story.")
        try:
            day_in_address = datetime.date(year, month, day)
        except (ValueError, OverflowError):  # month 13, or a year beyond any calendar
            raise Http404("No such date.") from None
        if address_day(article.published_at) != day_in_address:
            raise Http404("No such story on that day.")
        # Its comments, and the headline it prints.
        record(request, key("comments", article.pk), key("teaser", article.pk))
        return article

    def title(self, obj: Article) -> str:
        return f"Comments on “{obj.headline}” — {obj.site.name}"

    def description(self, obj: Article) -> str:
        return f"Readers’ comments on “{obj.headline}”."

    def link(self, obj: Article) -> str:
        return f"{obj.get_absolute_url()}#comments"

    def items(self, obj: Article) -> list[tuple[Article, PublicComment]]:
        # The thread as readers see it: approved comments whose parents are shown too.
        thread = comment_thread(article_id=obj.pk)
        shown = [comment for comment in thread.by_id.values() if not comment.is_pending]
        shown.sort(key=lambda comment: (comment.created_at, comment.id), reverse=True)
        return [(obj, comment) for comment in shown[:FEED_LENGTH]]

    def item_title(self, item: tuple[Article, PublicComment]) -> str:
        return escape(f"Comment by {item[1].name}")

    def item_description(self, item: tuple[Article, PublicComment]) -> str:
        # Escaped plain text, with paragraphs kept: the same rendering as on the page.
        return comment_html(item[1].text)

    def item_link(self, item: tuple[Article, PublicComment]) -> str:
        article, comment = item
        return comment_url(article.get_absolute_url(), comment.id)

    def item_author_name(self, item: tuple[Article, PublicComment]) -> str:
        return item[1].name

    def item_pubdate(self, item: tuple[Article, PublicComment]):
        return item[1].created_at

    def item_updateddate(self, item: tuple[Article, PublicComment]):
        return item[1].created_at


class StoryCommentsAtomFeed(StoryCommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Article) -> str:
        return self.description(obj)

    def item_title(self, item: tuple[Article, PublicComment]) -> str:
        return f"Comment by {item[1].name}"
