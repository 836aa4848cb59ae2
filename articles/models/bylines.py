"""A story's bylines: which staff bylines it is written under, in order."""

from django.db import models

from .people import Author


class Byline(models.Model):
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"
