from django import template
from django.template import engines
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from articles.addresses import address_day
from articles.models import Article
from articles.page_keys import expires

from ..closing import comments_are_open, comments_close_at
from ..forms import CommentForm
from ..own_comments import own_comment_ids, saved_details
from ..staff import staff_display_name
from ..text import comment_html
from ..thread import comment_thread

register = template.Library()


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context: template.Context, article: Article) -> dict:
    """The thread under a story and the "Leave a Reply" form, in one query for the thread."""
    request = context["request"]
    # The form gives way to "Comments are closed" when the story comes of age: a stored
    # copy of this page must not outlive that.
    expires(request, comments_close_at(article))
    own_ids = own_comment_ids(request)
    # Lazy: when the thread's HTML comes from the fragment cache, it is never fetched.
    thread = SimpleLazyObject(
        lambda: comment_thread(article_id=article.pk, own_pending_ids=own_ids)
    )
    replyto = request.GET.get("replyto")
    reply_to = thread.find(replyto) if replyto else None
    user = request.user
    details = saved_details(request)
    staff_name = staff_display_name(user) if user.is_staff else ""
    # Lazy too: a shared empty form usually comes from the fragment cache.
    form = SimpleLazyObject(
        lambda: CommentForm(
            article=article,
            reply_to=reply_to,
            staff_name=staff_name,
            initial={**details, "save_details": bool(details)},
        )
    )
    return {
        "article": article,
        "thread": thread,
        "form": form,
        "open": comments_are_open(article),
        # Readers who see their own held comments get a thread of their own.
        "shared_thread": not own_ids,
        # An empty form with nobody's details is the same for every reader for a minute
        # (its token only has to be younger than two days).
        "shared_form": not (reply_to or staff_name or details),
        "FRAGMENT_CACHE_SECONDS": context.get("FRAGMENT_CACHE_SECONDS", 0),
    }


@register.simple_tag
def comment_list(comments: list, is_open: bool) -> SafeString:
    """The thread's comments, nested, as ``<ol>`` lists: rendered by Jinja2, which does
    this loop about five times faster than the Django template language."""
    thread = engines["jinja2"].get_template("includes/comment_thread.html")
    # Jinja2 escaped everything a commenter typed (autoescape on).
    return mark_safe(thread.render({"comments": comments, "open": is_open}))


@register.simple_tag
def comment_feed_url(article: Article, kind: str = "feed") -> str:
    """A story's comment feed ("feed" or "feed-atom"), its date worked out once for both
    parts of the address (every story page names both feeds in its head)."""
    day = address_day(article.published_at)
    return reverse(
        f"comments:{kind}",
        kwargs={
            "year": f"{day.year:04d}",
            "month": f"{day.month:02d}",
            "day": f"{day.day:02d}",
            "slug": article.slug,
        },
    )


@register.filter(is_safe=True)
def comment_text(text: str) -> SafeString:
    """A commenter's plain text: escaped, paragraphs kept, links clickable but not endorsed."""
    return comment_html(text)
