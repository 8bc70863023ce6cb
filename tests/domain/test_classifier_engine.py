"""The classifier's engine: faster mechanisms give the same results as the
plain ones they replace (the verdicts themselves are pinned by the other
classifier tests and by ``bench/classify_identity.py``)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from ticketd.domain.classifier_context import framed_subject
from ticketd.domain.classifier_frames import without_framed
from ticketd.domain.classifier_match import matches
from ticketd.domain.classifier_situation_match import (
    frames_among,
    neutralisers_among,
    possible,
    possible_among,
    present,
    relevant_parts,
    relevant_to,
    situations,
)
from ticketd.domain.classifier_text import normalise, tokenise

# The tokeniser's definition: words, clause marks, a full stop that ends
# something (not one inside "v4.2" or "example.com").
_REFERENCE = re.compile(r"\w+|[,;:!?\n$]|\.(?!\w)", re.ASCII)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "refund",
        "v4.2 and example.com.",
        "wait... what?! $5, ok; fine: yes\n\nthanks.",
        "a..b . .c. ..",
        "tabs\tand\rcarriage\r\nreturns\x0bvt\x0cff",
        '(brackets) [and] {braces} <angle> "quotes" -dash- /slash/ _under_score_',
        "#hash %per cent &amp *star +plus =eq @at ^caret |pipe ~tilde `tick",
        "\x00nul\x01soh\x7fdel\x1fus",
        "....",
        "$$$ ,,, ;;; ::: !!! ??? \n\n\n",
        "end.",
        ".start",
    ],
)
def test_ascii_tokens_are_the_regex_tokens(text):
    assert tokenise(text) == _REFERENCE.findall(text)


def test_ascii_tokens_on_random_text():
    rng = random.Random(15)
    alphabet = "ab Z9_ ..,;:!?\n$-/'\"\t\r\x00()&" + "".join(map(chr, range(128)))
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert tokenise(text) == _REFERENCE.findall(text), repr(text)


def test_tokens_of_non_ascii_text_keep_unicode_words():
    assert tokenise(normalise("Café naïve — refund €12")) == [
        "café",
        "naïve",
        "refund",
        "€",
        "12",
    ]


def _development_tickets() -> list[tuple[str, str]]:
    data = Path(__file__).resolve().parents[1] / "data"
    tickets = []
    for name in ("cases", "heldout", "blind11"):
        with (data / f"classification_{name}.jsonl").open(encoding="utf-8") as lines:
            tickets += [(c["subject"], c["message"]) for c in map(json.loads, lines)]
    return tickets


def test_skipped_situation_passes_find_the_same_situations():
    """Frames and neutralisers are looked for only when one is among a
    ticket's parts: the situations found are those of every pass."""
    checked = 0
    for subject, message in _development_tickets():
        tokens = tokenise(normalise(f"{subject} . {message}"))
        _, parts = matches(tokens)
        if not parts:
            continue
        positions = present(parts)
        candidates = possible_among(positions)
        assert candidates == possible(parts)
        if not candidates:
            continue
        subject_end = tokens.index(".") if "." in tokens else 0
        relevant = relevant_to(candidates)
        every = relevant_parts(parts, relevant)
        every = without_framed(tokens, framed_subject(every, subject_end))
        framed, neutralised = frames_among(positions), neutralisers_among(positions)
        some = relevant_parts(parts, relevant, framed)
        if neutralised:
            some = framed_subject(some, subject_end)
        if framed:
            some = without_framed(tokens, some)
        assert situations(
            tokens,
            some,
            candidates,
            relevant,
            None,
            only_relevant=not framed,
            neutralised=neutralised,
        ) == situations(tokens, every, candidates, relevant)
        checked += 1
    assert checked > 500
