from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page, rendered without touching the database, which may be what failed."""
    html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)
