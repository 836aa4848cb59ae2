"""Which page keys a change retires: plain functions of what was and what is.

Each takes the state before and after a change (``None`` for "did not exist") and answers
the keys of the pages that printed the old state or must print the new one, and no others
(the vocabulary is in ``articles.page_keys``). A change to anything readers cannot see
(a draft, a held comment) retires nothing.

The names of lists and page parts (home, feeds, sitemaps, search, events, sidebar, nav,
footer) are per town: a story's change retires them on the towns that show it (its home
site and the towns it is shared to), before or after the change, and on no other.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from articles.page_keys import (
    EVENTS,
    FEEDS,
    FOOTER,
    HOME,
    NAMES,
    NAV,
    SEARCH,
    SIDEBAR,
    SITEMAPS,
    key,
    keys,
    town_keys,
)

# What a town lists changes when a story comes onto or leaves its lists.
LISTS = (HOME, FEEDS, SIDEBAR, SEARCH)


@dataclass(frozen=True)
class StoryState:
    """What of a story the public pages print, as far as retiring them goes."""

    pk: int
    public: bool
    published_at: datetime | None
    section_id: int | None
    source_id: int | None
    # Everything a list prints of the story: headline, summary, image, dates, address,
    # section, credit. The body and the rest only show on the story's own page.
    teaser: tuple
    # Its home site: with the towns it is shared to, the towns that list it.
    site_id: int | None = None


def towns_of(state: StoryState, shared_site_ids: Iterable[int]) -> set[int]:
    """The towns whose lists show a public story: its home site and those shared to."""
    towns = set(shared_site_ids)
    if state.site_id is not None:
        towns.add(state.site_id)
    return towns


def listed_under(
    states: list[StoryState], *, tag_ids: Iterable[int], author_ids: Iterable[int]
) -> set[str]:
    """The pages that list a story under its section, source, tags and authors."""
    return (
        keys("section", (state.section_id for state in states))
        | keys("source", (state.source_id for state in states))
        | keys("tag", tag_ids)
        | keys("author", author_ids)
    )


def story_changed(
    before: StoryState | None,
    after: StoryState | None,
    *,
    shared_site_ids: Iterable[int] = (),
    tag_ids: Iterable[int] = (),
    author_ids: Iterable[int] = (),
    sidebar_site_ids: Iterable[int] = (),
) -> set[str]:
    """A story saved, published, unpublished, moved to another home site or deleted.

    ``shared_site_ids``: the towns it is shared to (a save leaves them as they were);
    ``sidebar_site_ids``: the towns whose sidebar lists it now.

    Publishing (or unpublishing, or moving its date, which reorders every list) retires the
    story, its lists (section, tags, authors, source) and, on each town that shows it, the
    home page, feeds, sitemaps, search and the sidebar. Moving it to another home site
    does the same on the town it left and the town it joined. Any other change to a public
    story retires its own page and its towns' sitemaps (they print every story's last
    change); its teaser, and so the lists and feeds, only if something a list prints
    changed; the sidebar of the towns whose sidebar lists it, if that changed.
    """
    was_public = before is not None and before.public
    is_public = after is not None and after.public
    if not (was_public or is_public):
        return set()
    pk = (after or before).pk
    states = [state for state in (before, after) if state is not None]
    shared_site_ids = set(shared_site_ids)
    towns_before = towns_of(before, shared_site_ids) if was_public else set()
    towns_after = towns_of(after, shared_site_ids) if is_public else set()
    towns = towns_before | towns_after
    retired = {key("story", pk)} | town_keys([SITEMAPS], towns)
    moved = was_public != is_public or before.published_at != after.published_at
    if moved:
        retired.add(key("teaser", pk))
        retired |= town_keys(LISTS, towns)
        retired |= listed_under(states, tag_ids=tag_ids, author_ids=author_ids)
        return retired
    came_or_left = towns_before ^ towns_after
    if came_or_left:
        retired |= town_keys(LISTS, came_or_left)
        retired |= listed_under(states, tag_ids=tag_ids, author_ids=author_ids)
    if before.teaser != after.teaser:
        retired.add(key("teaser", pk))
        retired |= town_keys([SEARCH], towns)
        retired |= town_keys([SIDEBAR], sidebar_site_ids)
    if before.section_id != after.section_id:
        # Its old and new section pages, and Community News if either was Community.
        retired |= keys("section", (before.section_id, after.section_id))
        retired |= town_keys([SIDEBAR], towns)
    if before.source_id != after.source_id:
        retired |= keys("source", (before.source_id, after.source_id))
    return retired


def story_shared(
    story: StoryState | None,
    *,
    site_ids: Iterable[int],
    tag_ids: Iterable[int] = (),
    author_ids: Iterable[int] = (),
) -> set[str]:
    """A public story shared to these towns, or taken back from them: their lists change
    as when a story is published or unpublished there (home, feeds, sitemaps, search,
    sidebar, and the section, tag, author and source pages listing it). The towns that
    showed it before and still do are left alone."""
    if story is None or not story.public:
        return set()
    return town_keys([*LISTS, SITEMAPS], site_ids) | listed_under(
        [story], tag_ids=tag_ids, author_ids=author_ids
    )


def story_relation_changed(
    *, public: bool, story_id: int, kind: str, related_ids: Iterable[int], site_ids: Iterable[int]
) -> set[str]:
    """A public story's bylines (``kind="author"``) or tags (``kind="tag"``) changed: its
    page, its teaser (lists print bylines, feeds print tags), the pages listing it under
    those authors or tags, and the sitemaps and search of its towns (``site_ids``)."""
    if not public:
        return set()
    return (
        {key("story", story_id), key("teaser", story_id)}
        | town_keys([SITEMAPS, SEARCH], site_ids)
        | keys(kind, related_ids)
    )


def correction_changed(*, public: bool, story_id: int, site_ids: Iterable[int]) -> set[str]:
    """A correction prints under the story and moves its "Updated" date, which lists and
    its towns' (``site_ids``) sitemaps print."""
    if not public:
        return set()
    return {key("story", story_id), key("teaser", story_id)} | town_keys([SITEMAPS], site_ids)


def comment_changed(
    *, story_ids: Iterable[int], was_public: bool, is_public: bool, changed: bool = True
) -> set[str]:
    """Approving, hiding, editing or deleting a public comment retires the story's thread,
    its comment feed and the lists that print its comment count; a held comment, coming
    or going, retires nothing."""
    if not changed or not (was_public or is_public):
        return set()
    return keys("comments", story_ids)


def profile_changed(
    *,
    kind: str,
    pk: int,
    site_ids: Iterable[int],
    public_story_ids: Iterable[int] = (),
    printed_in_teasers: bool = True,
) -> set[str]:
    """An author, tag or source edited: its own page and feeds (on every town: each has
    that page), the towns' sitemaps, and the public stories that print its name (their
    pages, and their teasers where lists print it)."""
    story_ids = list(public_story_ids)
    retired = {key(kind, pk)} | town_keys([SITEMAPS], site_ids) | keys("story", story_ids)
    if printed_in_teasers:
        retired |= keys("teaser", story_ids)
    return retired


def section_changed(*, pk: int, site_ids: Iterable[int]) -> set[str]:
    """Section names are in the navigation of every page of the towns that have the
    section (``site_ids``), and each story's kicker."""
    return {key("section", pk)} | town_keys([NAV, SITEMAPS], site_ids)


@dataclass(frozen=True)
class PageState:
    pk: int
    public: bool
    in_footer: bool
    parent_id: int | None
    shown: tuple  # title, address, body, order: what the page and its neighbours print


def page_changed(
    before: PageState | None, after: PageState | None, *, site_ids: Iterable[int]
) -> set[str]:
    """A static page: itself, its parents' subpage lists, pages printing its title in a
    breadcrumb (they record its key), and, on the towns that have it (``site_ids``), the
    sitemaps and the footer if it is listed there."""
    states = [state for state in (before, after) if state is not None]
    if not any(state.public for state in states):
        return set()
    if before is not None and after is not None and before == after:
        return set()
    pk = states[0].pk
    site_ids = list(site_ids)
    retired = {key("page", pk)} | keys("page", (s.parent_id for s in states))
    retired |= town_keys([SITEMAPS], site_ids)
    if any(state.in_footer and state.public for state in states):
        retired |= town_keys([FOOTER], site_ids)
    return retired


def event_changed(*, site_ids: Iterable[int]) -> set[str]:
    """Events show in the sidebar's Upcoming Events and on the events pages and feeds of
    the towns that show their story (``site_ids``)."""
    return town_keys([EVENTS, SIDEBAR], site_ids)


def town_changed(*, site_ids: Iterable[int]) -> set[str]:
    """A town's name, tagline or host names: every page of it prints them or is found by
    them, and the other towns' copies of its shared stories print its name ("Originally
    published by"), so every town's page parts go (``site_ids``: every town)."""
    return town_keys(NAMES, site_ids)
