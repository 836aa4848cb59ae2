import nh3
from django import template
from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

from ..closing import comments_are_open
from ..forms import CommentForm
from ..own_comments import own_comment_ids, saved_details
from ..protection import form_token
from ..thread import comment_thread
from ..views import staff_display_name

register = template.Library()


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context: template.Context, article: Article) -> dict:
    """The thread under a story and the "Leave a Reply" form, in one query for the thread."""
    request = context["request"]
    thread = comment_thread(article_id=article.pk, own_pending_ids=own_comment_ids(request))
    reply_to = thread.find(request.GET.get("replyto"))
    user = request.user
    details = saved_details(request)
    form = CommentForm(
        article=article,
        reply_to=reply_to,
        staff_name=staff_display_name(user) if user.is_staff else "",
        initial={**details, "save_details": bool(details)},
    )
    return {
        "article": article,
        "thread": thread,
        "form": form,
        "open": comments_are_open(article),
        "token": form_token(article.pk),
    }


@register.filter(is_safe=True)
def comment_text(text: str) -> SafeString:
    """A commenter's plain text: escaped, paragraphs kept, links clickable but not endorsed."""
    html = linebreaks_filter(urlize(text, autoescape=True), autoescape=False)
    return mark_safe(
        nh3.clean(
            html,
            tags={"a", "p", "br"},
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow ugc noopener",
        )
    )
