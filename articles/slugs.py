"""Unique slugs for things made without an editor choosing one (imports, partner feeds)."""

from django.db.models import QuerySet


def unique_slug(queryset: QuerySet, base: str, *, fallback: str, field: str = "slug") -> str:
    """``base`` (already slugified) as a slug no row of ``queryset`` uses: ``-2``, ``-3`` …
    are added while it is taken, and ``fallback`` stands in for an empty ``base``.

    The result always fits the field, with room made for the number.
    """
    max_length = queryset.model._meta.get_field(field).max_length
    base = base[:max_length].strip("-") or fallback
    slug, number = base, 2
    while queryset.filter(**{field: slug}).exists():
        suffix = f"-{number}"
        slug, number = base[: max_length - len(suffix)].rstrip("-") + suffix, number + 1
    return slug
