"""The newsroom's content: sections and sources, bylines, stories and their reads, pages."""

from .bylines import Byline
from .corrections import Correction
from .pages import Page, PageQuerySet, PageRedirect, PageStatus
from .people import Author
from .reads import ReadCount, TrendingStory
from .redirects import ArticleRedirect
from .sections import Section, Source
from .stories import Article, RevisionLinks
from .story_queries import ArticleQuerySet, ArticleState, ArticleStatus
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
