"""Old addresses of stories: each answers 301 to where its story is now."""

from typing import TYPE_CHECKING

from django.db import models

from network.models import Site

if TYPE_CHECKING:
    from .stories import Article


class ArticleRedirectQuerySet(models.QuerySet):
    def story_moved_from(self, path: str, site: Site | None = None) -> "Article | None":
        """The published story that used to live at this address, if any (and if that
        site shows it)."""
        from .stories import Article  # stories.py imports this module for Article.save()

        public = Article.objects.published()
        if site is not None:
            public = public.on_site(site)
        moved = self.filter(old_path=path, article__in=public).select_related("article").first()
        return moved.article if moved else None


class ArticleRedirect(models.Model):
    """An address a published story used to have; it answers 301 to where the story is now."""

    old_path = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.article_id}"
