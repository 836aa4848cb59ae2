"""The stories' admin, one file per idea; importing the package registers them all."""

from . import newsroom_lists, pages, stories, tags
from .story_form import HTTPS_URL_FIELDS

__all__ = ["HTTPS_URL_FIELDS", "newsroom_lists", "pages", "stories", "tags"]
