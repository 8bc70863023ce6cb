"""Ruleset 2026.11-7: high urgency described by broad concepts, not phrases.

Each case in tests/data/classification_concepts.jsonl was written for this round from the rubric
(docs/classification.md) and general knowledge of how customers write, not
from any corpus ticket. The rules were built as word families composed
within a sentence or neighbouring sentences (``classifier_parts_concepts``,
``classifier_parts_claims``, ``classifier_parts_scope``), so these wordings
test concepts rather than memorised phrases. Cases with ``was_missed``
were not high under ruleset 2026.11-6.

Also pinned: every strong rule declares its family (security, privacy,
legal, money, impact), question and wish frames hold the parts they frame,
and the new situations report a keyword."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ticketd.domain.classifier import RULES, classify
from ticketd.domain.classifier_rules import FAMILIES

_BY_ID = {rule.id: rule for rule in RULES}
# Wordings written for this round, before their rules: high cases with the
# family of their situation (``was_missed``: not high under 2026.11-6) and
# look-alikes that must not be high.
_CASES = [
    json.loads(line)
    for line in (Path(__file__).resolve().parent.parent / "data" / "classification_concepts.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]
HIGH = [(c["family"], c["subject"], c["message"]) for c in _CASES if c["urgency"] == "high"]
NOT_HIGH = [(c["subject"], c["message"]) for c in _CASES if c["urgency"] != "high"]


@pytest.mark.parametrize(("family", "subject", "message"), HIGH)
def test_concept_is_high(family: str, subject: str, message: str) -> None:
    verdict = classify(subject, message)
    assert verdict.urgency == "high", verdict
    assert verdict.keywords, verdict  # the situation or cue is reported
    strong = [_BY_ID[rule] for rule in verdict.rules if _BY_ID[rule].strong]
    assert strong and all(rule.family in FAMILIES for rule in strong)


@pytest.mark.parametrize(("subject", "message"), NOT_HIGH)
def test_look_alike_is_not_high(subject: str, message: str) -> None:
    assert classify(subject, message).urgency != "high"


def test_every_strong_rule_has_a_family() -> None:
    assert {rule.family for rule in RULES if rule.strong} <= FAMILIES
    assert all(rule.family in FAMILIES for rule in RULES if rule.strong)
    assert not [rule.id for rule in RULES if rule.family and not rule.strong]


@pytest.mark.parametrize(
    ("family", "message"),
    [
        ("security", "Nobody in our house uses Windows, but the devices page lists a PC."),
        ("security", "A user we don't recognise has been given admin rights."),
        ("privacy", "The directory shows every employee's home address to all staff."),
        ("money", "I switched off auto renew in May and you still charged me again in June."),
        ("privacy", "I withdraw my consent to the processing of my details."),
        ("legal", "I have written to the housing ombudsman about this."),
        ("impact", "The nightly backup has failed every night this week."),
        ("impact", "Calls aren't ringing on any of our phones."),
    ],
)
def test_family_of_the_verdict(family: str, message: str) -> None:
    verdict = classify("", message)
    families = {_BY_ID[rule].family for rule in verdict.rules if _BY_ID[rule].strong}
    assert family in families, verdict


@pytest.mark.parametrize(
    "message",
    [
        # A question or a wish frames the rest of its sentence.
        "It would be nice if admins could see every user's login history.",
        "How can I see if someone else logged into our account from another country?",
        "Is there a way to let every customer see other customers' reviews?",
        # Each one's own data is not another's.
        "Every customer can see their own invoices and addresses in the portal.",
    ],
)
def test_frames_hold_their_sentence(message: str) -> None:
    assert classify("Question", message).urgency != "high"


def test_frames_do_not_reach_past_their_sentence() -> None:
    verdict = classify(
        "Account",
        "How do I change my plan? Also, someone from another country logged into my account.",
    )
    assert verdict.urgency == "high"
    assert "activity not made by the customer" in verdict.keywords


# The fifth blind batch (tests/data/classification_blind4.jsonl), read after
# the concepts were built from the rubric: its high tickets still missed, by
# category; each category was generalised as a concept (not the ticket's
# phrase) and checked on wordings written here (classification_concepts.jsonl).
BLIND4_FIXED = {
    "none of our X + any working verb": ["fresh-i-009", "fresh-i-197"],
    "the account's owner says they did not": ["fresh-i-015"],
    "a record nobody here created": ["fresh-i-044"],
    "privacy laws by name (FERPA)": ["fresh-i-114"],
    "access from addresses we don't own": ["fresh-i-117"],
    "data empty for a whole group": ["fresh-i-125"],
    "progress back to the beginning": ["fresh-j-022"],
    "an amount to be removed from the bill": ["fresh-j-057"],
    "blank for all my clients": ["fresh-j-065"],
    "erasure of recordings": ["fresh-j-071"],
    "nothing of mine stays on your servers": ["fresh-j-096"],
    "give me back": ["fresh-j-105"],
    "an automatic reply mentioned, not sent": ["fresh-j-110"],
    "crashes on every phone of a family": ["fresh-j-117"],
    "another person seeing my account": ["fresh-j-129"],
}
_BLIND4 = {
    case["id"]: case
    for case in (
        json.loads(line)
        for line in (
            Path(__file__).resolve().parent.parent / "data" / "classification_blind4.jsonl"
        )
        .read_text("utf-8")
        .splitlines()
        if line.strip()
    )
}


@pytest.mark.parametrize(
    ("category", "case_id"),
    [(category, case_id) for category, ids in BLIND4_FIXED.items() for case_id in ids],
)
def test_blind4_category_is_high(category: str, case_id: str) -> None:
    case = _BLIND4[case_id]
    assert case["urgency"] == "high"
    verdict = classify(case["subject"], case["message"], case.get("status", "open"))
    assert verdict.urgency == "high", f"{category}: {verdict}"
