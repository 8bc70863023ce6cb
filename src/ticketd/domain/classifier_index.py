"""The classifier's lookup index, compiled once from the rule tables.

Every pattern word is expanded to its inflections (``refund~`` -> refund,
refunds, refunded, refunding) and every phrase is stored in a word trie:
the first word of a phrase is looked up in the root, each next word in the
node reached so far. Matching a ticket is one dict lookup per word (most
words start no phrase) plus one per further word of a phrase that is
actually being read, whatever the number of rules or of generated phrases
sharing a word ("didn't make", "didn't authorise", ...). A word's common
misspellings (``classifier_spelling``: "acount", "pasword") lead to the
same trie node as the word, so they cost nothing more to read. Cue patterns
(layer 0) must be unambiguous: one pattern belongs to one rule and keyword,
and a conflict raises ``ValueError`` at import. Situation parts (layer 1)
may share patterns.
"""

from __future__ import annotations

from itertools import product
from typing import Any

from ticketd.domain.classifier_rules import Rule, Situation
from ticketd.domain.classifier_spelling import MISSPELLINGS
from ticketd.domain.classifier_text import normalise

__all__ = ["Node", "compile_index"]

# One trie node: the nodes of the words that may follow (None at a leaf),
# the cue patterns and the part patterns that end here, as (rule position,
# canonical keyword) pairs in table order.
Node = tuple[dict[str, Any] | None, tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]

_ENDINGS_ES = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")


def _inflections(word: str) -> tuple[str, ...]:
    """``refund~`` -> refund, refunds, refunded, refunding. Over-generation
    ("breachs") is harmless: a form nobody writes never matches."""
    if not word.endswith("~"):
        return (word,)
    stem = word[:-1]
    forms = {stem, stem + "s", stem + "ed", stem + "ing"}
    if stem.endswith("e"):
        forms |= {stem + "d", stem[:-1] + "ing"}
    if stem.endswith(_ENDINGS_ES):
        forms.add(stem + "es")
    if stem.endswith("y") and len(stem) > 2 and stem[-2] not in _VOWELS:
        forms |= {stem[:-1] + "ies", stem[:-1] + "ied"}
    if (
        len(stem) <= 4
        and stem[-1] not in _VOWELS
        and stem[-1] not in "wxy"
        and stem[-2] in _VOWELS
        and stem[-3:-2] not in _VOWELS
    ):
        # Short consonant-vowel-consonant verbs double: stop -> stopped.
        forms |= {stem + stem[-1] + "ed", stem + stem[-1] + "ing"}
    return tuple(sorted(forms))


def compile_index(rules: tuple[Rule, ...], situations: tuple[Situation, ...]) -> dict[str, Node]:
    """Build the word trie (the root: first words of phrases); refuses
    ambiguous cue tables (a cue pattern belongs to one rule and keyword;
    parts may share patterns) and rules or situations naming unknown rules."""
    ids = {rule.id for rule in rules}
    owner: dict[tuple[str, ...], tuple[str, str]] = {}
    phrases: list[tuple[tuple[str, ...], int, str, bool]] = []
    for position, rule in enumerate(rules):
        if rule.on_negation is not None and rule.on_negation not in ids:
            raise ValueError(f"rule {rule.id}: unknown on_negation {rule.on_negation!r}")
        if rule.urgency not in (-1, 0, 1, 2):
            raise ValueError(f"rule {rule.id}: urgency must be -1, 0, 1 or 2")
        for cancelled in rule.cancels:
            if cancelled not in ids:
                raise ValueError(f"rule {rule.id}: cancels unknown rule {cancelled!r}")
        for keyword, patterns in rule.keywords:
            for pattern in patterns:
                words = [_inflections(w) for w in normalise(pattern).replace("-", " ").split()]
                if not words:
                    raise ValueError(f"rule {rule.id}: empty pattern")
                for combination in product(*words):
                    if not rule.part:
                        previous = owner.setdefault(combination, (rule.id, keyword))
                        if previous != (rule.id, keyword):
                            raise ValueError(
                                f"pattern {' '.join(combination)!r} is claimed by "
                                f"{previous[0]}/{previous[1]} and {rule.id}/{keyword}"
                            )
                    phrases.append((combination, position, keyword, rule.part))
    for situation in situations:
        if situation.rule not in ids or any(p not in ids for g in situation.parts for p in g):
            raise ValueError(f"situation {situation.keyword!r} names an unknown rule")

    root: dict[str, list] = {}
    for combination, position, keyword, part in phrases:
        children = root
        node: list = []
        for word in combination:
            node = children.setdefault(word, [{}, [], []])
            children = node[0]
        ends = node[2] if part else node[1]
        if (position, keyword) not in ends:
            ends.append((position, keyword))
    return _frozen(root)


def _frozen(children: dict[str, list]) -> dict[str, Node]:
    """The trie as immutable nodes (a leaf has no children dict); a word's
    common misspellings (``classifier_spelling``) lead to the same node."""
    frozen = {
        word: (_frozen(node[0]) if node[0] else None, tuple(node[1]), tuple(node[2]))
        for word, node in children.items()
    }
    for word in frozen.keys() & MISSPELLINGS.keys():
        for variant in MISSPELLINGS[word]:
            frozen.setdefault(variant, frozen[word])
    return frozen
