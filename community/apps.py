from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Neighbours as contributors: their submissions, and the events in them.

    It knows the stories (a confirmed submission becomes a draft story, an event belongs to
    a story); the articles app knows nothing of it.
    """

    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from articles.models import Article

        from .signals import story_saved

        # However an editor publishes a submitted story (here or in the story admin), the
        # submission follows and its sender hears about it.
        post_save.connect(story_saved, sender=Article, dispatch_uid="community-story-saved")
