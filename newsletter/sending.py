"""Sending issues so that a crash or an SMTP outage loses nobody and doubles nobody.

Each recipient of an issue has a ``Delivery`` row, and its state is written to the database
as the send goes, one commit per message:

- a sender *claims* a batch of queued rows (an UPDATE that only queued rows match, so two
  senders never hold the same row), then sends them one by one, in id order;
- before a message goes on the wire its row is marked ``sending``; the commit that records
  the outcome (sent, retry later, failed) also marks the next row, so at any moment exactly
  one row per sender is ``sending``: the only message whose fate a crash can leave unknown;
- a sender that stops (crash, kill, power) stops refreshing its claim; the next run, five
  minutes on, puts the rows it had not reached back in the queue and marks the one that
  was on the wire ``uncertain``. That one is not sent again: nobody gets an issue twice.

Temporary failures (4xx answers, a dropped connection, a timeout) are retried later with
growing pauses; permanent ones (5xx) fail the delivery and mark the address as bounced so
it is never tried again. If the SMTP server cannot be reached at all, the run puts its
batch back untouched and stops: the next run (cron, a minute later) carries on.
"""

import contextlib
import logging
import secrets
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .mail import IssueMail
from .models import Delivery, Issue, Subscriber
from .scheduling import start_due_digests

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
STALE_AFTER = timedelta(minutes=5)
HEARTBEAT_SECONDS = 10
# After the n-th temporary failure, wait this long; after the last, give up.
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 180, 360)]
UNCERTAIN_NOTE = "The sender stopped while sending this one; not sent again, so no duplicate."


class SmtpOutage(Exception):
    """The mail server cannot be reached, or refuses our sender address: nothing can go."""


@dataclass
class Report:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    uncertain: int = 0
    requeued: int = 0
    started: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    outage: str = ""


def smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        for code, _ in error.recipients.values():
            return code
    return getattr(error, "smtp_code", None)


def describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        error = next(iter(error.recipients.values()), error)
        if isinstance(error, tuple):
            code, text = error
            text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
            return f"{code} {text}"[:300]
    code = smtp_code(error)
    text = getattr(error, "smtp_error", b"") or str(error) or type(error).__name__
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return (f"{code} {text}" if code else f"{type(error).__name__}: {text}")[:300]


class Sender:
    """One run of the sender: claims batches, sends them, records every outcome."""

    def __init__(
        self,
        *,
        now: Callable[[], datetime] = timezone.now,
        batch_size: int = BATCH_SIZE,
        max_seconds: float = 0,
        connection_factory: Callable = get_connection,
    ) -> None:
        self.now = now
        self.batch_size = batch_size
        self.deadline = time.monotonic() + max_seconds if max_seconds else None
        self.connection_factory = connection_factory
        self.run_id = secrets.token_hex(8)
        self.report = Report()
        self.backend = None
        self.last_heartbeat = time.monotonic()

    def run(self) -> Report:
        """Recover what a stopped run left, start each town's digest that is due, and send."""
        self.recover_stale()
        for digest in start_due_digests(self.now()):
            self.report.started.append(f"{digest} ({digest.site.name})")
        try:
            sending = Issue.objects.filter(status=Issue.Status.SENDING).select_related("site")
            for issue in sending.order_by("pk"):
                self.send_issue(issue)
                self.finish_if_done(issue)
                if self.report.outage or self.out_of_time():
                    break
        finally:
            self.disconnect()
        return self.report

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    # Claims

    def recover_stale(self) -> None:
        """Take back what a run that stopped refreshing its claim (five minutes) held."""
        stale = Delivery.objects.filter(claimed_at__lt=self.now() - STALE_AFTER)
        self.report.uncertain += stale.filter(status=Delivery.Status.SENDING).update(
            status=Delivery.Status.UNCERTAIN, claimed_by="", last_error=UNCERTAIN_NOTE
        )
        self.report.requeued += stale.filter(status=Delivery.Status.CLAIMED).update(
            status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None
        )

    def claim(self, issue: Issue) -> list[tuple[int, int, str, int]]:
        """Up to a batch of due deliveries, now this run's: (id, subscriber, email, attempts).

        Anyone who unsubscribed or bounced since the issue was queued is skipped here.
        """
        now = self.now()
        due = (
            Delivery.objects.filter(issue=issue, status=Delivery.Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .order_by("pk")
            .values("pk")[: self.batch_size]
        )
        Delivery.objects.filter(pk__in=due, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.CLAIMED, claimed_by=self.run_id, claimed_at=now
        )
        wants = (
            "subscriber__wants_digest"
            if issue.kind == Issue.Kind.DIGEST
            else ("subscriber__wants_alerts")
        )
        rows = Delivery.objects.filter(
            issue=issue, claimed_by=self.run_id, status=Delivery.Status.CLAIMED
        ).order_by("pk")
        receiving = Q(subscriber__status=Subscriber.Status.ACTIVE) & Q(**{wants: True})
        self.report.skipped += rows.exclude(receiving).update(
            status=Delivery.Status.SKIPPED, claimed_by=""
        )
        self.last_heartbeat = time.monotonic()
        return list(
            rows.filter(receiving).values_list(
                "pk", "subscriber_id", "subscriber__email", "attempts"
            )
        )

    def release(self) -> None:
        """Put back what this run holds and has not sent: it was never on the wire."""
        Delivery.objects.filter(
            claimed_by=self.run_id,
            status__in=[Delivery.Status.CLAIMED, Delivery.Status.SENDING],
        ).update(status=Delivery.Status.QUEUED, claimed_by="", claimed_at=None)

    def mark_sending(self, pk: int) -> bool:
        """Mark the next message as on the wire; False if this run lost its claim on it."""
        return bool(
            Delivery.objects.filter(
                pk=pk, claimed_by=self.run_id, status=Delivery.Status.CLAIMED
            ).update(status=Delivery.Status.SENDING)
        )

    def heartbeat(self) -> None:
        if time.monotonic() - self.last_heartbeat < HEARTBEAT_SECONDS:
            return
        Delivery.objects.filter(
            claimed_by=self.run_id,
            status__in=[Delivery.Status.CLAIMED, Delivery.Status.SENDING],
        ).update(claimed_at=self.now())
        self.last_heartbeat = time.monotonic()

    # Sending

    def send_issue(self, issue: Issue) -> None:
        mail = IssueMail(issue)
        while not self.report.outage and not self.out_of_time():
            batch = self.claim(issue)
            if not batch:
                return
            self.send_batch(mail, batch)

    def send_batch(self, mail: IssueMail, batch: list[tuple[int, int, str, int]]) -> None:
        if not self.mark_sending(batch[0][0]):
            return
        for index, (pk, subscriber_id, email, attempts) in enumerate(batch):
            try:
                self.connect()
            except (OSError, smtplib.SMTPException) as error:
                self.outage(f"cannot reach the mail server: {describe(error)}")
                return
            try:
                mail.send(self.backend, subscriber_id, email)
            except smtplib.SMTPSenderRefused as error:
                # Our own From address is refused: nobody can be sent anything.
                self.outage(f"the mail server refuses our sender address: {describe(error)}")
                return
            except (OSError, smtplib.SMTPException) as error:
                code = smtp_code(error)
                if code is not None and 500 <= code < 600:
                    outcome = "failed"
                else:
                    outcome = "retry"
                    self.disconnect()  # a dropped or confused connection is opened afresh
                note = describe(error)
            else:
                outcome, note = "sent", ""
            next_pk = batch[index + 1][0] if index + 1 < len(batch) else None
            if not self.record(pk, subscriber_id, attempts, outcome, note, next_pk):
                return  # this run's claim was taken back: leave the rest to others

    def record(
        self,
        pk: int,
        subscriber_id: int,
        attempts: int,
        outcome: str,
        note: str,
        next_pk: int | None,
    ) -> bool:
        """Write one message's outcome and mark the next one as on the wire, in one commit."""
        now = self.now()
        done = Delivery.objects.filter(
            pk=pk, status__in=[Delivery.Status.SENDING, Delivery.Status.UNCERTAIN]
        )
        with transaction.atomic():
            if outcome == "sent":
                done.update(
                    status=Delivery.Status.SENT,
                    sent_at=now,
                    attempts=F("attempts") + 1,
                    claimed_by="",
                    last_error="",
                )
                self.report.sent += 1
            elif outcome == "failed" or attempts >= len(RETRY_DELAYS):
                done.update(
                    status=Delivery.Status.FAILED,
                    attempts=F("attempts") + 1,
                    claimed_by="",
                    last_error=note,
                )
                if outcome == "failed":
                    Subscriber.objects.filter(pk=subscriber_id).update(
                        status=Subscriber.Status.BOUNCED, bounced_at=now, bounce_reason=note
                    )
                self.report.failed += 1
            else:
                done.update(
                    status=Delivery.Status.QUEUED,
                    attempts=F("attempts") + 1,
                    next_attempt_at=now + RETRY_DELAYS[attempts],
                    claimed_by="",
                    claimed_at=None,
                    last_error=note,
                )
                self.report.retrying += 1
            self.heartbeat()
            return next_pk is None or self.mark_sending(next_pk)

    def outage(self, reason: str) -> None:
        logger.warning("Newsletter sending stopped: %s", reason)
        self.report.outage = reason
        self.release()
        self.disconnect()

    def connect(self) -> None:
        if self.backend is None:
            backend = self.connection_factory(fail_silently=False)
            backend.open()
            self.backend = backend

    def disconnect(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            # Closing a connection the server already dropped may complain; it is closed.
            with contextlib.suppress(OSError, smtplib.SMTPException):
                backend.close()

    def finish_if_done(self, issue: Issue) -> None:
        """An issue is sent once no delivery is waiting, held or on the wire."""
        open_states = [Delivery.Status.QUEUED, Delivery.Status.CLAIMED, Delivery.Status.SENDING]
        if issue.deliveries.filter(status__in=open_states).exists():
            return
        finished = Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, finished_at=self.now()
        )
        if finished:
            self.report.finished.append(str(issue))
