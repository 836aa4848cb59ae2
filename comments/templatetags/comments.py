from django import template
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString

from articles.models import Article

from ..closing import comments_are_open
from ..forms import CommentForm
from ..own_comments import own_comment_ids, saved_details
from ..protection import form_token
from ..staff import staff_display_name
from ..text import comment_html
from ..thread import comment_thread

register = template.Library()


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context: template.Context, article: Article) -> dict:
    """The thread under a story and the "Leave a Reply" form, in one query for the thread."""
    request = context["request"]
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
        "token": SimpleLazyObject(lambda: form_token(article.pk)),
        # Readers who see their own held comments get a thread of their own.
        "shared_thread": not own_ids,
        # An empty form with nobody's details is the same for every reader for a minute
        # (its token only has to be younger than two days).
        "shared_form": not (reply_to or staff_name or details),
        "SITE_VERSION": context.get("SITE_VERSION"),
        "FRAGMENT_CACHE_SECONDS": context.get("FRAGMENT_CACHE_SECONDS", 0),
    }


@register.filter(is_safe=True)
def comment_text(text: str) -> SafeString:
    """A commenter's plain text: escaped, paragraphs kept, links clickable but not endorsed."""
    return comment_html(text)
