"""The desk's emails: a story is waiting for the editors, or has come back to its writer.

Both go to staff only, and both are switched off with the other staff emails by
``NOTIFY_STAFF`` (whose old name, ``COMMENTS_NOTIFY_MODERATORS``, still works).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from network.access import working_on
from network.models import Site

from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def _message(template: str, context: dict, to: str, *, article: Article) -> EmailMessage:
    # The story's own town: its name, and its address for every link (its desk's admin).
    # Its times in the town's own zone, wherever the email is sent from.
    context = {"SITE_NAME": article.site.name, **context}
    with timezone.override(article.site.zone):
        subject, _, body = render_to_string(template, context).strip().partition("\n")
    return EmailMessage(subject.strip(), body.strip() + "\n", to=[to])


def editor_addresses(site: Site | None = None) -> list[str]:
    """Everyone granted publishing (the Editors group), active, staff, with an address;
    with a site, those who work on it (its editors and the network's).

    Superusers are left out unless a group or permission of their own makes them editors:
    an account that can do everything is not necessarily someone on the desk.
    """
    editors = get_user_model().objects.with_perm(PUBLISH_PERMISSION, include_superusers=False)
    if site is not None:
        editors = working_on(editors, site)
    return sorted(
        {email for email in editors.filter(is_staff=True).values_list("email", flat=True) if email}
    )


def _writer_name(article: Article) -> str:
    writer = article.created_by
    return (writer.get_full_name() or writer.get_username()) if writer else "A writer"


def send_review_request(article: Article) -> int:
    """Tell each editor, once, that a story is waiting for review; returns how many."""
    if not settings.NOTIFY_STAFF:
        return 0
    absolute = article.site.absolute
    context = {
        "article": article,
        "writer": _writer_name(article),
        "review_url": absolute(reverse("admin:articles_article_change", args=[article.pk])),
        "preview_url": absolute(article.get_preview_url()),
        "queue_url": absolute(
            reverse("admin:articles_article_changelist") + "?state=" + Article.Status.PENDING
        ),
        "waiting": Article.objects.pending_review().filter(site=article.site_id).count(),
    }
    messages = [
        _message("articles/email/review_request.txt", context, address, article=article)
        for address in editor_addresses(article.site)
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def send_sent_back_notice(article: Article) -> bool:
    """Tell the writer an editor sent their story back, with the editor's note."""
    writer = article.created_by
    if not settings.NOTIFY_STAFF or writer is None or not writer.email:
        return False
    edit_path = reverse("admin:articles_article_change", args=[article.pk])
    context = {"article": article, "edit_url": article.site.absolute(edit_path)}
    message = _message("articles/email/sent_back.txt", context, writer.email, article=article)
    return bool(message.send())
