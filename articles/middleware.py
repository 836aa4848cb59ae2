from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse


class ReadBeaconMiddleware:
    """Answer the story page's read beacon before the rest of the stack looks at it.

    A viral story sends a beacon per reader. It needs no session, user, CSRF check or page
    cache (the answer is an empty 204), so it is answered as early as it can be: only the
    security headers and the client's address (which counting needs) come before it. The
    URL and view stay in urls.py (``articles:read-beacon``) for anyone running without this.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefix: str | None = None
        self.suffix = ""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.prefix is None:
            try:
                beacon_path = reverse("articles:read-beacon", kwargs={"pk": 0})
            except NoReverseMatch:  # a URL configuration without the stories (tests)
                beacon_path = ""
            self.prefix, _, self.suffix = beacon_path.rpartition("0")
        path = request.path_info
        if (
            self.prefix
            and request.method == "POST"
            and path.startswith(self.prefix)
            and path.endswith(self.suffix)
        ):
            article_id = path[len(self.prefix) : len(path) - len(self.suffix)]
            # ASCII digits only (int() would also take "٣"), and no longer than any id.
            if article_id.isascii() and article_id.isdigit() and len(article_id) <= 18:
                from .views import read_beacon

                return read_beacon(request, int(article_id))
        return self.get_response(request)
