import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.static import serve
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from articles.http import allow_methods

logger = logging.getLogger(__name__)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 400 page: a request no page here can answer (a bad host name, a NUL byte)."""
    html = loader.get_template("400.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseBadRequest(html, headers={"Cache-Control": "no-store"})


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


@allow_methods("GET")
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the database and the cache answer, else 503 and which."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        checks["database"] = f"unavailable: {type(error).__name__}"
    try:
        get_redis_connection("default").ping()
    except NotImplementedError:
        pass  # the local-memory cache: it is this process, and it answers
    except RedisError as error:
        checks["cache"] = f"unavailable: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    if not healthy:
        logger.warning("Health check failed: %s", checks)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@allow_methods("GET")
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages (like the admin's) that name no icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@allow_methods("GET")
def media_file(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file from local disk (a laptop, a one-server site). An address the disk
    cannot even look up (a name longer than the file system allows, say) is a missing
    file, not a server error."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404("No such file.") from error
