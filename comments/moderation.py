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

APPROVED = "approved"
PENDING = "pending"
SPAM = "spam"

# Rule codes as stored on the comment, and how the admin names them.
RULES = {
    "staff": "Written by a signed-in staff member",
    "honeypot": "Filled the hidden field only bots see",
    "blocked_email": "Blocked email address",
    "blocked_domain": "Blocked email domain",
    "blocked_ip": "Blocked IP address",
    "disallowed_word": "Disallowed word or phrase",
    "duplicate": "Same text as this commenter's previous comment",
    "spam_service": "The spam-checking service called it spam",
    "too_many_links": "Too many links",
    "hold_word": "Word or phrase held for review",
    "first_comment": "First comment from this email address",
    "unconfirmed_email": "Email address not confirmed from this browser",
    "auto_approve_off": "Automatic approval is turned off",
    "spam_service_unavailable": "The spam-checking service could not be reached",
    "reader_reports": "Reported by readers",
    "trusted": "Trusted commenter",
    "moderator": "Decided by a moderator",
}

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
    status: str
    rule: str
    term: str = ""

    @property
    def explanation(self) -> str:
        label = RULES[self.rule]
        return f"{label}: “{self.term}”" if self.term else label


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
            return Decision(SPAM, "blocked_email", blocked)
    domain = address.rpartition("@")[2]
    for blocked in rules.blocked_domains:
        bare = blocked.lower().lstrip("@.")
        if domain == bare or domain.endswith("." + bare):
            return Decision(SPAM, "blocked_domain", blocked)
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
        return Decision(APPROVED, "staff")
    if candidate.honeypot_filled:
        return Decision(SPAM, "honeypot")
    if decision := blocked_email(candidate.email, rules):
        return decision
    if entry := blocked_ip(candidate.ip_address, rules):
        return Decision(SPAM, "blocked_ip", entry)
    fields = (candidate.name, candidate.email, candidate.website, candidate.text)
    if term := find_term(rules.disallowed_words, *fields):
        return Decision(SPAM, "disallowed_word", term)
    if history.previous_text is not None and same_text(candidate.text, history.previous_text):
        return Decision(SPAM, "duplicate")
    if rules.link_limit and count_links(candidate.text) >= rules.link_limit:
        return Decision(PENDING, "too_many_links")
    if term := find_term(rules.hold_words, *fields):
        return Decision(PENDING, "hold_word", term)
    if not history.has_approved_comment:
        return Decision(PENDING, "first_comment")
    if not history.is_trusted:
        return Decision(PENDING, "unconfirmed_email")
    if not rules.auto_approve:
        return Decision(PENDING, "auto_approve_off")
    return Decision(APPROVED, "trusted")


def with_spam_service(decision: Decision, verdict: str) -> Decision:
    """Fold in an outside spam check: "spam", "ham", or "unavailable" (held, never lost)."""
    if decision.status == SPAM:
        return decision
    if verdict == "spam":
        return Decision(SPAM, "spam_service")
    if verdict == "unavailable" and decision.status == APPROVED:
        return Decision(PENDING, "spam_service_unavailable")
    return decision
