from django.core.management.base import BaseCommand

from articles.trending import flush_reads


class Command(BaseCommand):
    help = (
        "Write the reads buffered in the cache into the hourly counts. Safe to run from cron "
        "at any interval; the site also does it by itself once a minute while reads arrive."
    )

    def handle(self, *args, **options) -> None:
        written = flush_reads()
        self.stdout.write(f"Wrote {written} buffered reads to the database.")
