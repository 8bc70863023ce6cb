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

from functools import cache
from itertools import product
from sys import intern
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


@cache
def _inflections(word: str) -> tuple[str, ...]:
    """``refund~`` -> refund, refunds, refunded, refunding. Over-generation
    ("breachs") is harmless: a form nobody writes never matches. Each word's
    forms are made once (cached) and interned: the tables repeat the same
    words in thousands of generated phrases."""
    return tuple(intern(form) for form in _forms(word))


def _forms(word: str) -> tuple[str, ...]:
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
    # While building, a node is one dict: the next words (str keys) and the
    # cue (1) and part (2) patterns that end there (int keys).
    root: dict[str | int, Any] = {}
    for position, rule in enumerate(rules):
        if rule.on_negation is not None and rule.on_negation not in ids:
            raise ValueError(f"rule {rule.id}: unknown on_negation {rule.on_negation!r}")
        if rule.urgency not in (-1, 0, 1, 2):
            raise ValueError(f"rule {rule.id}: urgency must be -1, 0, 1 or 2")
        for cancelled in rule.cancels:
            if cancelled not in ids:
                raise ValueError(f"rule {rule.id}: cancels unknown rule {cancelled!r}")
        end = 2 if rule.part else 1
        for keyword, patterns in rule.keywords:
            match = (position, keyword)
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
                    node = root
                    for word in combination:
                        node = node.get(word) or node.setdefault(word, {})
                    ends = node.setdefault(end, [])
                    if match not in ends:
                        ends.append(match)
    for situation in situations:
        if situation.rule not in ids or any(p not in ids for g in situation.parts for p in g):
            raise ValueError(f"situation {situation.keyword!r} names an unknown rule")
    return _frozen(root)


def _frozen(built: dict[str | int, Any], shared: dict | None = None) -> dict[str, Node]:
    """The trie as immutable nodes (a leaf has no children dict); a word's
    common misspellings (``classifier_spelling``) lead to the same node.

    Equal subtries are built once and shared (``shared`` maps a node's
    content to its one instance, children first): generated phrases end
    in the same few words and keywords, so most of the trie repeats
    (e.g. every leaf of one part's keyword is the same node). The trie
    is read-only, so sharing changes no lookup."""
    if shared is None:
        shared = {}
    frozen: dict[str, Node] = {}
    for word, node in built.items():
        if not isinstance(word, str):
            continue
        below = _frozen(node, shared) if any(isinstance(w, str) for w in node) else None
        cues, parts = tuple(node.get(1, ())), tuple(node.get(2, ()))
        key = (id(below) if below is not None else None, cues, parts)
        frozen[word] = shared.setdefault(key, (below, cues, parts))
    for word in frozen.keys() & MISSPELLINGS.keys():
        for variant in MISSPELLINGS[word]:
            frozen.setdefault(variant, frozen[word])
    key = ("children", tuple(sorted((word, id(node)) for word, node in frozen.items())))
    return shared.setdefault(key, frozen)
