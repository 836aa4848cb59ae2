"""Old addresses of an imported site keep working, as Django's redirects app does it.

A WordPress site linked its posts as ``/?p=123``, its pages as ``/?page_id=45``, and both
by permalinks of any shape (``/2019/05/14/slug/``, ``/slug/``, ``/news/slug/``), under
whatever path the site lived (``/demo/?p=123``). The importer stores each post's and page's
WordPress id and old permalinks; this answers them with a 301 to the new address. Only
what is published is ever answered: a draft's old address is a 404 like any other.
Story-shaped addresses are already answered by the story view itself.
"""

from collections.abc import Callable

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from articles.models import Article, ArticleRedirect, Page, PageRedirect
from network.models import Site
from network.routing import site_of

SAFE_METHODS = {"GET", "HEAD"}
# Longer than any 64-bit id: no such item, and no database is asked.
LONGEST_ID = 18


class OldAddressFallbackMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS:
            # WordPress's own links by id, whatever path they were asked on: "?p=" finds a
            # post or a page (WordPress answers both), "?page_id=" a page.
            if (post_id := wordpress_id(request, "p")) is not None:
                site = site_of(request)
                found = published_story(post_id, site) or published_page(post_id, site)
                return moved_to(found, "No story or page here has that WordPress id.")
            if (page_id := wordpress_id(request, "page_id")) is not None:
                found = published_page(page_id, site_of(request))
                return moved_to(found, "No page here has that WordPress id.")
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in SAFE_METHODS:
            return response
        path = request.path if request.path.endswith("/") else request.path + "/"
        moved = ArticleRedirect.objects.story_moved_from(path, site=site_of(request))
        moved = moved or PageRedirect.objects.page_moved_from(path, site_of(request))
        if moved is None:
            return response
        return HttpResponsePermanentRedirect(moved.get_absolute_url())


def wordpress_id(request: HttpRequest, parameter: str) -> int | None:
    """The id in ``?p=123``; None when the parameter is absent. Raises Http404 for an id
    no item can have, so nothing else answers an address meant for the old site."""
    if parameter not in request.GET:
        return None
    value = request.GET[parameter]
    if not (value.isascii() and value.isdigit()):
        return None
    if len(value) > LONGEST_ID:
        raise Http404("No such WordPress id.")
    return int(value)


def published_story(wordpress_id: int, site: Site) -> Article | None:
    return Article.objects.published().on_site(site).filter(wordpress_id=wordpress_id).first()


def published_page(wordpress_id: int, site: Site) -> Page | None:
    return Page.objects.published().on_site(site).filter(wordpress_id=wordpress_id).first()


def moved_to(found: Model | None, missing: str) -> HttpResponse:
    if found is None:
        raise Http404(missing)
    return HttpResponsePermanentRedirect(found.get_absolute_url())
