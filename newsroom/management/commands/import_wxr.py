"""Import a WordPress export (Tools › Export › All content in WordPress)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.wordpress import ExportBrokenOff, ImportSummary, NotAnExport, import_export


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1 or 1.2): authors, categories, tags, posts with "
        "their featured images and comments, and redirects from the old addresses. Safe to "
        "run again: what is already here is left as it is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The .xml file WordPress exported.")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of the old site's wp-content/uploads folder; featured images are "
            "taken from it. Without it, stories are imported without images.",
        )

    def handle(self, *args, file: Path, media_dir: Path | None, verbosity: int, **options):
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
        if summary.posts_failed:
            raise CommandError(
                f"{summary.posts_failed} post(s) could not be imported (see above); "
                "the others were."
            )

    def _progress(self, summary: ImportSummary) -> None:
        self.stdout.write(f"Imported {summary.posts_done} of {summary.posts_total} posts…")

    def _summary(self, file: Path, summary: ImportSummary, verbosity: int) -> None:
        if verbosity == 0:
            return
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(summary.posts_skipped.items()))
        others = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.items_skipped.items()))
        lines = [
            f"Imported {file.name} (WXR {summary.version}):",
            f"  posts: {summary.posts_created} created, {summary.posts_unchanged} unchanged, "
            f"{sum(summary.posts_skipped.values())} skipped"
            + (f" ({skipped})" if skipped else "")
            + f", {summary.posts_failed} failed",
            f"  other items skipped: {others or 'none'}",
            f"  comments: {summary.comments_created} created, "
            f"{summary.comments_unchanged} unchanged, "
            f"{summary.comments_skipped} pingbacks/trackbacks skipped, "
            f"{summary.comments_failed} failed",
            f"  sections: {summary.sections_created} created; authors: "
            f"{summary.authors_created} created; tags: {summary.tags_created} created",
            f"  images: {summary.images_attached} attached "
            f"({summary.images_without_alt} without alt text, marked decorative), "
            f"{summary.images_missing} not found, {summary.images_refused} refused",
            f"  redirects: {summary.redirects_created} old addresses created",
        ]
        self.stdout.write("\n".join(lines))
