from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article

from . import own_comments, trust
from .forms import CommentForm, ReportForm
from .models import Comment
from .notifications import comment_id_from_unsubscribe_token
from .protection import form_token, form_token_error, is_same_origin
from .rate_limit import is_rate_limited
from .services import comment_report, comment_submit
from .staff import staff_display_name

CROSS_SITE = (
    "This was sent from another website, so it was not accepted. "
    "If you wrote it here, please send it again."
)
RATE_LIMITED = (
    "You have posted several comments in the last few minutes. Please wait a little, "
    "then send this one again. Your text is kept below."
)


@csrf_exempt  # Protected by the same-origin check and the signed form token instead.
@require_POST
@never_cache
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    user = request.user if request.user.is_staff else None
    form = CommentForm(
        request.POST, article=article, staff_name=staff_display_name(user) if user else ""
    )
    if not is_same_origin(request):
        return render_form_again(request, article, form, status=403, error=CROSS_SITE)
    token_error = form_token_error(request.POST.get("token"), article.pk)
    if not form.is_valid() or token_error:
        return render_form_again(request, article, form, status=400, error=token_error)

    data = form.cleaned_data
    name = form.staff_name or data["name"]
    email = user.email if user else data["email"]
    ip_address = request.META.get("REMOTE_ADDR")
    if not user and is_rate_limited(ip_address=ip_address, email=email):
        return render_form_again(request, article, form, status=429, error=RATE_LIMITED)

    comment = comment_submit(
        article=article,
        parent_id=data["parent"],
        name=name,
        email=email,
        website=data.get("website", ""),
        text=data["text"],
        ip_address=ip_address,
        user_agent=request.headers.get("User-Agent", ""),
        honeypot_filled=form.honeypot_filled,
        notify=data["notify"],
        user=user,
        browser_confirmed=trust.browser_confirmed(request, email),
    )
    response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    if form.honeypot_filled:
        return response  # The bot gets the ordinary answer and nothing to learn from.
    if comment.status == Comment.Status.PENDING:
        own_comments.remember_own_comment(request, response, comment.pk)
    if data.get("save_details"):
        own_comments.save_details(
            request, response, name=name, email=email, website=data.get("website", "")
        )
    elif "save_details" in form.fields:
        own_comments.forget_details(response)
    return response


def render_form_again(
    request: HttpRequest, article: Article, form: CommentForm, *, status: int, error: str = ""
) -> HttpResponse:
    """The form back, as the reader filled it in, with what needs fixing next to each field."""
    if error:
        form.is_valid()  # Errors can be added only to a form that has been checked.
        form.add_error(None, error)
    return render(
        request,
        "comments/comment_error.html",
        {"article": article, "form": form, "token": form_token(article.pk), "status": status},
        status=status,
    )


def reporter_fingerprint(request: HttpRequest) -> str:
    """Tells readers apart for counting reports, without storing who they are."""
    seen = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('User-Agent', '')}"
    return salted_hmac("comments.reporter", seen).hexdigest()


@csrf_exempt  # Same protection as the reply form: same-origin check and signed token.
@require_http_methods(["GET", "POST"])
@never_cache
def comment_report_view(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.approved().filter(article__in=Article.objects.published()),
        pk=comment_id,
    )
    article = comment.article
    context = {"article": article, "comment_id": comment.pk, "comment_name": comment.name}
    if request.method == "GET":
        form = ReportForm()
    else:
        form = ReportForm(request.POST)
        if not is_same_origin(request):
            form.is_valid()
            form.add_error(None, CROSS_SITE)
        else:
            error = form_token_error(request.POST.get("token"), article.pk)
            if form.is_valid() and not error:
                comment_report(
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    reporter=reporter_fingerprint(request),
                )
                return render(request, "comments/report_done.html", context)
            if error:
                form.add_error(None, error)
    context.update(form=form, token=form_token(article.pk))
    status = 200 if request.method == "GET" else 400
    return render(request, "comments/report_form.html", context, status=status)


@never_cache
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    email = trust.email_from_token(token)
    if email is None:
        return render(request, "comments/confirm_email.html", {"confirmed": False}, status=400)
    trust.email_confirm(email=email)
    response = render(request, "comments/confirm_email.html", {"confirmed": True})
    trust.remember_confirmed_browser(request, response, email)
    return response


@csrf_exempt  # Mail clients send RFC 8058 one-click unsubscribes as a bare POST.
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    comment_id = comment_id_from_unsubscribe_token(token)
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return render(request, "comments/unsubscribed.html", {"done": False}, status=400)
    if comment.notify:
        comment.notify = False
        comment.save(update_fields=["notify"])
    return render(request, "comments/unsubscribed.html", {"done": True, "article": comment.article})
