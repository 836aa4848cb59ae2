"""The newsroom's content: sections and sources, bylines, stories and their reads, pages."""

from .pages import Page, PageQuerySet, PageRedirect, PageStatus
from .people import Author
from .reads import ReadCount, TrendingStory
from .sections import Section, Source
from .stories import (
    Article,
    ArticleQuerySet,
    ArticleRedirect,
    ArticleState,
    ArticleStatus,
    Byline,
    Correction,
    RevisionLinks,
)
from .tags import TaggedStory

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ArticleState",
    "ArticleStatus",
    "Author",
    "Byline",
    "Correction",
    "Page",
    "PageQuerySet",
    "PageRedirect",
    "PageStatus",
    "ReadCount",
    "RevisionLinks",
    "Section",
    "Source",
    "TaggedStory",
    "TrendingStory",
]
