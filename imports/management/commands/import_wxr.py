"""Import a WordPress export (Tools › Export › All content in WordPress)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.wordpress import ExportBrokenOff, ImportSummary, NotAnExport, import_export
from network.models import Site
from network.routing import site_named


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0 to 1.2): posts with their bylines, sections, "
        "tags, featured images and comments, pages, and redirects from the old addresses. "
        "Private and password-protected posts come in as drafts. Safe to run again: what "
        "is already here is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The .xml file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of the old site's wp-content/uploads folder; featured images are "
            "taken from it. Without it, stories are imported without images.",
        )
        parser.add_argument(
            "--site",
            metavar="SLUG",
            help="The town whose stories the posts become (Network › Sites). Default: the "
            "default site.",
        )

    def handle(
        self,
        *args,
        file: Path,
        media_dir: Path | None,
        site: str | None,
        verbosity: int,
        **options,
    ):
        try:
            town = site_named(site) if site else None
        except Site.DoesNotExist as error:
            raise CommandError(f"--site {site}: {error}") from None
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        try:
            summary = import_export(
                file,
                media_dir=media_dir,
                warn=lambda message: self.stderr.write(self.style.WARNING(message)),
                progress=self._progress if verbosity > 0 else None,
                site=town,
            )
        except NotAnExport as error:
            raise CommandError(
                f"{file} is not a WordPress export (WXR) file: {error} Nothing was imported."
            ) from None
        except ExportBrokenOff as error:
            self._summary(file, error.summary, verbosity)
            raise CommandError(
                f"{file} is not a complete WordPress export (WXR) file: {error}. The posts "
                "before that point were imported and stay; run the command again on a "
                "complete export to bring in the rest."
            ) from None
        self._summary(file, summary, verbosity)
        if failed := summary.posts_failed + summary.pages_failed:
            raise CommandError(
                f"{failed} post(s) or page(s) could not be imported (see above); the others were."
            )

    def _progress(self, summary: ImportSummary) -> None:
        self.stdout.write(f"Imported {summary.posts_done} of {summary.posts_total} posts…")

    def _summary(self, file: Path, summary: ImportSummary, verbosity: int) -> None:
        if verbosity == 0:
            return

        def listed(counts) -> str:
            return ", ".join(f"{n} {what}" for what, n in sorted(counts.items()))

        skipped, pages_skipped = listed(summary.posts_skipped), listed(summary.pages_skipped)
        lines = [
            f"Imported {file.name} (WXR {summary.version}):",
            f"  posts: {summary.posts_created} created, {summary.posts_unchanged} unchanged, "
            f"{sum(summary.posts_skipped.values())} skipped"
            + (f" ({skipped})" if skipped else "")
            + f", {summary.posts_failed} failed",
            f"  pages: {summary.pages_created} created, {summary.pages_unchanged} unchanged, "
            f"{sum(summary.pages_skipped.values())} skipped"
            + (f" ({pages_skipped})" if pages_skipped else "")
            + f", {summary.pages_failed} failed"
            + (f", {summary.pages_moved} at a new address" if summary.pages_moved else ""),
        ]
        if summary.held_back:
            lines.append(f"  kept from the public, as drafts: {listed(summary.held_back)}")
        if summary.posts_undated:
            lines.append(
                f"  dated from the export: {summary.posts_undated} published post(s) had no date"
            )
        lines += [
            f"  other items skipped: {listed(summary.items_skipped) or 'none'}",
            f"  comments: {summary.comments_created} created, "
            f"{summary.comments_unchanged} unchanged, "
            f"{summary.comments_skipped} pingbacks/trackbacks/notes skipped, "
            f"{summary.comments_failed} failed"
            + (
                f", {summary.comments_on_pages} on pages left out"
                if summary.comments_on_pages
                else ""
            ),
            f"  sections: {summary.sections_created} created; authors: "
            f"{summary.authors_created} created; tags: {summary.tags_created} created",
            f"  images: {summary.images_attached} attached "
            f"({summary.images_without_alt} without alt text, marked decorative), "
            f"{summary.images_missing} not found, {summary.images_refused} refused",
            f"  redirects: {summary.redirects_created} old addresses created",
        ]
        self.stdout.write("\n".join(lines))
