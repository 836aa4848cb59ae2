"""What an issue says: a town's daily digest and breaking-news alert, in HTML and plain text.

Every issue is one town's: its name, and every link the story's own address on that town's
site (a story shared to the town included): no tracking redirects, no pixel, no remote
images. The per-recipient unsubscribe address is the only thing that differs
between two copies; the rendered issue holds ``UNSUBSCRIBE_MARKER`` in its place.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q, Sum, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article, Section
from articles.templatetags.sidebar import COMMUNITY_SECTION_SLUG
from community.models import Event
from network.models import Site

from .models import Issue

UNSUBSCRIBE_MARKER = "UNSUBSCRIBE-URL-7d1c0e"
STORIES_PER_SECTION = 5
EVENTS = 5
# A busy news day has dozens of stories, not hundreds; the digest never loads more.
MOST_STORIES = 300


@dataclass
class Rendered:
    subject: str
    html: str
    text: str


@dataclass
class DigestContent:
    site: Site
    edition: date
    since: datetime
    sections: list[tuple[Section, list[Article]]] = field(default_factory=list)
    community: list[Article] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(self.sections or self.community)

    @property
    def lead(self) -> Article | None:
        for _, stories in self.sections:
            return stories[0]
        return self.community[0] if self.community else None


def digest_since(site: Site, edition: date, now: datetime) -> datetime:
    """Where this town's digest's news starts: when its last digest went out, or a day ago."""
    last = (
        Issue.objects.filter(site=site, kind=Issue.Kind.DIGEST, started_at__isnull=False)
        .exclude(edition_date=edition)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return last or now - timedelta(days=1)


def digest_content(*, site: Site, edition: date, now: datetime) -> DigestContent:
    """The town's top stories published since its last digest, by section (most read by
    the town's own readers first, then newest), Community News on its own, and the town's
    upcoming events.

    A town's stories are its own and those shared to it, never another town's.
    """
    since = digest_since(site, edition, now)
    stories = list(
        Article.objects.published()
        .on_site(site)
        .filter(published_at__gt=since, published_at__lte=now)
        .select_related("section")
        # Most read by this town's readers: a shared story's reads elsewhere are not theirs.
        .annotate(
            reads=Coalesce(Sum("read_counts__count", filter=Q(read_counts__site=site)), Value(0))
        )
        .order_by("-reads", "-published_at", "-pk")[:MOST_STORIES]
    )
    content = DigestContent(
        site=site,
        edition=edition,
        since=since,
        events=list(Event.objects.upcoming(site=site)[:EVENTS]),
    )
    by_section: dict[int, list[Article]] = {}
    for story in stories:
        by_section.setdefault(story.section_id, []).append(story)
    sections = sorted(
        {story.section_id: story.section for story in stories}.values(),
        key=lambda section: (section.order, section.name),
    )
    for section in sections:
        top = by_section[section.pk][:STORIES_PER_SECTION]
        if section.slug == COMMUNITY_SECTION_SLUG:
            content.community = top
        else:
            content.sections.append((section, top))
    return content


def _render(template: str, site: Site, context: dict) -> tuple[str, str]:
    context = {
        "SITE_NAME": site.name,
        "SITE_TAGLINE": site.tagline,
        "site_url": site.absolute("/"),
        "base": site.base_url.rstrip("/"),
        "unsubscribe_url": UNSUBSCRIBE_MARKER,
        **context,
    }
    html = render_to_string(f"newsletter/email/{template}.html", context)
    text = render_to_string(f"newsletter/email/{template}.txt", context)
    return html, text


def render_digest(content: DigestContent, *, note: str) -> Rendered:
    day = f"{content.edition:%A, %B} {content.edition.day}"
    lead = content.lead
    subject = f"{content.site.name}, {day}" + (f": {lead.headline}" if lead else "")
    html, text = _render(
        "digest",
        content.site,
        {"content": content, "note": note.strip(), "day": day, "subject": subject},
    )
    return Rendered(subject=subject[:200], html=html, text=text)


def render_alert(article: Article, *, site: Site, note: str) -> Rendered:
    """The alert as the town's subscribers get it: the story at its address on that town."""
    subject = f"Breaking: {article.headline}"
    html, text = _render(
        "alert",
        site,
        {
            "article": article,
            "story_url": site.absolute(article.get_absolute_url()),
            "note": note.strip(),
            "subject": subject,
        },
    )
    return Rendered(subject=subject[:200], html=html, text=text)


def render_issue(issue: Issue, *, now: datetime | None = None) -> Rendered:
    """What the issue says if it went out now (its saved copy once it has gone)."""
    if issue.status != Issue.Status.DRAFT and issue.html:
        return Rendered(subject=issue.subject, html=issue.html, text=issue.text)
    now = now or timezone.now()
    if issue.kind == Issue.Kind.ALERT:
        return render_alert(issue.article, site=issue.site, note=issue.note)
    content = digest_content(site=issue.site, edition=issue.edition_date, now=now)
    return render_digest(content, note=issue.note)
