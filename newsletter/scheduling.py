"""Which issues start when, and for whom: each town's daily digest once its time has come
in the town's own zone, and breaking-news alerts for the towns a story shows on.

Starting an issue saves it and queues a ``Delivery`` for each of its recipients;
``newsletter.sending`` then sends what is queued.
"""

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from articles.models import Article
from network.models import Site

from .digest import digest_content, render_alert, render_digest
from .models import Delivery, Issue, Subscriber

ENQUEUE_CHUNK = 2000


# When each town's digest goes out


def send_at() -> tuple[int, int]:
    """NEWSLETTER_SEND_AT as (hour, minute), in each town's own time."""
    hour, _, minute = settings.NEWSLETTER_SEND_AT.strip().partition(":")
    return int(hour), int(minute or 0)


def town_time(now: datetime, site: Site) -> datetime:
    """This moment on the town's clock (Site.time_zone)."""
    return now.astimezone(zoneinfo.ZoneInfo(site.time_zone))


def town_today(site: Site, now: datetime | None = None) -> date:
    """The town's date now: the edition its digest of today has."""
    return town_time(now or timezone.now(), site).date()


def digest_due(now: datetime, site: Site) -> bool:
    local = town_time(now, site)
    return (local.hour, local.minute) >= send_at()


def enqueue(issue: Issue, receiving: QuerySet[Subscriber] | None = None) -> int:
    """A queued delivery for every subscriber of the issue's town who wants this kind of
    issue (or for ``receiving``), written in chunks by id so memory stays flat however long
    the list."""
    if receiving is None:
        receiving = Subscriber.objects.receiving(issue.kind).of_town(issue.site)
    receiving = receiving.order_by("pk").values_list("pk", flat=True)
    count, last = 0, 0
    while chunk := list(receiving.filter(pk__gt=last)[:ENQUEUE_CHUNK]):
        Delivery.objects.bulk_create(
            [Delivery(issue_id=issue.pk, subscriber_id=pk) for pk in chunk],
            batch_size=ENQUEUE_CHUNK,
        )
        count, last = count + len(chunk), chunk[-1]
    return count


def towns_due(now: datetime) -> list[Site]:
    """The towns whose digest of their today is due and not started yet.

    Two queries whatever the number of towns, so a minute with nothing due costs little.
    """
    due = {site.pk: site for site in Site.objects.order_by("pk") if digest_due(now, site)}
    editions = {site.pk: town_today(site, now) for site in due.values()}
    started = set(
        Issue.objects.filter(
            kind=Issue.Kind.DIGEST, site__in=due, edition_date__in=set(editions.values())
        )
        .exclude(status=Issue.Status.DRAFT)
        .values_list("site_id", "edition_date")
    )
    return [site for pk, site in due.items() if (pk, editions[pk]) not in started]


def start_due_digests(now: datetime) -> list[Issue]:
    """Every town's digest that is due now, each started as ``start_due_digest`` does."""
    started = (start_due_digest(now, site=site) for site in towns_due(now))
    return [issue for issue in started if issue is not None]


def start_due_digest(now: datetime, *, site: Site) -> Issue | None:
    """The town's digest of its today, saved and queued, once its time has come there;
    None when not due.

    Cron may run this every minute from several machines: the database's one digest per
    town and day and the row lock make sure one run starts it and the others see it
    started. Only today's digest is ever started: a day the site was down is not sent late.
    """
    if not digest_due(now, site):
        return None
    edition = town_today(site, now)
    existing = Issue.objects.filter(site=site, kind=Issue.Kind.DIGEST, edition_date=edition).first()
    if existing is not None and existing.status != Issue.Status.DRAFT:
        return None
    try:
        with transaction.atomic():
            issue, _ = Issue.objects.select_for_update().get_or_create(
                site=site, kind=Issue.Kind.DIGEST, edition_date=edition
            )
            if issue.status != Issue.Status.DRAFT:
                return None
            content = digest_content(site=site, edition=edition, now=now)
            issue.started_at = now
            if not content.has_news:
                issue.status = Issue.Status.SKIPPED
                issue.finished_at = now
                issue.save()
                return issue
            rendered = render_digest(content, note=issue.note)
            issue.subject, issue.html, issue.text = rendered.subject, rendered.html, rendered.text
            issue.status = Issue.Status.SENDING
            issue.save()
            enqueue(issue)
    except IntegrityError:  # another run created today's digest at the same moment
        return None
    return issue


def alert_towns(article: Article) -> list[Site]:
    """The towns a story shows on that had no alert about it yet: its home first, then
    those it is shared to (a story shared after its alert went out can be sent to the
    towns it reached since)."""
    alerted = set(
        Issue.objects.filter(kind=Issue.Kind.ALERT, article=article).values_list(
            "site_id", flat=True
        )
    )
    shared = article.shared_to.exclude(pk=article.site_id).order_by("name", "pk")
    return [town for town in [article.site, *shared] if town.pk not in alerted]


def with_towns_to_alert(stories: QuerySet) -> QuerySet:
    """The stories with a town that ``alert_towns()`` would give: their home or a town they
    are shared to had no alert about them yet (the alert form's choices)."""
    alerts = Issue.objects.filter(kind=Issue.Kind.ALERT)
    alerted_at_home = alerts.filter(article=OuterRef("pk"), site=OuterRef("site"))
    unalerted_shares = Article.shared_to.through.objects.filter(article=OuterRef("pk")).exclude(
        Exists(alerts.filter(article=OuterRef("article"), site=OuterRef("site")))
    )
    return stories.filter(~Exists(alerted_at_home) | Exists(unalerted_shares))


def alerted_addresses(article: Article) -> QuerySet:
    """The addresses an earlier alert about this story went to, on any town."""
    return Delivery.objects.filter(issue__kind=Issue.Kind.ALERT, issue__article=article).values(
        "subscriber__email"
    )


def alert_audience(article: Article) -> int:
    """How many addresses an alert about this story would reach, each counted once."""
    towns = [site.pk for site in alert_towns(article)]
    receiving = Subscriber.objects.receiving("alert").filter(site__in=towns)
    receiving = receiving.exclude(email__in=alerted_addresses(article))
    return receiving.values("email").distinct().count()


def alert_start(*, article: Article, note: str = "", user=None) -> list[Issue]:
    """A breaking-news alert about a published story, one issue per town it shows on that
    had none about it yet (its home, then those it is shared to), each queued for that
    town's subscribers who asked for alerts and written with that town's name and links;
    the next run of ``send_newsletter`` sends them. An address subscribed to several of
    those towns is sent the first town's copy only, and an address an earlier alert
    about the story reached gets none: nobody gets one alert twice.

    Raises IntegrityError if every town the story shows on already had its alert,
    ValueError if readers cannot see it.
    """
    if not article.is_public:
        raise ValueError("Only a published story can be sent as an alert.")
    towns = alert_towns(article)
    if not towns:
        raise IntegrityError("Every town this story shows on already had its alert.")
    now = timezone.now()
    issues: list[Issue] = []
    with transaction.atomic():
        for town in towns:
            rendered = render_alert(article, site=town, note=note)
            issue = Issue.objects.create(
                site=town,
                kind=Issue.Kind.ALERT,
                article=article,
                note=note,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                status=Issue.Status.SENDING,
                created_by=user,
                started_at=now,
            )
            alerted = Subscriber.objects.receiving("alert").filter(
                site__in=[earlier.site_id for earlier in issues]
            )
            receiving = (
                Subscriber.objects.receiving("alert")
                .of_town(town)
                .exclude(email__in=alerted.values("email"))
                .exclude(email__in=alerted_addresses(article))
            )
            enqueue(issue, receiving)
            issues.append(issue)
    return issues


# Outcomes of one message
