"""Corrections and updates: dated notes at the end of a published story."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .stories import Article


class Correction(models.Model):
    """A dated note at the end of a published story: what was wrong, or what is new."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="Plain text, e.g. “An earlier version misspelled …”.")
    created_at = models.DateTimeField("date", default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.created_at:%b %d, %Y}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # A correction is a change in substance: the story's "Updated" time moves with it.
        Article.objects.filter(pk=self.article_id).filter(
            Q(modified_at__isnull=True) | Q(modified_at__lt=self.created_at)
        ).update(modified_at=self.created_at)
