"""Remember, in a signed cookie, which pending comments this browser sent.

The commenter sees their own held comment in place; nobody else does. The cookie holds
comment ids only, nothing personal.
"""

from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "comments_pending"
COOKIE_SALT = "comments.own-pending"
COOKIE_MAX_AGE = 30 * 24 * 3600
MAX_REMEMBERED = 20


def own_comment_ids(request: HttpRequest) -> list[int]:
    value = request.get_signed_cookie(
        COOKIE_NAME, default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
    )
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    ids = [*own_comment_ids(request), comment_id][-MAX_REMEMBERED:]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(map(str, ids)),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
