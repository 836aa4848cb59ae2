from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article

from .forms import CommentForm
from .own_comments import remember_own_comment
from .protection import form_token, form_token_error, is_same_origin
from .services import comment_submit


@csrf_exempt  # Protected by the same-origin check and the signed form token instead.
@require_POST
def comment_post(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    form = CommentForm(request.POST, article=article)
    if not is_same_origin(request):
        return render_form_again(
            request,
            article,
            form,
            status=403,
            error=(
                "This comment was sent from another website, so it was not posted. "
                "If you wrote it here, please send it again."
            ),
        )
    token_error = form_token_error(request.POST.get("token"), article.pk)
    if not form.is_valid() or token_error:
        return render_form_again(request, article, form, status=400, error=token_error)

    comment = comment_submit(
        article=article,
        parent_id=form.cleaned_data["parent"],
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        website=form.cleaned_data["website"],
        text=form.cleaned_data["text"],
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
        is_from_bot=form.is_from_bot,
    )
    response = redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    if not form.is_from_bot:
        remember_own_comment(request, response, comment.pk)
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
        {"article": article, "form": form, "token": form_token(article.pk)},
        status=status,
    )
