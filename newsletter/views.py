from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from articles.http import allow_methods
from articles.readers import client_address
from comments.protection import is_same_origin
from network.routing import site_of

from .forms import SubscribeForm
from .models import Subscriber, SubscriberStatus
from .services import (
    is_rate_limited,
    subscriber_confirm,
    subscriber_request,
    subscriber_unsubscribe,
)
from .tokens import confirmation_from_token, unsubscribe_from_token

CHECK_EMAIL = (
    "Almost done: we have emailed you a link. Open it to confirm, and your newsletter starts. "
    "Nothing arrived? Look in your spam folder."
)
RATE_LIMITED = "Too many sign-ups from here in the last few minutes. Please try again later."


@allow_methods("GET")
def signup(request: HttpRequest) -> HttpResponse:
    """The newsletter's own page: what it is, and the form. The same for every reader."""
    return render(
        request,
        "newsletter/signup.html",
        {"form": SubscribeForm(), "send_at": settings.NEWSLETTER_SEND_AT},
    )


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # The form protects itself: same-origin check and signed token (comments.forms).
@allow_methods("GET", "POST")
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscribe box posts here; the page script asks for JSON, plain forms get pages.

    The answer is the same whether or not the address is already subscribed.
    """
    if request.method != "POST":
        return redirect("newsletter:signup")
    form = SubscribeForm(request.POST, request=request)
    ip_address = client_address(request) or None
    status = 200
    if not form.is_valid():
        status = form.status_code
    elif is_rate_limited(ip_address=ip_address):
        form.add_error(None, RATE_LIMITED)
        status = 429
    elif not form.honeypot_filled:  # A bot gets the ordinary answer and nothing is sent.
        data = form.cleaned_data
        subscriber_request(
            site=site_of(request),
            email=data["email"],
            digest=data["digest"],
            alerts=data["alerts"],
            ip_address=ip_address,
        )
    if wants_json(request):
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        response = JsonResponse(
            {
                "ok": status == 200,
                "message": CHECK_EMAIL if status == 200 else "",
                "errors": errors,
            },
            status=status,
        )
    elif status == 200:
        return redirect("newsletter:check-email")
    else:
        response = render(
            request,
            "newsletter/signup.html",
            {"form": form, "send_at": settings.NEWSLETTER_SEND_AT},
            status=status,
        )
    add_never_cache_headers(response)
    return response


@allow_methods("GET")
def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_email.html", {"message": CHECK_EMAIL})


@csrf_exempt  # The signed link is the proof; the button only stops mail scanners confirming.
@allow_methods("GET", "POST")
@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST confirms: link checkers in mailboxes open links, they do not press
    buttons, so nobody is subscribed by a scanner."""
    found = confirmation_from_token(token)
    subscriber = town_subscriber(request, found[0]) if found else None
    if subscriber is None:
        return render(request, "newsletter/confirm.html", {"state": "invalid"}, status=400)
    _, digest, alerts = found
    context = {"digest": digest, "alerts": alerts, "token": token}
    if request.method == "POST" and is_same_origin(request):
        subscriber_confirm(subscriber=subscriber, digest=digest, alerts=alerts)
        return render(request, "newsletter/confirm.html", {**context, "state": "confirmed"})
    return render(request, "newsletter/confirm.html", {**context, "state": "ask"})


@csrf_exempt  # Mail apps send RFC 8058 one-click unsubscribes as a bare POST from elsewhere.
@allow_methods("GET", "POST")
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """POST (the mail app's one-click button, or the page's) unsubscribes at once; GET,
    which link checkers also send, asks first. The address is never shown, only a hint."""
    found = unsubscribe_from_token(token)
    subscriber = town_subscriber(request, found[0]) if found else None
    if subscriber is None:
        return render(request, "newsletter/unsubscribe.html", {"state": "invalid"}, status=400)
    _, kind = found
    everything = request.POST.get("everything") == "1"
    if request.method == "POST":
        subscriber_unsubscribe(subscriber=subscriber, kind=None if everything else kind)
        state = "done"
    else:
        state = "ask"
    active = subscriber.status == SubscriberStatus.ACTIVE
    return render(
        request,
        "newsletter/unsubscribe.html",
        {
            "state": state,
            "kind": kind,
            "everything": everything,
            "hint": email_hint(subscriber.email),
            "still_alerts": subscriber.wants_alerts and active,
            "still_digest": subscriber.wants_digest and active,
            "token": token,
        },
    )


def town_subscriber(request: HttpRequest, subscriber_id: int) -> Subscriber | None:
    """The subscription a link names, if it is this town's: a link answers on the host of
    the town whose email carried it, never under another town's name."""
    return Subscriber.objects.of_town(site_of(request)).filter(pk=subscriber_id).first()


def email_hint(email: str) -> str:
    """Enough of an address for its owner to recognise it, not enough to be it."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}…@{domain}"
