"""Signal receivers that retire the pages a saved or deleted object shows on.

Each receiver reads what was stored before the save (``pre_save``) and what is saved,
asks ``retirement_rules`` which keys that retires, and hands them to ``retire``. Raw saves
(loading fixtures) retire nothing.
"""

from django.utils import timezone

from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    Page,
    Section,
    Source,
    TaggedStory,
)
from articles.page_keys import EVENTS, key, town_keys
from articles.templatetags.sidebar import community_stories, recent_stories
from articles.trending import trending_articles
from comments.models import Comment
from community.models import Event
from network.routing import all_sites

from . import retirement_rules as rules
from .retirement import retire

STORY_FIELDS = (
    "status",
    "published_at",
    "headline",
    "dek",
    "lead_image",
    "lead_image_alt",
    "slug",
    "section_id",
    "source_id",
    "modified_at",
    "contributor_name",
    "site_id",
)


def story_state(pk: int, values) -> rules.StoryState:
    """``values`` gives a field's value by name: a stored row's dict, or the instance."""
    published_at = values("published_at")
    lead_image = values("lead_image")
    return rules.StoryState(
        pk=pk,
        public=values("status") == Article.Status.PUBLISHED
        and published_at is not None
        and published_at <= timezone.now(),
        published_at=published_at,
        section_id=values("section_id"),
        source_id=values("source_id"),
        teaser=(
            values("headline"),
            values("dek"),
            str(getattr(lead_image, "name", lead_image) or ""),
            values("lead_image_alt"),
            published_at,
            values("modified_at"),
            values("slug"),
            values("section_id"),
            values("contributor_name"),
        ),
        site_id=values("site_id"),
    )


def stored_story(pk: int | None) -> rules.StoryState | None:
    row = Article.objects.filter(pk=pk).values(*STORY_FIELDS).first() if pk else None
    return story_state(pk, row.get) if row else None


def story_tag_ids(pk: int) -> list[int]:
    return list(TaggedStory.objects.filter(content_object=pk).values_list("tag_id", flat=True))


def is_public_story(pk: int) -> bool:
    return Article.objects.published().filter(pk=pk).exists()


def every_town() -> list[int]:
    """Every town's id, from the cached host map (no query): for what every town shows
    (an author's page, the sections in the navigation, the footer's pages)."""
    return [site.pk for site in all_sites()]


def shared_site_ids(pk: int) -> set[int]:
    return set(
        Article.shared_to.through.objects.filter(article_id=pk).values_list("site_id", flat=True)
    )


def story_towns(pk: int) -> set[int]:
    """The towns that show a story: its home site and the towns it is shared to."""
    home = Article.objects.filter(pk=pk).values_list("site_id", flat=True).first()
    return shared_site_ids(pk) | ({home} if home is not None else set())


def sidebar_towns(pk: int) -> set[int]:
    """The towns whose sidebar lists this story now, of its home town and the towns it
    is shared to (the lists' own queries, run on a save)."""
    story = Article.objects.filter(pk=pk).select_related("site").first()
    if story is None:
        return set()
    towns = set()
    for town in [story.site, *story.shared_to.all()]:
        listed = [
            *recent_stories(town),
            *community_stories(town),
            *trending_articles(site=town),
        ]
        if any(listed_story.pk == pk for listed_story in listed):
            towns.add(town.pk)
    return towns


def story_before_save(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    instance._shown_before = None if raw or instance._state.adding else stored_story(instance.pk)


def story_saved(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = None if created else getattr(instance, "_shown_before", None)
    after = story_state(instance.pk, lambda name: getattr(instance, name))
    retire_story(before, after)


def story_deleted(sender, instance: Article, **kwargs) -> None:
    # Before the delete, while its tags and bylines can still be read.
    before = story_state(instance.pk, lambda name: getattr(instance, name))
    retire_story(before, None)


def retire_story(before: rules.StoryState | None, after: rules.StoryState | None) -> None:
    if not ((before and before.public) or (after and after.public)):
        return
    pk = (after or before).pk
    shared = shared_site_ids(pk)
    tag_ids = story_tag_ids(pk)
    author_ids = Byline.objects.filter(article_id=pk).values_list("author_id", flat=True)
    teaser_changed = before is not None and after is not None and before.teaser != after.teaser
    retired = rules.story_changed(
        before,
        after,
        shared_site_ids=shared,
        tag_ids=tag_ids,
        author_ids=author_ids,
        sidebar_site_ids=sidebar_towns(pk) if teaser_changed else (),
    )
    if key("teaser", pk) in retired and Event.objects.filter(article_id=pk).exists():
        towns = {state.site_id for state in (before, after) if state is not None} | shared
        retired |= town_keys([EVENTS], towns)
    retire(retired)


def byline_changed(sender, instance: Byline, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    public = is_public_story(instance.article_id)
    retire(
        rules.story_relation_changed(
            public=public,
            story_id=instance.article_id,
            kind="author",
            related_ids=[instance.author_id],
            site_ids=story_towns(instance.article_id) if public else (),
        )
    )


def tags_changing(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A story's tags added, removed or cleared (``reverse``: a tag's stories)."""
    if action == "pre_clear":
        # Cleared tags are named only before they go.
        if reverse:
            instance._cleared = set(
                Article.objects.filter(tags=instance).values_list("pk", flat=True)
            )
        else:
            instance._cleared = set(story_tag_ids(instance.pk))
        return
    if not action.startswith("post_"):
        return
    changed = set(pk_set or ()) | getattr(instance, "_cleared", set())
    if reverse:  # a tag, and the stories it was added to or taken from
        for story_id in changed:
            public = is_public_story(story_id)
            retire(
                rules.story_relation_changed(
                    public=public,
                    story_id=story_id,
                    kind="tag",
                    related_ids=[instance.pk],
                    site_ids=story_towns(story_id) if public else (),
                )
            )
        return
    public = is_public_story(instance.pk)
    retire(
        rules.story_relation_changed(
            public=public,
            story_id=instance.pk,
            kind="tag",
            related_ids=changed,
            site_ids=story_towns(instance.pk) if public else (),
        )
    )


def correction_changed(sender, instance: Correction, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    public = is_public_story(instance.article_id)
    retire(
        rules.correction_changed(
            public=public,
            story_id=instance.article_id,
            site_ids=story_towns(instance.article_id) if public else (),
        )
    )


def comment_before_save(sender, instance: Comment, raw: bool = False, **kwargs) -> None:
    stored = None
    if not raw and not instance._state.adding:
        stored = Comment.objects.filter(pk=instance.pk).values("status", "article_id").first()
    instance._stored_before = stored


def comment_saved(sender, instance: Comment, created: bool, raw: bool = False, **kwargs) -> None:
    """A held comment changes no public page; approving, hiding or editing one does."""
    if raw:
        return
    stored = None if created else getattr(instance, "_stored_before", None)
    approved = Comment.Status.APPROVED
    retire(
        rules.comment_changed(
            story_ids={instance.article_id, *([stored["article_id"]] if stored else [])},
            was_public=bool(stored) and stored["status"] == approved,
            is_public=instance.status == approved,
        )
    )


def comment_deleted(sender, instance: Comment, **kwargs) -> None:
    retire(
        rules.comment_changed(
            story_ids=[instance.article_id],
            was_public=instance.status == Comment.Status.APPROVED,
            is_public=False,
        )
    )


def comments_changed_in_bulk(sender, article_ids=None, **kwargs) -> None:
    """Comments changed without their save (an import, an erasure): the stories named,
    or every story with comments when the sender could not say which."""
    if article_ids is None:
        article_ids = Comment.objects.values_list("article_id", flat=True).distinct()
    retire(rules.comment_changed(story_ids=article_ids, was_public=True, is_public=True))


def public_stories(**lookup) -> list[int]:
    return list(Article.objects.published().filter(**lookup).values_list("pk", flat=True))


def author_changed(sender, instance: Author, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    retire(
        rules.profile_changed(
            kind="author",
            pk=instance.pk,
            site_ids=every_town(),
            public_story_ids=public_stories(bylines__author=instance),
        )
    )


def source_changed(sender, instance: Source, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    retire(
        rules.profile_changed(
            kind="source",
            pk=instance.pk,
            site_ids=every_town(),
            public_story_ids=public_stories(source=instance),
            printed_in_teasers=False,
        )
    )


def tag_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    retire(
        rules.profile_changed(
            kind="tag",
            pk=instance.pk,
            site_ids=every_town(),
            public_story_ids=public_stories(tags=instance),
        )
    )


def section_before_save(sender, instance: Section, raw: bool = False, **kwargs) -> None:
    instance._site_before = None
    if not raw and not instance._state.adding:
        instance._site_before = (
            Section.objects.filter(pk=instance.pk).values_list("site_id", flat=True).first()
        )


def section_changed(sender, instance: Section, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    # A section is its town's: that town's navigation prints it (and the town it left,
    # if it moved; one with stories cannot).
    towns = {instance.site_id, getattr(instance, "_site_before", None)} - {None}
    retire(rules.section_changed(pk=instance.pk, site_ids=sorted(towns)))


def page_state(pk: int, values) -> rules.PageState:
    return rules.PageState(
        pk=pk,
        public=values("status") == Page.Status.PUBLISHED,
        in_footer=values("show_in_footer"),
        parent_id=values("parent_id"),
        shown=(values("title"), values("path"), values("body"), values("menu_order")),
    )


PAGE_FIELDS = (
    "status",
    "show_in_footer",
    "parent_id",
    "title",
    "path",
    "body",
    "menu_order",
    "site_id",
)


def page_before_save(sender, instance: Page, raw: bool = False, **kwargs) -> None:
    row = None
    if not raw and not instance._state.adding:
        row = Page.objects.filter(pk=instance.pk).values(*PAGE_FIELDS).first()
    instance._shown_before = page_state(instance.pk, row.get) if row else None
    instance._site_before = row["site_id"] if row else None


def page_towns(instance: Page) -> list[int]:
    """A page is its town's: its footer and sitemap (and the town it left, if it moved)."""
    return sorted({instance.site_id, getattr(instance, "_site_before", None)} - {None})


def page_saved(sender, instance: Page, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = None if created else getattr(instance, "_shown_before", None)
    after = page_state(instance.pk, lambda n: getattr(instance, n))
    retire(rules.page_changed(before, after, site_ids=page_towns(instance)))


def page_deleted(sender, instance: Page, **kwargs) -> None:
    before = page_state(instance.pk, lambda n: getattr(instance, n))
    retire(rules.page_changed(before, None, site_ids=page_towns(instance)))


def event_changed(sender, instance: Event, raw: bool = False, **kwargs) -> None:
    if not raw:
        retire(rules.event_changed(site_ids=story_towns(instance.article_id)))


def sharing_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A story shared to towns or taken back from them (``reverse``: a town, and the
    stories shared to it or taken back).

    Those towns' lists change as when the story is published or unpublished there; the
    story's home town and the other towns it is shared to are left alone.
    """
    if action == "pre_clear":
        # Cleared towns (or stories) are named only before they go.
        through = Article.shared_to.through.objects
        instance._unshared = set(
            through.filter(site=instance).values_list("article_id", flat=True)
            if reverse
            else through.filter(article=instance).values_list("site_id", flat=True)
        )
        return
    if not action.startswith("post_"):
        return
    changed = set(pk_set or ()) | getattr(instance, "_unshared", set())
    instance._unshared = set()
    towns_by_story = (
        {story_id: {instance.pk} for story_id in changed} if reverse else {instance.pk: changed}
    )
    for story_id, towns in towns_by_story.items():
        story = stored_story(story_id)
        if story is None or not story.public:
            continue  # a draft shared or taken back shows nowhere yet
        authors = Byline.objects.filter(article_id=story_id).values_list("author_id", flat=True)
        retire(
            rules.story_shared(
                story, site_ids=towns, tag_ids=story_tag_ids(story_id), author_ids=authors
            )
        )


def site_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """A town's name, tagline or host names (see ``retirement_rules.town_changed``)."""
    if raw:
        return
    retire(rules.town_changed(site_ids=every_town()))
