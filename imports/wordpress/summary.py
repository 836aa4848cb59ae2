"""What an import did, counted for the command's summary."""

import copy
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportSummary:
    version: str = ""
    posts_total: int = 0
    posts_created: int = 0
    posts_unchanged: int = 0
    posts_skipped: Counter = field(default_factory=Counter)  # why -> how many
    posts_failed: int = 0
    # Posts and pages that came in as drafts although WordPress showed them to someone.
    held_back: Counter = field(default_factory=Counter)  # why -> how many
    posts_undated: int = 0  # published with no date: dated from the export
    pages_created: int = 0
    pages_unchanged: int = 0
    pages_skipped: Counter = field(default_factory=Counter)
    pages_failed: int = 0
    pages_moved: int = 0  # their old address belongs to another page or route here
    items_skipped: Counter = field(default_factory=Counter)  # post type -> how many
    comments_created: int = 0
    comments_unchanged: int = 0
    comments_skipped: int = 0  # pingbacks, trackbacks and editors' notes
    comments_on_pages: int = 0  # pages here have no comments
    comments_failed: int = 0
    sections_created: int = 0
    authors_created: int = 0
    tags_created: int = 0
    images_attached: int = 0
    images_without_alt: int = 0
    images_missing: int = 0
    images_refused: int = 0
    redirects_created: int = 0

    @property
    def posts_done(self) -> int:
        return (
            self.posts_created
            + self.posts_unchanged
            + sum(self.posts_skipped.values())
            + self.posts_failed
        )

    @property
    def pages_total(self) -> int:
        return (
            self.pages_created
            + self.pages_unchanged
            + sum(self.pages_skipped.values())
            + self.pages_failed
        )

    def snapshot(self) -> "ImportSummary":
        return copy.deepcopy(self)

    def roll_back_to(self, snapshot: "ImportSummary") -> None:
        """The counts as they were before a post or page whose writes were rolled back."""
        self.__dict__.update(copy.deepcopy(snapshot).__dict__)
