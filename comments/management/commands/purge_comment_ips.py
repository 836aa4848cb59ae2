"""Blank the IP address and browser of old comments. Safe to run from cron: it is idempotent."""

from django.core.management.base import BaseCommand

from comments.privacy import ip_retention_days, purge_old_ip_addresses


class Command(BaseCommand):
    help = (
        "Erase the IP address and browser stored with comments older than "
        "COMMENTS_IP_RETENTION_DAYS. Run it daily; a second run changes nothing."
    )

    def handle(self, *args, **options) -> None:
        changed = purge_old_ip_addresses()
        self.stdout.write(
            f"Erased IP addresses and browsers from {changed} comments "
            f"older than {ip_retention_days()} days."
        )
