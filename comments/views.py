from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from articles.http import allow_methods
from articles.models import Article
from articles.readers import client_address, reader_network
from network.routing import site_of

from . import own_comments, trust
from .forms import CommentForm, ReportForm
from .models import Comment
from .notifications import comment_id_from_unsubscribe_token
from .protection import form_token
from .rate_limit import CommentRateLimited
from .services import comment_report, comment_submit
from .staff import staff_display_name

RATE_LIMITED = (
    "You have posted several comments in the last few minutes. Please wait a little, "
    "then send this one again. Your text is kept below."
)


def commentable_here(request: HttpRequest, article_id: int) -> bool:
    """Whether the story is published on this request's town as its home: where its
    comments live and its reply and report forms are."""
    if article_id >= 2**63:  # no database row has such an id
        return False
    stories = Article.objects.published().filter(site=site_of(request))
    return stories.filter(pk=article_id).exists()


@csrf_exempt  # The form protects itself: same-origin check and signed token (see forms.py).
@allow_methods("POST")
@never_cache
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    # Comments live on the story's home site: a town it is shared to takes none.
    article = get_object_or_404(
        Article.objects.published().filter(site=site_of(request)), pk=article_id
    )
    user = request.user if request.user.is_staff else None
    staff_name = staff_display_name(user) if user else ""
    form = CommentForm(request.POST, article=article, request=request, staff_name=staff_name)
    if not form.is_valid():
        return render_form_again(request, article, form, status=form.status_code)
    data = form.cleaned_data
    email = user.email if user else data["email"]
    try:
        comment = comment_submit(
            article=article,
            parent_id=data["parent"],
            name=staff_name or data["name"],
            email=email,
            website=data.get("website", ""),
            text=data["text"],
            ip_address=client_address(request) or None,
            user_agent=request.headers.get("User-Agent", ""),
            honeypot_filled=form.honeypot_filled,
            notify=data["notify"],
            user=user,
            browser_confirmed=trust.browser_confirmed(request, email),
        )
    except CommentRateLimited:
        form.add_error(None, RATE_LIMITED)
        return render_form_again(request, article, form, status=429)
    # From here on the comment is stored: nothing below asks the database again, so the
    # answer cannot turn into "not posted" (emails wait for the commit and never raise).
    response = redirect(comment)
    if not form.honeypot_filled:  # A bot gets the ordinary answer and nothing to learn from.
        own_comments.remember_commenter(request, response, comment=comment, form=form)
    return response


def render_form_again(
    request: HttpRequest, article: Article, form: CommentForm, *, status: int
) -> HttpResponse:
    """The form back, as the reader filled it in, with what needs fixing next to each field."""
    return render(
        request,
        "comments/comment_error.html",
        {"article": article, "form": form, "status": status},
        status=status,
    )


def reporter_fingerprint(request: HttpRequest) -> str:
    """Tells readers apart for counting reports, without storing who they are."""
    seen = f"{client_address(request)}|{request.headers.get('User-Agent', '')}"
    return salted_hmac("comments.reporter", seen).hexdigest()


def reporter_address(request: HttpRequest) -> str:
    """Tells the readers' addresses apart (IPv6 by its /64), without storing them."""
    network = reader_network(client_address(request))
    return salted_hmac("comments.reporter-address", network).hexdigest() if network else ""


@csrf_exempt  # The form protects itself, as the reply form does.
@allow_methods("GET", "POST")
@never_cache
def comment_report_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.approved().filter(
            article__in=Article.objects.published().filter(site=site_of(request))
        ),
        pk=comment_id,
    )
    article = comment.article
    # Plain values: the page about a comment never holds the object that carries its email.
    context = {
        "article": article,
        "comment_id": comment.pk,
        "comment_name": comment.name,
        "comment_url": comment.get_absolute_url(),
    }
    if request.method == "GET":
        # This page is never cached: its token is this reader's own.
        form = ReportForm(token_target=article.pk, for_one_reader=True)
    else:
        form = ReportForm(request.POST, token_target=article.pk, request=request)
        if form.is_valid():
            if not form.honeypot_filled:
                comment_report(
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    reporter=reporter_fingerprint(request),
                    reporter_address=reporter_address(request),
                )
            return render(request, "comments/report_done.html", context)
    status = 200 if request.method == "GET" else form.status_code
    return render(request, "comments/report_form.html", {**context, "form": form}, status=status)


@allow_methods("GET")
@never_cache
def form_token_view(request: HttpRequest, target: int | str) -> JsonResponse:
    """A fresh form token for this reader, asked for by the page's script when the reader
    starts on a form (see ``protection``): never cached, so it is stamped now. A token for
    a name no form has is harmless: no form takes it.

    A story's forms (reply, report) are on its home town's page only, so a token for a
    story this town does not publish is a 404, as the story itself is: answering would
    tell which ids exist on other towns, and drafts."""
    if isinstance(target, int) and not commentable_here(request, target):
        raise Http404
    return JsonResponse(
        {"token": form_token(target, fresh=True)}, headers={"X-Robots-Tag": "noindex"}
    )


def keeps_its_address_private(view):
    """For pages whose address carries a token that acts for a commenter (confirming their
    email, unsubscribing them): the browser must not pass that address on as a Referer, to
    this site's own stylesheet (whose request the proxy logs) or anywhere else."""

    @wraps(view)
    def private(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return private


@keeps_its_address_private
@allow_methods("GET")
@never_cache
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    email = trust.email_from_token(token)
    if email is None:
        return render(request, "comments/confirm_email.html", {"confirmed": False}, status=400)
    trust.email_confirm(email=email)
    response = render(request, "comments/confirm_email.html", {"confirmed": True})
    trust.remember_confirmed_browser(request, response, email)
    return response


@keeps_its_address_private
@csrf_exempt  # Mail clients send RFC 8058 one-click unsubscribes as a bare POST.
@allow_methods("GET", "POST")
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    comment_id = comment_id_from_unsubscribe_token(token)
    # The link in the email is on the story's home town; at another town's address the
    # page would name a story that town may not show.
    comment = (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, article__site=site_of(request))
        .first()
    )
    if comment is None:
        return render(request, "comments/unsubscribed.html", {"done": False}, status=400)
    if comment.notify:
        comment.notify = False
        comment.save(update_fields=["notify"])
    return render(request, "comments/unsubscribed.html", {"done": True, "article": comment.article})
