"""Merging tags: every story that carries one of them carries the one kept instead.

taggit's admin action merges its generic tagged items only, and stories' tags are
``TaggedStory`` rows, so the desk's "Merge selected tags" calls this instead.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import m2m_changed
from taggit.models import Tag

from .models import Article, TaggedStory


@transaction.atomic
def tags_merge(*, tags: Iterable[Tag], into: Tag) -> set[int]:
    """Move each tag's stories to ``into`` (a story with both keeps one tagging); returns
    the ids of the stories moved. The merged tags stay, on no story.

    One UPDATE per tag rather than a save per story; the pages that listed the stories
    under either tag are retired as when a tag's stories change (``m2m_changed``)."""
    moved: set[int] = set()
    for tag in tags:
        if tag.pk == into.pk:
            continue
        taggings = TaggedStory.objects.filter(tag=tag)
        stories = set(taggings.values_list("content_object_id", flat=True))
        if not stories:
            continue
        has_both = TaggedStory.objects.filter(tag=into).values("content_object")
        taggings.filter(content_object__in=has_both).delete()
        taggings.update(tag=into)
        moved |= stories
        changed(tag, "post_remove", stories)
    if moved:
        changed(into, "post_add", moved)
    return moved


def changed(tag: Tag, action: str, story_ids: set[int]) -> None:
    m2m_changed.send(
        sender=TaggedStory,
        instance=tag,
        action=action,
        reverse=True,
        model=Article,
        pk_set=story_ids,
        using=TaggedStory.objects.db,
    )
