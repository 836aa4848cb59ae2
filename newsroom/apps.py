from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        """Retire cached pages whenever something readers see changes.

        The newsroom app wires this because it knows both the stories and the comments.
        """
        from articles.models import Article, Author, Byline, Correction, Section, Source
        from comments.models import Comment
        from comments.signals import public_comments_changed

        from .page_cache import bump_site_version

        for model in (Article, Author, Byline, Correction, Section, Source):
            post_save.connect(bump_site_version, sender=model, dispatch_uid=f"pages-{model}")
            post_delete.connect(bump_site_version, sender=model, dispatch_uid=f"pages-d-{model}")
        m2m_changed.connect(
            bump_site_version, sender=Article.tags.through, dispatch_uid="pages-tags"
        )
        post_save.connect(comment_saved, sender=Comment, dispatch_uid="pages-comment")
        post_delete.connect(bump_site_version, sender=Comment, dispatch_uid="pages-comment-d")
        public_comments_changed.connect(bump_site_version, dispatch_uid="pages-comments-bulk")


def comment_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    """A held comment changes no public page; approving, hiding or editing one does."""
    from .page_cache import bump_site_version

    if created and instance.status != "approved":
        return
    bump_site_version()
