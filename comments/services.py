"""Writes to comments, shared by the reply form's views and the admin's actions."""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article

from . import moderation, notifications
from .choices import Rule
from .models import Comment, CommentReport, ModerationSettings
from .moderation import Candidate, Decision, History, same_text
from .rate_limit import CommentRateLimited, hold_locks, hold_posting_lock, is_rate_limited
from .spam_check import get_spam_checker
from .text import CONTROL_CHARACTERS
from .trust import is_email_confirmed

logger = logging.getLogger(__name__)

# A writer who sends the same comment again this soon (the answer to the first was lost, or
# they pressed twice) gets the first one back, not a second copy.
REPOST_WINDOW = timedelta(minutes=15)


def after_commit(send: Callable[..., object], *args: object) -> None:
    """Run ``send(*args)`` once the transaction has committed, where a failure (the mail
    server, the database going away) is logged and goes no further: the change is stored,
    and the answer to whoever made it must say so. The log line names the step and the
    error's kind only, never an address or a link."""

    def run() -> None:
        try:
            send(*args)
        except Exception as error:
            logger.warning(
                "%s failed after the change was stored (%s); the change stands.",
                getattr(send, "__name__", "a follow-up"),
                type(error).__name__,
            )

    transaction.on_commit(run)


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
    site_id: int | None = None,
    browser_confirmed: bool = False,
    permalink: str = "",
    use_spam_service: bool = True,
) -> Decision:
    """Run the town's rules (the default site's without ``site_id``), and the outside spam
    check if one is set up and wanted."""
    settings_row = (
        ModerationSettings.objects.for_site_id(site_id)
        if site_id is not None
        else ModerationSettings.load()
    )
    rules = moderation.Rules.from_settings(settings_row)
    history = commenter_history(email=candidate.email, browser_confirmed=browser_confirmed)
    decision = moderation.decide(candidate, rules, history)
    checker = get_spam_checker() if use_spam_service else None
    if checker is not None and decision.status != Comment.Status.SPAM and not candidate.is_staff:
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

    The same text from the same writer on the same story within ``REPOST_WINDOW`` returns
    the comment already stored, so a writer who never saw the first answer loses nothing
    and makes no duplicate. Raises ``CommentRateLimited`` when this IP or this email has
    posted ``COMMENTS_RATE_LIMIT`` comments in the window (staff are not limited); the
    count and the write are atomic. Emails go out after the commit, and nothing they do
    can undo it.
    """
    is_staff = bool(user and user.is_staff)
    user_agent = CONTROL_CHARACTERS.sub("", user_agent)[:500]
    if first := _same_comment_posted_recently(article=article, email=email, text=text):
        return first
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
        site_id=article.site_id,
        browser_confirmed=browser_confirmed,
        permalink=f"{settings.SITE_URL}{article.get_absolute_url()}",
    )
    with transaction.atomic():
        hold_posting_lock(ip_address=ip_address, email=email)
        # Again under the lock: the same form sent twice at once stores one comment.
        if first := _same_comment_posted_recently(article=article, email=email, text=text):
            return first
        if not is_staff and is_rate_limited(ip_address=ip_address, email=email):
            raise CommentRateLimited
        comment = Comment(
            article=article,
            parent_id=parent_id,
            name=name,
            email=email,
            website=website,
            text=text,
            ip_address=ip_address or None,
            user_agent=user_agent,
            user=user if is_staff else None,
            status=decision.status,
            decided_by=decision.rule,
            decided_term=decision.term[:200],
            notify=notify and decision.status != Comment.Status.SPAM,
        )
        comment.full_clean()
        comment.save()
        if comment.status == Comment.Status.APPROVED:
            refresh_comment_counts([article.pk])
            after_commit(notifications.send_reply_notice, comment)
        elif comment.status == Comment.Status.PENDING:
            after_commit(notifications.send_moderator_alert, comment)
            if decision.rule in {Rule.FIRST_COMMENT, Rule.UNCONFIRMED_EMAIL}:
                after_commit(notifications.send_email_confirmation, email)
    return comment


def _same_comment_posted_recently(*, article: Article, email: str, text: str) -> Comment | None:
    since = timezone.now() - REPOST_WINDOW
    recent = (
        Comment.objects.by_email(email)
        .filter(article=article, created_at__gte=since)
        .order_by("created_at", "pk")
    )
    for comment in recent[:50]:
        if same_text(comment.text, text):
            comment.article = article  # answered without asking the database again
            return comment
    return None


def comment_approve(*, comment: Comment) -> Comment:
    """Publish a comment, and tell whoever asked to hear about it."""
    was_pending = comment.status == Comment.Status.PENDING
    if _comment_set_status(comment, Comment.Status.APPROVED):
        if was_pending:
            after_commit(notifications.send_approved_notice, comment)
        after_commit(notifications.send_reply_notice, comment)
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
def _comment_set_status(comment: Comment, status: str, rule: Rule = Rule.MODERATOR) -> bool:
    if status == Comment.Status.APPROVED:
        # Approving answers every report so far: they stop counting towards a hold.
        comment.reports.filter(reviewed_at__isnull=True).update(reviewed_at=timezone.now())
    if comment.status == status:
        return False
    comment.status = status
    comment.decided_by = rule
    comment.decided_term = ""
    comment.save(update_fields=["status", "decided_by", "decided_term"])
    refresh_comment_counts([comment.article_id])
    return True


def comment_report(
    *, comment: Comment, reason: str, reporter: str, reporter_address: str = ""
) -> bool:
    """Record a reader's report; reports from enough addresses send the comment back to the
    queue.

    ``reporter`` tells readers apart (one report each); ``reporter_address`` tells their
    addresses apart: one address stores at most ``READERS_PER_ADDRESS`` reports on a
    comment and counts once towards ``COMMENTS_REPORTS_TO_HOLD``, whatever browsers it
    claims to be. Returns False when the report was not stored (this reader, or this
    address, had reported the comment already).
    """
    with transaction.atomic():
        # One report on a comment at a time: the bound per address and the step back to
        # moderation (with its one alert) hold however many readers report at once.
        hold_locks(f"reports:{comment.pk}")
        reports = CommentReport.objects.filter(comment=comment)
        if (
            reporter_address
            and reports.filter(reporter_address=reporter_address).count()
            >= settings.READERS_PER_ADDRESS
        ):
            return False
        try:
            with transaction.atomic():
                CommentReport.objects.create(
                    comment=comment,
                    reason=reason,
                    reporter=reporter,
                    reporter_address=reporter_address,
                )
        except IntegrityError:  # this reader reported it already
            return False
        comment.refresh_from_db(fields=["status"])
        if (
            comment.status == Comment.Status.APPROVED
            and reporting_addresses(comment) >= settings.COMMENTS_REPORTS_TO_HOLD
        ):
            _comment_set_status(comment, Comment.Status.PENDING, rule=Rule.READER_REPORTS)
            after_commit(notifications.send_moderator_alert, comment)
    return True


def reporting_addresses(comment: Comment) -> int:
    """How many addresses have reported this comment since a moderator last approved it.

    Reports a moderator has reviewed no longer count, and neither do new reports from the
    addresses that made them: the moderator has heard those readers already.
    """
    address = Case(
        When(reporter_address="", then=F("reporter")),  # reports from before addresses
        default=F("reporter_address"),
    )
    reports = CommentReport.objects.filter(comment=comment).annotate(address=address)
    heard = reports.filter(reviewed_at__isnull=False).values("address")
    return (
        reports.filter(reviewed_at__isnull=True)
        .exclude(address__in=heard)
        .aggregate(n=Count("address", distinct=True))["n"]
    )


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
