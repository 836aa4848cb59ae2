from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the demo newsroom: each installed app's demo content (sections, bylines, "
        "stories, comments …). Safe to run again: only what is missing is created."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        # Each app that has demo content says so in its own demo.py, with a load() that
        # returns what it created; apps load in INSTALLED_APPS order, so comments find
        # their stories. This command needs to know none of them.
        created: dict[str, int] = {}
        for app in apps.get_app_configs():
            if find_spec(f"{app.name}.demo") is not None:
                created.update(import_module(f"{app.name}.demo").load())
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Created: {summary}."))
