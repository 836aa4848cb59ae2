"""`manage.py send_newsletter`: from cron every minute; it sends only what is due."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsletter.sending import BATCH_SIZE, Sender


class Command(BaseCommand):
    help = (
        "Send what is due: today's digest once NEWSLETTER_SEND_AT has passed, queued "
        "breaking-news alerts, and retries. Safe to run every minute, and from several "
        "machines: every recipient's state is kept in the database, nobody is sent an issue "
        "twice, and a run that stops is taken over by a later one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=50,
            help="Stop taking new batches after this long (default 50, so runs from a "
            "once-a-minute cron do not pile up; 0: until everything due is sent).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Deliveries taken at a time (default {BATCH_SIZE}).",
        )

    def handle(self, *args, max_seconds: float, batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = Sender(batch_size=batch_size, max_seconds=max_seconds).run()
        for name in report.started:
            self.stdout.write(f"Started: {name}.")
        counts = [
            (report.sent, "sent"),
            (report.retrying, "to retry later"),
            (report.failed, "failed"),
            (report.skipped, "skipped (unsubscribed)"),
            (report.requeued, "taken back from a stopped run"),
            (report.uncertain, "uncertain (a stopped run was sending them; not resent)"),
        ]
        said = ", ".join(f"{n:,} {label}" for n, label in counts if n)
        if said:
            self.stdout.write(said[0].upper() + said[1:] + ".")
        for name in report.finished:
            self.stdout.write(self.style.SUCCESS(f"Finished: {name}."))
        if report.outage:
            # Cron mails the newsroom; the next run carries on where this one stopped.
            raise CommandError(f"Stopped: {report.outage}. The next run carries on.")
