"""A story's tags: taggit's tagged item with a real foreign key to the story.

taggit's own ``TaggedItem`` names its object by content type and an integer ``object_id``,
which PostgreSQL compares to the story's bigint id through a cast that no index serves: a
tag page read the tag's tagged items in every town of the network to keep the town's. Here
the story is a foreign key of the story's own type, and (tag, story) is an index.
"""

from django.db import models
from taggit.models import Tag, TaggedItemBase


class TaggedStory(TaggedItemBase):
    """One tag on one story."""

    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # The unique (tag, story) index below leads with the tag: an index of its own would
    # only be written, never chosen.
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_stories", db_index=False
    )

    class Meta:
        verbose_name = "tagged story"
        verbose_name_plural = "tagged stories"
        constraints = [
            # Also the tag page's index: a tag's stories, read without the table.
            models.UniqueConstraint(fields=["tag", "content_object"], name="one_tagging_per_story")
        ]

    def __str__(self) -> str:
        return f"{self.content_object_id} tagged {self.tag_id}"
