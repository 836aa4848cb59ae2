"""The records a WordPress export is read into (``reader``): authors, terms, posts with
their comments, attachments, and what a first pass over the file learns (``ExportIndex``)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

# The newest export format this reader knows.
NEWEST_VERSION = (1, 2)


def as_int(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


@dataclass
class Author:
    login: str
    display_name: str


@dataclass
class Term:
    """A category or tag, from the channel (``wp:category``/``wp:tag``) or from an item."""

    kind: str  # "category" or "post_tag", as WordPress calls the taxonomies
    slug: str
    name: str
    description: str = ""
    parent: str = ""  # a category's parent, by slug


@dataclass
class Comment:
    raw_id: str
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str
    type: str
    parent: str

    @property
    def id(self) -> int | None:
        return as_int(self.raw_id)

    @property
    def parent_id(self) -> int | None:
        return as_int(self.parent) or None


@dataclass
class Post:
    """An <item> of any post type: post, page, attachment, nav_menu_item …"""

    raw_id: str
    type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    name: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    excerpt: str = ""
    creator: str = ""
    comment_status: str = ""
    attachment_url: str = ""
    password: str = ""
    raw_parent: str = ""
    raw_menu_order: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)

    @property
    def id(self) -> int | None:
        return as_int(self.raw_id)

    @property
    def parent_id(self) -> int | None:
        return as_int(self.raw_parent) or None

    @property
    def menu_order(self) -> int:
        return min(as_int(self.raw_menu_order) or 0, 32767)


@dataclass
class Attachment:
    """What a featured image needs from its attachment item."""

    url: str
    file: str  # the _wp_attached_file postmeta: a path under wp-content/uploads/
    title: str
    alt: str
    caption: str


@dataclass
class ExportIndex:
    """What the first pass learnt: the WXR version, the old site's addresses and the
    export's date, how many posts, every attachment, which pages can be imported and
    under which parent, and how many items claim each old address."""

    version: str
    post_count: int = 0
    attachments: dict[int, Attachment] = field(default_factory=dict)
    site_urls: list[str] = field(default_factory=list)
    exported_at: datetime | None = None
    page_parents: dict[int, int | None] = field(default_factory=dict)
    address_claims: Counter = field(default_factory=Counter)

    @property
    def is_newer_than_known(self) -> bool:
        return tuple(int(part) for part in self.version.split(".")) > NEWEST_VERSION
