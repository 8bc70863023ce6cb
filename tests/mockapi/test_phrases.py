"""The wording pools (src/ticketd/mockapi/phrases.py)."""

from __future__ import annotations

import string

from ticketd.mockapi.phrases import CATEGORIES, CLOSERS, SLOTS


def _slots_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_template_uses_known_slots_only():
    templates = list(CLOSERS)
    for category in CATEGORIES:
        templates += [*category.subjects, *category.messages]
    for template in templates:
        assert _slots_of(template) <= set(SLOTS), template


def test_category_names_are_unique_and_weights_positive():
    names = [c.name for c in CATEGORIES]
    assert len(names) == len(set(names))
    assert all(c.weight > 0 for c in CATEGORIES)
    assert {
        "refund",
        "chargeback",
        "legal",
        "gdpr",
        "security",
        "outage",
        "praise",
        "not_urgent",
        "feature_request",
        "billing_dispute",
        "question",
    } <= set(names)
