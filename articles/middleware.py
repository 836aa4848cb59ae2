from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .trending import count_read


class ReadBeaconMiddleware:
    """Answer the story page's read beacon before sessions, users and CSRF are looked at.

    A viral story sends a beacon per reader; it needs none of that machinery, so it is
    answered as early as the page cache answers pages. The URL and view stay in urls.py
    (``articles:read-beacon``) for anyone running without this middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        prefix, _, suffix = reverse("articles:read-beacon", kwargs={"pk": 0}).rpartition("0")
        self.prefix, self.suffix = prefix, suffix

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if request.method == "POST" and path.startswith(self.prefix) and path.endswith(self.suffix):
            article_id = path[len(self.prefix) : len(path) - len(self.suffix)]
            if article_id.isdigit():
                count_read(article_id=int(article_id), request=request)
                return HttpResponse(status=204, headers={"Cache-Control": "no-store"})
        return self.get_response(request)
