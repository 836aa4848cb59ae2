"""The moderation rules: what happens to a new comment, and why.

Plain functions over plain values, so tests can call them with a table of cases and the
admin's "test a comment" box can show what they would decide. The order is the order of
severity: anything that marks spam wins over anything that holds, and a comment is
approved only when nothing else applies.
"""

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .choices import CommentStatus, Rule, Verdict

LINK = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """The newsroom's settings, as the rules read them."""

    auto_approve: bool = True
    link_limit: int = 2
    hold_words: tuple[str, ...] = ()
    disallowed_words: tuple[str, ...] = ()
    blocked_emails: tuple[str, ...] = ()
    blocked_domains: tuple[str, ...] = ()
    blocked_ips: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, row) -> "Rules":
        return cls(
            auto_approve=row.auto_approve,
            link_limit=row.link_limit,
            hold_words=lines(row.hold_words),
            disallowed_words=lines(row.disallowed_words),
            blocked_emails=lines(row.blocked_emails),
            blocked_domains=lines(row.blocked_domains),
            blocked_ips=lines(row.blocked_ips),
        )


@dataclass(frozen=True)
class Candidate:
    """A comment as it arrives, before it is stored."""

    name: str
    email: str
    text: str
    website: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    is_staff: bool = False
    honeypot_filled: bool = False


@dataclass(frozen=True)
class History:
    """What we know of the commenter from earlier comments and confirmations."""

    previous_text: str | None = None
    has_approved_comment: bool = False
    email_confirmed: bool = False
    browser_confirmed: bool = False

    @property
    def is_trusted(self) -> bool:
        """Trust needs proof of owning the address, from this browser, and a good record."""
        return self.email_confirmed and self.browser_confirmed and self.has_approved_comment


@dataclass(frozen=True)
class Decision:
    status: CommentStatus
    rule: Rule
    term: str = ""

    @property
    def explanation(self) -> str:
        return explain(self.rule, self.term)


def explain(rule: str, term: str = "") -> str:
    """How the admin says which rule decided: "Disallowed word or phrase: “cialis”"."""
    label = Rule(rule).label if rule in Rule else ""
    return f"{label}: “{term}”" if term else label


def lines(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (value or "").splitlines() if line.strip())


@lru_cache(maxsize=1024)
def term_pattern(term: str) -> re.Pattern:
    """A whole word or phrase, any case, never inside a longer word."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def find_term(terms: Iterable[str], *texts: str) -> str:
    """The first term that occurs as a whole word or phrase in any of the texts, or ""."""
    for term in terms:
        pattern = term_pattern(term)
        if any(text and pattern.search(text) for text in texts):
            return term
    return ""


def count_links(text: str) -> int:
    return len(LINK.findall(text))


def same_text(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def blocked_email(email: str, rules: Rules) -> Decision | None:
    address = email.strip().lower()
    for blocked in rules.blocked_emails:
        if address == blocked.lower():
            return Decision(CommentStatus.SPAM, Rule.BLOCKED_EMAIL, blocked)
    domain = address.rpartition("@")[2]
    for blocked in rules.blocked_domains:
        bare = blocked.lower().lstrip("@.")
        if domain == bare or domain.endswith("." + bare):
            return Decision(CommentStatus.SPAM, Rule.BLOCKED_DOMAIN, blocked)
    return None


def blocked_ip(ip: str | None, rules: Rules) -> str:
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    for entry in rules.blocked_ips:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return entry
        except ValueError:
            continue
    return ""


def decide(candidate: Candidate, rules: Rules, history: History) -> Decision:
    """Approved, pending or spam for a new comment, with the rule that decided."""
    if candidate.is_staff:
        return Decision(CommentStatus.APPROVED, Rule.STAFF)
    if candidate.honeypot_filled:
        return Decision(CommentStatus.SPAM, Rule.HONEYPOT)
    if decision := blocked_email(candidate.email, rules):
        return decision
    if entry := blocked_ip(candidate.ip_address, rules):
        return Decision(CommentStatus.SPAM, Rule.BLOCKED_IP, entry)
    fields = (candidate.name, candidate.email, candidate.website, candidate.text)
    if term := find_term(rules.disallowed_words, *fields):
        return Decision(CommentStatus.SPAM, Rule.DISALLOWED_WORD, term)
    if history.previous_text is not None and same_text(candidate.text, history.previous_text):
        return Decision(CommentStatus.SPAM, Rule.DUPLICATE)
    if rules.link_limit and count_links(candidate.text) >= rules.link_limit:
        return Decision(CommentStatus.PENDING, Rule.TOO_MANY_LINKS)
    if term := find_term(rules.hold_words, *fields):
        return Decision(CommentStatus.PENDING, Rule.HOLD_WORD, term)
    if not history.has_approved_comment:
        return Decision(CommentStatus.PENDING, Rule.FIRST_COMMENT)
    if not history.is_trusted:
        return Decision(CommentStatus.PENDING, Rule.UNCONFIRMED_EMAIL)
    if not rules.auto_approve:
        return Decision(CommentStatus.PENDING, Rule.AUTO_APPROVE_OFF)
    return Decision(CommentStatus.APPROVED, Rule.TRUSTED)


def with_spam_service(decision: Decision, verdict: Verdict) -> Decision:
    """Fold in an outside spam check's verdict; an unavailable one holds, never loses."""
    if decision.status == CommentStatus.SPAM:
        return decision
    if verdict == Verdict.SPAM:
        return Decision(CommentStatus.SPAM, Rule.SPAM_SERVICE)
    if verdict == Verdict.UNAVAILABLE and decision.status == CommentStatus.APPROVED:
        return Decision(CommentStatus.PENDING, Rule.SPAM_SERVICE_UNAVAILABLE)
    return decision
