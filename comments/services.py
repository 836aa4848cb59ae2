"""Writes to comments, shared by the reply form's views and the admin's actions."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article

from . import moderation, notifications
from .models import Comment, CommentReport, ModerationSettings
from .moderation import Candidate, Decision, History
from .spam_check import get_spam_checker
from .trust import is_email_confirmed


def commenter_history(*, email: str, browser_confirmed: bool) -> History:
    """What earlier comments and confirmations say about the owner of this address."""
    comments = Comment.objects.by_email(email)
    previous = comments.order_by("-created_at", "-pk").values_list("text", flat=True).first()
    return History(
        previous_text=previous,
        has_approved_comment=comments.approved().exists(),
        email_confirmed=is_email_confirmed(email),
        browser_confirmed=browser_confirmed,
    )


def comment_moderate(
    candidate: Candidate,
    *,
    browser_confirmed: bool = False,
    permalink: str = "",
    use_spam_service: bool = True,
) -> Decision:
    """Run the newsroom's rules, and the outside spam check if one is set up and wanted."""
    rules = moderation.Rules.from_settings(ModerationSettings.load())
    history = commenter_history(email=candidate.email, browser_confirmed=browser_confirmed)
    decision = moderation.decide(candidate, rules, history)
    checker = get_spam_checker() if use_spam_service else None
    if checker is not None and decision.status != moderation.SPAM and not candidate.is_staff:
        verdict = checker.check(candidate, permalink=permalink)
        decision = moderation.with_spam_service(decision, verdict)
    return decision


def comment_submit(
    *,
    article: Article,
    parent_id: int | None,
    name: str,
    email: str,
    website: str,
    text: str,
    ip_address: str | None,
    user_agent: str,
    honeypot_filled: bool = False,
    notify: bool = False,
    user=None,
    browser_confirmed: bool = False,
) -> Comment:
    """Store a new comment with the status the moderation rules give it.

    Spam is kept, out of sight, so moderators can see what the bots send. A held comment
    alerts the moderators; a first or unconfirmed one also asks the commenter to confirm
    their address, which is how they come to be trusted.
    """
    is_staff = bool(user and user.is_staff)
    candidate = Candidate(
        name=name,
        email=email,
        text=text,
        website=website,
        ip_address=ip_address,
        user_agent=user_agent,
        is_staff=is_staff,
        honeypot_filled=honeypot_filled,
    )
    decision = comment_moderate(
        candidate,
        browser_confirmed=browser_confirmed,
        permalink=f"{settings.SITE_URL}{article.get_absolute_url()}",
    )
    with transaction.atomic():
        comment = Comment(
            article=article,
            parent_id=parent_id,
            name=name,
            email=email,
            website=website,
            text=text,
            ip_address=ip_address or None,
            user_agent=user_agent[:500],
            user=user if is_staff else None,
            status=decision.status,
            decided_by=decision.rule,
            decided_term=decision.term[:200],
            notify=notify and decision.status != moderation.SPAM,
        )
        comment.full_clean()
        comment.save()
        if comment.status == Comment.Status.APPROVED:
            refresh_comment_counts([article.pk])
            transaction.on_commit(lambda: notifications.send_reply_notice(comment))
        elif comment.status == Comment.Status.PENDING:
            transaction.on_commit(lambda: notifications.send_moderator_alert(comment))
            if decision.rule in {"first_comment", "unconfirmed_email"}:
                transaction.on_commit(lambda: notifications.send_email_confirmation(email))
    return comment


def comment_approve(*, comment: Comment) -> Comment:
    """Publish a comment, and tell whoever asked to hear about it."""
    was_pending = comment.status == Comment.Status.PENDING
    if _comment_set_status(comment, Comment.Status.APPROVED):
        if was_pending:
            transaction.on_commit(lambda: notifications.send_approved_notice(comment))
        transaction.on_commit(lambda: notifications.send_reply_notice(comment))
    return comment


def comment_mark_spam(*, comment: Comment) -> Comment:
    """Hide a comment as spam; it stays in the admin for the record."""
    _comment_set_status(comment, Comment.Status.SPAM)
    return comment


def comment_trash(*, comment: Comment) -> Comment:
    """Hide a comment; it can be restored."""
    _comment_set_status(comment, Comment.Status.TRASH)
    return comment


def comment_restore(*, comment: Comment) -> Comment:
    """Bring a comment back from spam or trash into the queue, for a moderator to decide."""
    if comment.status in {Comment.Status.SPAM, Comment.Status.TRASH}:
        _comment_set_status(comment, Comment.Status.PENDING)
    return comment


@transaction.atomic
def _comment_set_status(comment: Comment, status: str, rule: str = "moderator") -> bool:
    if comment.status == status:
        return False
    comment.status = status
    comment.decided_by = rule
    comment.decided_term = ""
    comment.save(update_fields=["status", "decided_by", "decided_term"])
    refresh_comment_counts([comment.article_id])
    return True


def comment_report(*, comment: Comment, reason: str, reporter: str) -> bool:
    """Record a reader's report; enough distinct readers send the comment back to the queue.

    Returns False when this reader had already reported this comment.
    """
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reason=reason, reporter=reporter)
    except IntegrityError:
        return False
    threshold = settings.COMMENTS_REPORTS_TO_HOLD
    if comment.status == Comment.Status.APPROVED and comment.reports.count() >= threshold:
        _comment_set_status(comment, Comment.Status.PENDING, rule="reader_reports")
        transaction.on_commit(lambda: notifications.send_moderator_alert(comment))
    return True


def refresh_comment_counts(article_ids) -> None:
    """Recount the approved comments of these stories, for the counts on story lists."""
    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.APPROVED)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.filter(pk__in=list(article_ids)).update(
        comment_count=Coalesce(Subquery(approved), Value(0))
    )
