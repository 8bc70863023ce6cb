"""Realistic support-ticket texts for the generated data set.

A category is drawn by weight, then a subject, a message and a signature
from its templates, with slots such as ``{amount}`` filled once per ticket
so subject and message agree. A seeded ``random.Random`` always draws the
same texts. The wording itself lives in ``ticketd.mockapi.phrases``.
"""

from __future__ import annotations

import random

import attrs

from ticketd.mockapi.phrases import CATEGORIES, CLOSERS, SLOTS, Category

__all__ = ["CATEGORIES", "Category", "TicketText", "draw_text"]


@attrs.frozen
class TicketText:
    """A drawn subject and message and the category they came from."""

    category: str
    subject: str
    message: str
    status: str


def _slot_values(rng: random.Random) -> dict[str, str]:
    return {slot: rng.choice(choices) for slot, choices in SLOTS.items()}


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    names = [name for name, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(names, weights=weights)[0]


def draw_text(rng: random.Random) -> TicketText:
    """Draw one ticket's category, subject, message and status."""
    category = rng.choices(CATEGORIES, weights=[c.weight for c in CATEGORIES])[0]
    # One set of slot values per ticket, so subject, message and signature
    # agree (same invoice, same product, same person).
    values = _slot_values(rng)
    subject = rng.choice(category.subjects).format(**values)
    subject = subject[:1].upper() + subject[1:]
    body = rng.choice(category.messages).format(**values)
    closer = rng.choice(CLOSERS).format(**values)
    return TicketText(
        category=category.name,
        subject=subject,
        message=f"{body}\n\n{closer}",
        status=_weighted(rng, category.statuses),
    )
