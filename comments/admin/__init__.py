"""The comments app's admin: the moderation queue, the moderation settings of each town,
and the comment counts on the story list."""

from . import comments, moderation_settings, stories  # noqa: F401  (they register)
