from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse


class ReadBeaconMiddleware:
    """Answer the story page's read beacon before anything else looks at the request.

    A viral story sends a beacon per reader. It needs no session, user, CSRF check or
    security headers (the answer is an empty 204), so it is answered first. The URL and
    view stay in urls.py (``articles:read-beacon``) for anyone running without this.
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
            if article_id.isdigit():
                from .views import read_beacon

                return read_beacon(request, int(article_id))
        return self.get_response(request)


class OldAddressMiddleware:
    """Send readers from any old address of a story to where it lives now.

    Story-shaped addresses are handled by the story view; this catches the rest of an
    imported site's permalinks (``/%postname%/``, ``/news/slug/``…) when they would 404,
    as Django's redirects app does for its own table.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        from .views import old_address

        path = request.path if request.path.endswith("/") else request.path + "/"
        article = old_address(path)
        if article is None:
            return response
        return HttpResponsePermanentRedirect(article.get_absolute_url())
