"""What a reader's browser remembers about their own commenting, in signed cookies.

- which of their comments are still held, so they see them in place and nobody else does;
- their name, email and website, only if they ticked "Save my name…".

Pages for readers with either cookie are theirs alone and must not be cached for others.
"""

import json
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse

if TYPE_CHECKING:
    from .forms import CommentForm
    from .models import Comment

PENDING_COOKIE = "comments_pending"
PENDING_SALT = "comments.own-pending"
PENDING_MAX_AGE = 30 * 24 * 3600
MAX_REMEMBERED = 20

DETAILS_COOKIE = "comments_author"
DETAILS_SALT = "comments.author-details"
DETAILS_MAX_AGE = 365 * 24 * 3600

COOKIE_NAMES = (PENDING_COOKIE, DETAILS_COOKIE)


def _set(request: HttpRequest, response: HttpResponse, name: str, value: str, **kw) -> None:
    response.set_signed_cookie(
        name, value, secure=request.is_secure(), httponly=True, samesite="Lax", **kw
    )


def own_comment_ids(request: HttpRequest) -> list[int]:
    value = request.get_signed_cookie(
        PENDING_COOKIE, default="", salt=PENDING_SALT, max_age=PENDING_MAX_AGE
    )
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    ids = [*own_comment_ids(request), comment_id][-MAX_REMEMBERED:]
    _set(
        request,
        response,
        PENDING_COOKIE,
        ",".join(map(str, ids)),
        salt=PENDING_SALT,
        max_age=PENDING_MAX_AGE,
    )


def saved_details(request: HttpRequest) -> dict[str, str]:
    """The name, email and website this reader asked us to remember, or {}."""
    value = request.get_signed_cookie(
        DETAILS_COOKIE, default="", salt=DETAILS_SALT, max_age=DETAILS_MAX_AGE
    )
    try:
        details = json.loads(value) if value else {}
    except ValueError:
        return {}
    if not isinstance(details, dict) or not details:
        return {}
    return {key: str(details.get(key, "")) for key in ("name", "email", "website")}


def save_details(
    request: HttpRequest, response: HttpResponse, *, name: str, email: str, website: str
) -> None:
    details = json.dumps({"name": name, "email": email, "website": website})
    _set(request, response, DETAILS_COOKIE, details, salt=DETAILS_SALT, max_age=DETAILS_MAX_AGE)


def forget_details(response: HttpResponse) -> None:
    response.delete_cookie(DETAILS_COOKIE, samesite="Lax")


def remember_commenter(
    request: HttpRequest, response: HttpResponse, *, comment: "Comment", form: "CommentForm"
) -> None:
    """After a post: remember the comment while it is held, so its writer sees it in place,
    and save the details the reader asked to have saved (forget them once unticked)."""
    if comment.status == comment.Status.PENDING:
        remember_own_comment(request, response, comment.pk)
    if form.cleaned_data.get("save_details"):
        save_details(
            request,
            response,
            name=comment.name,
            email=comment.email,
            website=comment.website,
        )
    elif "save_details" in form.fields:
        forget_details(response)


def has_own_cookies(request: HttpRequest) -> bool:
    return any(name in request.COOKIES for name in COOKIE_NAMES)
