from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from articles.http import allow_methods
from articles.readers import client_address
from comments.protection import is_same_origin
from network.routing import site_of

from .calendar import calendar_bytes
from .forms import SubmissionForm
from .models import Event, Submission
from .rate_limit import SubmissionRateLimited
from .services import submission_confirm, submission_submit
from .tokens import submission_id_from_token

RATE_LIMITED = (
    "You have sent several submissions in the last hour. Please wait a little, then send "
    "this one again. Everything you typed is kept below."
)
EVENTS_PER_PAGE = 20


@csrf_exempt  # The form protects itself: same-origin check and signed token (comments.forms).
@allow_methods("GET", "POST")
def submit(request: HttpRequest) -> HttpResponse:
    """The "Submit community news" page: the same for every reader, so it can be cached."""
    if request.method != "POST":
        return render(request, "community/submit.html", {"form": SubmissionForm()})
    form = SubmissionForm(request.POST, request.FILES, request=request)
    if not form.is_valid():
        return form_again(request, form, status=form.status_code)
    if form.honeypot_filled:  # A bot gets the ordinary answer and nothing is stored.
        return redirect("community:submitted")
    try:
        submission_submit(
            site=site_of(request),
            fields=form.submission_fields(),
            photo=form.cleaned_data.get("photo") or None,
            kept_photo=form.kept_photo_name,
            ip_address=client_address(request) or None,
        )
    except SubmissionRateLimited:
        form.add_error(None, RATE_LIMITED)
        return form_again(request, form, status=429)
    return redirect("community:submitted")


def form_again(request: HttpRequest, form: SubmissionForm, *, status: int) -> HttpResponse:
    """The form back as the reader filled it in (photo included), errors by each field."""
    form.hold_photo()
    response = render(request, "community/submit.html", {"form": form}, status=status)
    add_never_cache_headers(response)
    return response


@allow_methods("GET")
def submitted(request: HttpRequest) -> HttpResponse:
    return render(request, "community/submitted.html")


@csrf_exempt  # The signed link is the proof; the button only stops mail scanners confirming.
@allow_methods("GET", "POST")
@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: link checkers in mailboxes open links, they do
    not press buttons."""
    submission_id = submission_id_from_token(token)
    # A link answers on the host of the town it was sent on, never under another's name.
    on_this_town = Submission.objects.filter(site=site_of(request))
    submission = on_this_town.filter(pk=submission_id).first() if submission_id else None
    if submission is None or submission.status == Submission.Status.DECLINED:
        return render(request, "community/confirm.html", {"state": "invalid"}, status=400)
    if request.method == "POST" and is_same_origin(request):
        submission = submission_confirm(submission=submission)
        return render(request, "community/confirm.html", {"state": "confirmed"})
    state = "ask" if submission.status == Submission.Status.UNCONFIRMED else "already"
    return render(
        request,
        "community/confirm.html",
        {"state": state, "headline": submission.headline, "token": token},
    )


@allow_methods("GET")
def event_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Event.objects.upcoming(site=site_of(request)), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "community/event_list.html", {"page": page})


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@allow_methods("GET")
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One event for a calendar app; only events of published stories exist for readers."""
    site = site_of(request)
    event = get_object_or_404(Event.objects.upcoming(site=site).for_calendar(), pk=pk)
    return ics_response(
        calendar_bytes([event], name=event.article.headline, site=site),
        f"{event.article.slug}.ics",
    )


@allow_methods("GET")
def calendar(request: HttpRequest) -> HttpResponse:
    """Every upcoming event, as a calendar readers can subscribe to."""
    site = site_of(request)
    return ics_response(
        calendar_bytes(
            Event.objects.upcoming(site=site).for_calendar(),
            name=f"{site.name}: community events",
            site=site,
        ),
        "community-events.ics",
    )
