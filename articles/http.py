"""Which HTTP methods a view answers, said once where the view is defined.

``allow_methods("GET")`` is Django's ``require_http_methods`` (GET implies HEAD) that also
leaves the list on the view, where the project's method middleware reads it: a method the
view does not take is answered 405 with an ``Allow`` header before any CSRF check, the same
for every app (``comments``, ``imports`` and later ones import this; ``articles`` is the
app every other one already knows).
"""

from collections.abc import Callable

from django.views.decorators.http import require_http_methods


def allow_methods(*methods: str) -> Callable:
    allowed = {method.upper() for method in methods}
    if "GET" in allowed:
        allowed.add("HEAD")

    def decorator(view: Callable) -> Callable:
        checked = require_http_methods(sorted(allowed))(view)
        checked.allowed_methods = frozenset(allowed)
        return checked

    return decorator
