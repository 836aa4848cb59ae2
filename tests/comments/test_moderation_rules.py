"""Every moderation rule, called directly with a table of cases."""

import pytest

from comments.choices import CommentStatus
from comments.moderation import (
    Candidate,
    Decision,
    History,
    Rules,
    decide,
    find_term,
    with_spam_service,
)

APPROVED, PENDING, SPAM = CommentStatus.APPROVED, CommentStatus.PENDING, CommentStatus.SPAM

TRUSTED = History(
    previous_text="An earlier, different comment.",
    has_approved_comment=True,
    email_confirmed=True,
    browser_confirmed=True,
)
NEWCOMER = History()
RULES = Rules(
    disallowed_words=("cialis", "cheap watches", "press"),
    hold_words=("refund", "lawsuit"),
    blocked_emails=("troll@example.com",),
    blocked_domains=("spam.example",),
    blocked_ips=("203.0.113.7", "198.51.100.0/24"),
)


def candidate(**fields) -> Candidate:
    values = {
        "name": "Ann Reader",
        "email": "ann@example.org",
        "text": "Thanks for covering the council meeting.",
        "ip_address": "192.0.2.10",
    }
    values.update(fields)
    return Candidate(**values)


@pytest.mark.parametrize(
    "fields,history,rules,expected",
    [
        # Spam
        ({"honeypot_filled": True}, TRUSTED, RULES, Decision(SPAM, "honeypot")),
        (
            {"email": "troll@example.com"},
            TRUSTED,
            RULES,
            Decision(SPAM, "blocked_email", "troll@example.com"),
        ),
        (
            {"email": "Troll@Example.COM"},
            TRUSTED,
            RULES,
            Decision(SPAM, "blocked_email", "troll@example.com"),
        ),
        (
            {"email": "x@spam.example"},
            TRUSTED,
            RULES,
            Decision(SPAM, "blocked_domain", "spam.example"),
        ),
        (
            {"email": "x@mail.spam.example"},
            TRUSTED,
            RULES,
            Decision(SPAM, "blocked_domain", "spam.example"),
        ),
        (
            {"ip_address": "203.0.113.7"},
            TRUSTED,
            RULES,
            Decision(SPAM, "blocked_ip", "203.0.113.7"),
        ),
        (
            {"ip_address": "198.51.100.44"},
            TRUSTED,
            RULES,
            Decision(SPAM, "blocked_ip", "198.51.100.0/24"),
        ),
        ({"text": "Buy CIALIS now"}, TRUSTED, RULES, Decision(SPAM, "disallowed_word", "cialis")),
        (
            {"text": "Cheap\n  watches here"},
            TRUSTED,
            RULES,
            Decision(SPAM, "disallowed_word", "cheap watches"),
        ),
        ({"name": "cialis king"}, TRUSTED, RULES, Decision(SPAM, "disallowed_word", "cialis")),
        (
            {"website": "https://press.example/"},
            TRUSTED,
            RULES,
            Decision(SPAM, "disallowed_word", "press"),
        ),
        ({"text": "an earlier,   DIFFERENT comment."}, TRUSTED, RULES, Decision(SPAM, "duplicate")),
        # Pending
        (
            {"text": "See https://a.example and http://b.example"},
            TRUSTED,
            RULES,
            Decision(PENDING, "too_many_links"),
        ),
        (
            {"text": "See www.a.example and https://b.example"},
            TRUSTED,
            RULES,
            Decision(PENDING, "too_many_links"),
        ),
        (
            {"text": "I want a Refund for my ticket"},
            TRUSTED,
            RULES,
            Decision(PENDING, "hold_word", "refund"),
        ),
        ({}, NEWCOMER, RULES, Decision(PENDING, "first_comment")),
        (
            {},
            History(has_approved_comment=True, email_confirmed=True),
            RULES,
            Decision(PENDING, "unconfirmed_email"),
        ),
        (
            {},
            History(has_approved_comment=True, browser_confirmed=True),
            RULES,
            Decision(PENDING, "unconfirmed_email"),
        ),
        ({}, TRUSTED, Rules(auto_approve=False), Decision(PENDING, "auto_approve_off")),
        # Approved
        ({}, TRUSTED, RULES, Decision(APPROVED, "trusted")),
        (
            {"text": "One link is fine: https://city.example/agenda"},
            TRUSTED,
            RULES,
            Decision(APPROVED, "trusted"),
        ),
        (
            {"is_staff": True, "text": "cialis https://a https://b"},
            NEWCOMER,
            RULES,
            Decision(APPROVED, "staff"),
        ),
        # Words never match inside other words
        ({"text": "My specialist said so."}, TRUSTED, RULES, Decision(APPROVED, "trusted")),
        (
            {"text": "Built with WordPress, pressing on."},
            TRUSTED,
            RULES,
            Decision(APPROVED, "trusted"),
        ),
        ({"text": "Refunds are not the same word."}, TRUSTED, RULES, Decision(APPROVED, "trusted")),
        # Any script is welcome
        (
            {"name": "Zoë 李", "text": "Привет, соседи! Спасибо."},
            TRUSTED,
            RULES,
            Decision(APPROVED, "trusted"),
        ),
    ],
    ids=[
        "spam-honeypot",
        "spam-blocked-email",
        "spam-blocked-email-any-case",
        "spam-blocked-domain",
        "spam-blocked-subdomain",
        "spam-blocked-ip",
        "spam-blocked-network",
        "spam-disallowed-word",
        "spam-disallowed-phrase-across-lines",
        "spam-disallowed-word-in-name",
        "spam-disallowed-word-in-website",
        "spam-duplicate-of-previous",
        "pending-two-links",
        "pending-www-and-https-links",
        "pending-hold-word",
        "pending-first-comment",
        "pending-unconfirmed-browser",
        "pending-unconfirmed-email",
        "pending-auto-approve-off",
        "approved-trusted",
        "approved-one-link",
        "approved-staff-despite-everything",
        "no-cialis-in-specialist",
        "no-press-in-wordpress",
        "no-refund-in-refunds",
        "approved-any-script",
    ],
)
def test_decide(fields, history, rules, expected):
    assert decide(candidate(**fields), rules, history) == expected


def test_spam_beats_pending_when_both_apply():
    decision = decide(candidate(text="refund cialis https://a https://b"), RULES, NEWCOMER)
    assert decision == Decision(SPAM, "disallowed_word", "cialis")


@pytest.mark.parametrize(
    "terms,text,expected",
    [
        (("cialis",), "specialist", ""),
        (("press",), "WordPress", ""),
        (("press",), "Press release", "press"),
        (("ass",), "a class assignment", ""),
        (("free money",), "FREE   money!", "free money"),
        (("c++",), "I write C++ daily", "c++"),
        (("café",), "Le CAFÉ est fermé", "café"),
        (("spam",), "", ""),
    ],
)
def test_find_term_matches_whole_words_and_phrases_case_insensitively(terms, text, expected):
    assert find_term(terms, text) == expected


@pytest.mark.parametrize(
    "decision,verdict,expected",
    [
        (Decision(APPROVED, "trusted"), "spam", Decision(SPAM, "spam_service")),
        (Decision(PENDING, "first_comment"), "spam", Decision(SPAM, "spam_service")),
        (Decision(APPROVED, "trusted"), "ham", Decision(APPROVED, "trusted")),
        (
            Decision(APPROVED, "trusted"),
            "unavailable",
            Decision(PENDING, "spam_service_unavailable"),
        ),
        (
            Decision(PENDING, "hold_word", "refund"),
            "unavailable",
            Decision(PENDING, "hold_word", "refund"),
        ),
        (Decision(SPAM, "honeypot"), "ham", Decision(SPAM, "honeypot")),
    ],
)
def test_outside_spam_check_can_only_make_a_decision_stricter(decision, verdict, expected):
    assert with_spam_service(decision, verdict) == expected


def test_decision_explains_itself_with_rule_and_term():
    assert Decision(SPAM, "disallowed_word", "cialis").explanation == (
        "Disallowed word or phrase: “cialis”"
    )
    assert Decision(PENDING, "first_comment").explanation == (
        "First comment from this email address"
    )
