"""The ticket text pools (src/ticketd/mockapi/texts.py)."""

from __future__ import annotations

import random
from collections import Counter

from ticketd.mockapi.texts import CATEGORIES, draw_text


def test_draws_are_deterministic_per_seed():
    first = [draw_text(random.Random(5)) for _ in range(3)]
    assert first == [draw_text(random.Random(5)) for _ in range(3)]


def test_every_category_is_drawn_and_templates_format():
    rng = random.Random(1)
    drawn = Counter(draw_text(rng).category for _ in range(3000))
    assert set(drawn) == {c.name for c in CATEGORIES}
    for category in CATEGORIES:
        assert category.subjects and category.messages
        assert {status for status, _ in category.statuses} <= {"open", "pending", "closed"}


def test_subject_and_message_agree_on_slot_values():
    rng = random.Random(3)
    for _ in range(500):
        text = draw_text(rng)
        if text.category == "refund" and "INV-" in text.subject and "INV-" in text.message:
            invoice = text.subject.split("INV-")[1][:5]
            assert f"INV-{invoice}" in text.message
            return
    raise AssertionError("no refund ticket naming an invoice in subject and message")


def test_subjects_are_capitalised_and_messages_signed():
    rng = random.Random(8)
    for _ in range(300):
        text = draw_text(rng)
        assert not text.subject[0].islower()
        assert "\n\n" in text.message
        assert "{" not in text.subject + text.message
