"""``{% teasers stories %}``: the lists' teasers, rendered by Jinja2.

A list page prints the same markup for each of its 20 stories (its headline, section,
byline, dates, picture); the Django template language's includes, tags and filters in that
loop were most of a cold list page's time (README, Speed). The markup is the same as
``includes/story_teaser.html`` (still used where one teaser stands alone).
"""

from collections.abc import Iterable
from datetime import datetime

from django import template
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from ..dates import DatePrinter
from .images import picture

register = template.Library()

LEAD_SIZES = "(min-width: 72rem) 46rem, (min-width: 60rem) calc(100vw - 26rem), calc(100vw - 2rem)"
SMALL_SIZES = "(min-width: 40rem) 12rem, calc(100vw - 2rem)"


def lead_picture(story) -> dict:
    return picture(story.lead_picture, alt="", sizes=LEAD_SIZES, lazy=False)


def small_picture(story) -> dict:
    return picture(story.lead_picture, alt="", sizes=SMALL_SIZES)


@register.simple_tag
def teasers(stories: Iterable, lead: bool = False) -> SafeString:
    printer = DatePrinter()

    def iso_datetime(moment: datetime | None) -> str:
        return printer.iso_datetime(moment) if moment else ""

    def long_date(moment: datetime | None) -> str:
        return printer.long_date(moment) if moment else ""

    listing = engines["jinja2"].get_template("includes/story_teasers.html")
    # Jinja2 escaped everything the stories hold (autoescape on).
    return mark_safe(
        listing.render(
            {
                "stories": stories,
                "is_lead": lead,
                "lead_picture": lead_picture,
                "small_picture": small_picture,
                "iso_datetime": iso_datetime,
                "long_date": long_date,
            }
        )
    )


@register.simple_tag
def lead_teaser(story) -> SafeString:
    """The home page's first story, with the large picture."""
    return teasers([story], lead=True)
