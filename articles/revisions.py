"""Reading and restoring a story's saved revisions (kept by django-simple-history)."""

import difflib
import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
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
    text = "" if value is None else str(value)
    return strip_tags(text.replace("</p>", "</p>\n")) if field == "body" else text


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
    changes = []
    if previous is not None:
        delta = record.diff_against(previous)
        for change in delta.changes:
            old, new = readable(change.field, change.old), readable(change.field, change.new)
            diff = word_diff(old, new) if change.field in TEXT_FIELDS else None
            changes.append({"field": change.field, "old": old, "new": new, "diff": diff})
    context = {
        **admin_site.each_context(request),
        "title": f"Revision of {record.history_date:%b %d, %Y %H:%M}",
        "opts": Article._meta,
        "original": article,
        "record": record,
        "previous": previous,
        "changes": changes,
        "can_revert": can_revert,
        "who": format_html("{}", record.history_user or "unknown"),
    }
    return TemplateResponse(request, "admin/articles/article/revision.html", context)
