import logging
import sys

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without touching the database, which may be what failed.

    A database that cannot be reached is not a bug: that is a 503, "try again soon".
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page for when the database cannot be reached; it needs nothing but itself.

    A comment that was being posted comes back in the page, so the reader loses nothing.
    """
    context = {"SITE_NAME": settings.SITE_NAME}
    if request.method == "POST":
        context.update(text=request.POST.get("text", ""), name=request.POST.get("name", ""))
    html = loader.get_template("503.html").render(context)
    return HttpResponse(
        html, status=503, headers={"Retry-After": "60", "Cache-Control": "no-store"}
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the database and the cache answer, else 503 and which."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        checks["database"] = f"unavailable: {type(error).__name__}"
    backend = caches["default"]
    reachable = getattr(backend, "is_reachable", None)
    if reachable is not None and not reachable():
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    if not healthy:
        logger.warning("Health check failed: %s", checks)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
