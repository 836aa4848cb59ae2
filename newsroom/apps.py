from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        """Retire the cached pages that show what changed, and only those.

        The newsroom app wires this because it knows the stories, the comments and the
        events (``newsroom.retirement_signals`` has the receivers).
        """
        from taggit.models import Tag

        from articles.models import Article, Author, Byline, Correction, Page, Section, Source
        from comments.models import Comment
        from comments.signals import public_comments_changed
        from community.models import Event
        from network.models import Site, SiteHost

        from . import checks  # noqa: F401  (registers the deploy checks)
        from . import retirement_signals as receivers
        from . import scheduled_retirement as scheduled

        def connect(signal, receiver, sender, name: str) -> None:
            signal.connect(receiver, sender=sender, dispatch_uid=f"retire-{name}")

        connect(pre_save, receivers.story_before_save, Article, "story-pre")
        connect(post_save, receivers.story_saved, Article, "story")
        connect(pre_delete, receivers.story_deleted, Article, "story-delete")
        # The next story scheduled to go public, noted for the page cache.
        connect(post_save, scheduled.story_saved, Article, "story-scheduled")
        connect(post_delete, scheduled.story_saved, Article, "story-scheduled-delete")
        connect(m2m_changed, receivers.tags_changing, Article.tags.through, "story-tags")
        connect(post_save, receivers.byline_changed, Byline, "byline")
        connect(post_delete, receivers.byline_changed, Byline, "byline-delete")
        connect(post_save, receivers.correction_changed, Correction, "correction")
        connect(post_delete, receivers.correction_changed, Correction, "correction-delete")
        connect(pre_save, receivers.comment_before_save, Comment, "comment-pre")
        connect(post_save, receivers.comment_saved, Comment, "comment")
        connect(post_delete, receivers.comment_deleted, Comment, "comment-delete")
        public_comments_changed.connect(
            receivers.comments_changed_in_bulk, dispatch_uid="retire-comments-bulk"
        )
        for model, receiver in (
            (Author, receivers.author_changed),
            (Source, receivers.source_changed),
            (Section, receivers.section_changed),
            (Tag, receivers.tag_changed),
            (Event, receivers.event_changed),
        ):
            connect(post_save, receiver, model, f"{model.__name__}")
            # Before the delete: the stories it was on can still be found.
            connect(pre_delete, receiver, model, f"{model.__name__}-delete")
        connect(pre_save, receivers.section_before_save, Section, "section-pre")
        connect(pre_save, receivers.page_before_save, Page, "page-pre")
        connect(post_save, receivers.page_saved, Page, "page")
        connect(post_delete, receivers.page_deleted, Page, "page-delete")
        # A town's name, tagline or host names show on every page of that town.
        for model in (Site, SiteHost):
            connect(post_save, receivers.site_changed, model, f"{model.__name__}")
            connect(post_delete, receivers.site_changed, model, f"{model.__name__}-delete")
        # Sharing a story to another town changes that town's lists as publishing does.
        connect(m2m_changed, receivers.sharing_changed, Article.shared_to.through, "sharing")
