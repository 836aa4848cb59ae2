"""What the community app does when stories change elsewhere (connected in apps.py)."""

from articles.models import Article


def story_saved(sender, instance: Article, **kwargs) -> None:
    """A submitted story published from anywhere marks its submission and emails its
    sender; for other stories this is one UPDATE that matches nothing."""
    if instance.status == Article.Status.PUBLISHED:
        from .services import submission_mark_published

        submission_mark_published(article=instance)
