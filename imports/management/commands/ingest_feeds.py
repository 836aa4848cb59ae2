from django.core.management.base import BaseCommand, CommandError

from articles.models import Source
from imports.partner_feeds import DEFAULT_TIMEOUT, ingest_all
from network.models import Site
from network.routing import site_named


class Command(BaseCommand):
    help = (
        "Read the partners' RSS and Atom feeds and file each new item as a draft story under "
        "its Source, for an editor to rewrite and publish. Safe to run from cron at any "
        "interval: an item is never brought in twice. Exits 0 while at least one feed was "
        "read; 1 when every feed failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--source",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Read only this source's feed (repeat for several). Default: every feed.",
        )
        parser.add_argument(
            "--site",
            metavar="SLUG",
            help="The town whose drafts the new items become (Network › Sites). Default: "
            "the default site.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=f"Seconds to wait for each feed (default {DEFAULT_TIMEOUT}).",
        )

    def handle(
        self, *args, slugs: list[str] | None, timeout: float, site: str | None, **options
    ) -> None:
        if timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds.")
        try:
            town = site_named(site) if site else None
        except Site.DoesNotExist as error:
            raise CommandError(f"--site {site}: {error}") from None
        sources = Source.objects.exclude(feed_url="").select_related("section")
        if slugs:
            sources = sources.filter(slug__in=slugs)
            self.check_named(slugs, {source.slug for source in sources})
        sources = list(sources)
        if not sources:
            self.stdout.write("No source has a feed URL; nothing to read.")
            return

        results = ingest_all(sources, timeout=timeout, site=town)
        for result in results:
            line = result.summary()
            if result.error:
                line = self.style.ERROR(line)
            elif result.new:
                line = self.style.SUCCESS(line)
            self.stdout.write(line)
            for item in result.failed:
                self.stdout.write(f"  skipped {item.label}: {item.reason}")
            if options["verbosity"] > 1:
                for article in result.new:
                    self.stdout.write(f"  new: {article.headline}")

        new = sum(len(result.new) for result in results)
        failed = sum(1 for result in results if result.error)
        feeds = f"{len(results)} feed{'s' if len(results) != 1 else ''}"
        self.stdout.write(
            f"{new} new draft{'s' if new != 1 else ''} from {feeds}"
            + (f"; {failed} could not be read." if failed else ".")
        )
        if failed == len(results):
            raise CommandError("No feed could be read.")

    def check_named(self, slugs: list[str], found: set[str]) -> None:
        missing = [slug for slug in slugs if slug not in found]
        if not missing:
            return
        without_feed = set(
            Source.objects.filter(slug__in=missing, feed_url="").values_list("slug", flat=True)
        )
        problems = [
            f"{slug} has no feed URL" if slug in without_feed else f"no source is called {slug}"
            for slug in missing
        ]
        raise CommandError("; ".join(problems) + ".")
