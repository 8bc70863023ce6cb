"""The classifier's engine: faster mechanisms give the same results as the
plain ones they replace (the verdicts themselves are pinned by the other
classifier tests and by ``bench/classify_identity.py``)."""

from __future__ import annotations

import random
import re

import pytest

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
