"""Static pages, served at their own address after every other route has had its say."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from network.access import can_work_on
from network.routing import site_of

from .http import allow_methods
from .models import Page, PageRedirect
from .page_keys import keys, record


@csrf_exempt  # It changes nothing, whatever the method.
def page_detail(request: HttpRequest, path: str) -> HttpResponse:
    """A page at its address. The route catches every address no other route answers, so
    an address with no page is a 404 whatever the method; a page itself takes GET only."""
    site = site_of(request)
    page = Page.objects.published().on_site(site).filter(path=f"/{path}").first()
    moved = None if page else PageRedirect.objects.page_moved_from(f"/{path}", site)
    if page is None and moved is None:
        raise Http404("No page here.")
    if request.method not in PAGE_METHODS:
        return HttpResponseNotAllowed(sorted(PAGE_METHODS))
    if moved is not None:
        return redirect(moved, permanent=True)
    context = page_context(page)
    # The page, and the pages whose titles it prints (breadcrumb, subpages).
    shown = [page, *context["ancestors"], *context["subpages"]]
    record(request, *keys("page", (shown_page.pk for shown_page in shown)))
    return render(request, "articles/page_detail.html", context)


PAGE_METHODS = frozenset({"GET", "HEAD"})
# The method middleware lets every method through to the view, which answers as above.
page_detail.allowed_methods = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}
)


@allow_methods("GET")
@never_cache
def page_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A staff member sees any page of the towns they work on as readers will; to
    everyone else it does not exist."""
    if not request.user.is_staff:
        raise Http404
    page = get_object_or_404(Page, pk=pk)
    if not can_work_on(request.user, page.site_id):
        raise Http404
    return render(request, "articles/page_detail.html", {**page_context(page), "preview": True})


def page_context(page: Page) -> dict:
    """The page, the published pages above it (for the breadcrumb) and below it."""
    above = Page.objects.published().filter(site_id=page.site_id, path__in=page.ancestor_paths())
    above = {p.path: p for p in above}
    return {
        "static_page": page,
        "ancestors": [above[path] for path in page.ancestor_paths() if path in above],
        "subpages": page.children.published().only("title", "path", "parent_id"),
    }
