"""`personal_data export EMAIL` / `personal_data erase EMAIL`: a person's data, site-wide.

Comments, community submissions and newsletter subscriptions alike (see
``newsroom.personal_data``); `commenter_data` still covers comments alone.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsroom.personal_data import personal_data_erase, personal_data_export


class Command(BaseCommand):
    help = (
        "Export or erase everything stored under an email address: comments, community "
        "submissions and newsletter subscriptions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Print the stored data as JSON.")
        export.add_argument("email", help="The address, in any capitalisation.")
        export.add_argument("--output", help="Write the JSON to this file instead of stdout.")
        erase = actions.add_parser(
            "erase",
            help="Anonymise comments and submissions (the default, or remove them with "
            "--remove) and delete the newsletter subscription.",
        )
        erase.add_argument("email", help="The address, in any capitalisation.")
        erase.add_argument(
            "--remove",
            action="store_true",
            help="Delete comments (with every reply to them) and submissions (with the "
            "stories made from them) instead of anonymising them.",
        )
        erase.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, action: str, email: str, **options) -> None:
        data = personal_data_export(email=email)
        held = [label for label in data if label != "email"]
        if not held:
            raise CommandError(f"Nothing is stored about {email}.")
        if action == "export":
            text = json.dumps(data, indent=2, ensure_ascii=False)
            if options.get("output"):
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
                self.stderr.write(f"Wrote the data of {email} ({', '.join(held)}).")
            else:
                self.stdout.write(text)
            return
        remove = options.get("remove", False)
        plan = "remove" if remove else "anonymise or delete"
        question = f"This will {plan} what {', '.join(held)} hold about {email}. Type yes: "
        if not options.get("yes") and not self.confirmed(question):
            raise CommandError("Nothing was changed.")
        try:
            done = personal_data_erase(email=email, remove=remove)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{email}: " + "; ".join(done) + "."))

    @staticmethod
    def confirmed(question: str) -> bool:
        try:
            return input(question).strip().lower() == "yes"
        except EOFError:
            return False
