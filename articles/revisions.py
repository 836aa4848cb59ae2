"""Reading and restoring a story's saved revisions (kept by django-simple-history)."""

import dataclasses
import difflib
import re
from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .models import Article

TEXT_FIELDS = ("headline", "dek", "body")
TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words struck through and added words marked."""
    before, after = TOKEN.findall(old), TOKEN.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in {"delete", "replace"}:
            parts.append(f"<del>{escape(''.join(before[a0:a1]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{escape(''.join(after[b0:b1]))}</ins>")
        if op == "equal":
            parts.append(escape("".join(after[b0:b1])))
    return mark_safe("".join(parts))


def readable(field: str, value: object) -> str:
    if isinstance(value, datetime):
        # To the second, in newsroom time, as the form shows it.
        return date_format(timezone.localtime(value), "M j, Y, g:i:s a")
    text = "" if value is None else str(value)
    return strip_tags(text.replace("</p>", "</p>\n")) if field == "body" else text


# Counted on every save: a change in it says nothing about the story.
NOT_COMPARED = ["version"]


def describe_changes(newer, older) -> list[dict]:
    """Each field that differs between two revisions, with a word diff for the texts."""
    changes = []
    for change in newer.diff_against(older, excluded_fields=NOT_COMPARED).changes:
        old, new = readable(change.field, change.old), readable(change.field, change.new)
        if old == new:
            continue  # e.g. a time that lost its microseconds in the form
        changes.append(
            {
                "field": change.field,
                "label": Article._meta.get_field(change.field).verbose_name,
                "old": old,
                "new": new,
                "diff": word_diff(old, new) if change.field in TEXT_FIELDS else None,
            }
        )
    return changes


@dataclasses.dataclass
class EditConflict:
    """Who saved a story since a form was opened on it, and what they changed."""

    saved_by: list[str] = dataclasses.field(default_factory=list)
    saved_at: datetime | None = None
    changes: list[dict] = dataclasses.field(default_factory=list)


def edit_conflict(article_id: int, loaded_version: int | None) -> EditConflict:
    """What happened to a story after the revision with ``loaded_version`` was opened."""
    history = Article.history.filter(id=article_id).select_related("history_user")
    latest = history.first()
    if latest is None:
        return EditConflict()
    since = history.filter(version__gt=loaded_version) if loaded_version else [latest]
    names = []
    for record in since:
        name = str(record.history_user or "someone")
        if name not in names:
            names.append(name)
    opened = history.filter(version=loaded_version).first() if loaded_version else None
    return EditConflict(
        saved_by=names,
        saved_at=latest.history_date,
        changes=describe_changes(latest, opened) if opened else [],
    )


# What a revert brings back: the story's words and pictures, never its publishing state,
# so a revert can neither publish nor take down a story.
CONTENT_FIELDS = (
    "headline",
    "slug",
    "dek",
    "body",
    "section_id",
    "lead_image",
    "lead_image_alt",
    "lead_image_decorative",
    "lead_image_caption",
    "lead_image_credit",
    "source_id",
    "original_url",
)


def article_revert(*, article: Article, record) -> Article:
    """Make a saved revision's content current again; the revert is itself a revision."""
    for field in CONTENT_FIELDS:
        setattr(article, field, getattr(record, field))
    article._change_reason = f"Reverted to the revision of {record.history_date:%Y-%m-%d %H:%M}"
    article.save()
    return article


def revision_page(
    request: HttpRequest, *, admin_site, article: Article, history_id: int, can_revert: bool
) -> HttpResponse:
    record = get_object_or_404(article.history.all(), history_id=history_id)
    if request.method == "POST" and can_revert:
        article_revert(article=article, record=record)
        messages.success(request, "The story is back to that revision (saved as a new one).")
        return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
    previous = record.prev_record
    changes = describe_changes(record, previous) if previous is not None else []
    # What "Revert" would do: from the story as it is now back to this revision's words.
    latest = article.history.first()
    revert_changes = [
        change
        for change in describe_changes(record, latest)
        if change["field"] in CONTENT_FIELDS or f"{change['field']}_id" in CONTENT_FIELDS
    ]
    context = {
        **admin_site.each_context(request),
        "title": f"Revision of {record.history_date:%b %d, %Y %H:%M}",
        "opts": Article._meta,
        "original": article,
        "record": record,
        "previous": previous,
        "changes": changes,
        "revert_changes": revert_changes,
        "is_latest": latest is not None and latest.history_id == record.history_id,
        "can_revert": can_revert,
        "who": format_html("{}", record.history_user or "unknown"),
    }
    return TemplateResponse(request, "admin/articles/article/revision.html", context)
