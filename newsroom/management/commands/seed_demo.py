from django.core.management.base import BaseCommand

from articles.demo import load_demo_stories
from comments.demo import load_demo_comments


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, bylines, stories, comments). Safe to run again."

    def handle(self, *args, **options) -> None:
        created = load_demo_stories()
        created["comments"] = load_demo_comments()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready. Created: {summary}."))
