"""Reads counted by the story page's beacon, in hourly rows per town (see
``articles.trending``)."""

from django.db import models

from network.models import Site
from network.routing import default_site_id

from .stories import Article


class ReadCountQuerySet(models.QuerySet):
    def totals_by_site(self, article_id: int) -> list[tuple[str, int]]:
        """A story's reads on each town that read it, most first, with the town's name:
        what editors see on the story's form. One query."""
        return list(
            self.filter(article_id=article_id)
            .order_by()
            .values("site")
            .annotate(reads=models.Sum("count"))
            .order_by("-reads", "site__name")
            .values_list("site__name", "reads")
        )


class ReadCount(models.Model):
    """How many times a story was read on one town's site in one hour, as counted by the
    page's beacon. A shared story has rows on each town it is read on; its total reads
    are the sum over them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="read_counts")
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="+",
        default=default_site_id,
        help_text="The town whose page the reads were made on.",
    )
    hour = models.DateTimeField(help_text="The start of the hour, in UTC.")
    count = models.PositiveIntegerField(default=0)

    objects = ReadCountQuerySet.as_manager()

    class Meta:
        ordering = ["-hour"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "site", "hour"], name="one_read_count_per_site_and_hour"
            ),
        ]
        indexes = [models.Index(fields=["hour", "article"])]

    def __str__(self) -> str:
        return f"{self.article_id} on {self.site_id} @ {self.hour:%Y-%m-%d %H:00}: {self.count}"


class TrendingStory(models.Model):
    """A story's place in one town's Trending: its decayed score over the window, from
    that town's reads, as of one hour.

    Written whenever reads reach the database (and on the first request of each hour),
    so that pages read the ranking from a few rows instead of adding up every story's
    hourly reads while a reader waits (see ``articles.trending``).
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="trending")
    score = models.FloatField(help_text="Reads over the window, each hour weighted by decay.")
    hour = models.DateTimeField(help_text="The hour the score was worked out for, in UTC.")

    class Meta:
        ordering = ["site", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["site", "article"], name="one_place_per_site"),
        ]
        indexes = [models.Index(fields=["site", "-score"], name="trending_by_site_and_score")]
        verbose_name_plural = "trending stories"

    def __str__(self) -> str:
        return f"{self.article_id} on {self.site_id} @ {self.hour:%Y-%m-%d %H:00}: {self.score:.1f}"
