"""A commenter's data, on request: `export EMAIL` shows it, `erase EMAIL` forgets it."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments.privacy import commenter_erase, commenter_export


class Command(BaseCommand):
    help = "Export or erase everything stored about a commenter's email address."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)

        export = actions.add_parser("export", help="Print the stored data as JSON.")
        export.add_argument("email", help="The address, in any capitalisation.")
        export.add_argument("--output", help="Write the JSON to this file instead of stdout.")

        erase = actions.add_parser(
            "erase", help="Anonymise the comments (the default), or remove them with --remove."
        )
        erase.add_argument("email", help="The address, in any capitalisation.")
        erase.add_argument(
            "--remove",
            action="store_true",
            help="Delete the comments, and with them every reply to them, instead of "
            "anonymising them.",
        )
        erase.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, action: str, email: str, **options) -> None:
        data = commenter_export(email=email)
        if not data["comments"] and data["confirmation"] is None:
            raise CommandError(f"Nothing is stored about {email}: no comments use that address.")
        if action == "export":
            self.export(data, options.get("output"))
        else:
            self.erase(data, remove=options.get("remove", False), yes=options.get("yes", False))

    def export(self, data: dict, output: str | None) -> None:
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote {len(data['comments'])} comments to {output}.")
        else:
            self.stdout.write(text)

    def erase(self, data: dict, *, remove: bool, yes: bool) -> None:
        email, count = data["email"], len(data["comments"])
        plan = (
            f"remove {count} comments by {email} and every reply to them"
            if remove
            else f"anonymise {count} comments by {email}, keeping their text"
        )
        if not yes and not self.confirmed(f"This will {plan}. It cannot be undone. Type yes: "):
            raise CommandError("Nothing was changed.")
        try:
            affected = commenter_erase(email=email, remove=remove)
        except ValueError as error:
            raise CommandError(str(error)) from error
        done = (
            f"Removed {affected} comments: {count} by {email}, {affected - count} replies to them"
            if remove
            else f"Anonymised {affected} comments by {email}"
        )
        if data["confirmation"]:
            done += "; the address's confirmation record is deleted"
        self.stdout.write(self.style.SUCCESS(f"{done}."))

    @staticmethod
    def confirmed(question: str) -> bool:
        """Whether the person at the keyboard typed yes; with nobody there (cron), it is no."""
        try:
            return input(question).strip().lower() == "yes"
        except EOFError:
            return False
