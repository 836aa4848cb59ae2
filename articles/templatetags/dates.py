"""``{{ moment|iso_datetime }}`` and ``{{ moment|long_date }}``: the ``date`` filter's
output for the two formats lists print on every teaser, at a fraction of its cost
(see ``articles.dates``)."""

from datetime import datetime

from django import template

from .. import dates

register = template.Library()


@register.filter
def iso_datetime(moment: datetime | None) -> str:
    return dates.iso_datetime(moment) if moment else ""


@register.filter
def long_date(moment: datetime | None) -> str:
    return dates.long_date(moment) if moment else ""
