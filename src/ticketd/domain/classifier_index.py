"""The classifier's lookup index, compiled once from the rule tables.

Every pattern word is expanded to its inflections (``refund~`` -> refund,
refunds, refunded, refunding) and every phrase is indexed by one of its
words and a neighbour, so matching a ticket costs a few dict lookups per
word whatever the number of rules. Cue patterns (layer 0) must be
unambiguous: one pattern belongs to one rule and keyword, and a conflict
raises ``ValueError`` at import. Situation parts (layer 1) may share
patterns.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise, product

from ticketd.domain.classifier_rules import Rule, Situation
from ticketd.domain.classifier_text import normalise

__all__ = ["Bucket", "Entry", "compile_index"]

# One compiled entry: where the indexed word sits in the phrase, the phrase
# words (a list, compared with a slice of the token list), its length, the
# rule's position in the table, the canonical keyword and whether it is a part.
Entry = tuple[int, list[str], int, int, str, bool]
# A word's bucket: its one-word cue patterns and one-word part patterns as
# (rule position, keyword), phrases keyed by the next word, phrases keyed by
# the previous word.
Bucket = tuple[
    tuple[tuple[int, str], ...],
    tuple[tuple[int, str], ...],
    dict[str, tuple[Entry, ...]],
    dict[str, tuple[Entry, ...]],
]

_ENDINGS_ES = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")


# Words (and punctuation) too frequent in any text to index a phrase by.
_COMMON = frozenset({
    ".", ",", ";", ":", "!", "?", "a", "an", "the", "and", "or", "but", "to", "of", "in", "on",
    "at", "for", "from", "with", "by", "as", "is", "are", "was", "were", "be", "been", "being",
    "it", "its", "this", "that", "these", "those", "i", "me", "my", "we", "us", "our", "you",
    "your", "he", "she", "they", "them", "his", "her", "their", "not", "no", "do", "does",
    "did", "done", "have", "has", "had", "can", "could", "will", "would", "should", "just",
    "so", "if", "all", "any", "every", "one", "some", "there", "here", "what", "when", "where",
    "who", "how", "why", "up", "out", "about", "into", "over", "then", "than", "also", "very",
    "really", "please", "thanks", "get", "got", "new", "now", "still",
})  # fmt: skip


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


def compile_index(rules: tuple[Rule, ...], situations: tuple[Situation, ...]) -> dict[str, Bucket]:
    """Build the word -> entries index; refuses ambiguous cue tables (a cue
    pattern belongs to one rule and keyword; parts may share patterns).

    Each word maps to a ``Bucket``: its one-word patterns, and the phrases
    indexed by it, keyed by the word that follows it in the phrase (or, for
    a phrase's last word, the word before). A phrase is indexed by its
    rarest word across all phrases, avoiding words frequent in any text
    ("the", "my", punctuation; ties: the longest), so matching a word
    costs one dict lookup plus one per neighbour, however many generated
    phrases share a word ("didn't make", "didn't authorise", ...)."""
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

    frequency = Counter(word for combination, *_ in phrases for word in set(combination))
    pair_frequency = Counter(
        pair for combination, *_ in phrases for pair in set(pairwise(combination))
    )
    cue_singles: dict[str, list[tuple[int, str]]] = {}
    part_singles: dict[str, list[tuple[int, str]]] = {}
    after: dict[str, dict[str, list[Entry]]] = {}
    before: dict[str, dict[str, list[Entry]]] = {}
    for combination, position, keyword, part in phrases:
        if len(combination) == 1:
            singles = part_singles if part else cue_singles
            if (position, keyword) not in singles.setdefault(combination[0], []):
                singles[combination[0]].append((position, keyword))
            continue
        # The neighbouring pair fewest phrases share, so a matched pair
        # checks few candidates ("didnt log", not "log in", for the many
        # "<someone> didnt log in" phrases); its rarer word, never a word
        # frequent in any text, is the one looked up.
        pair = min(
            range(len(combination) - 1),
            key=lambda i: (
                combination[i] in _COMMON and combination[i + 1] in _COMMON,
                pair_frequency[combination[i], combination[i + 1]],
                min(frequency[combination[i]], frequency[combination[i + 1]]),
            ),
        )
        first, second = combination[pair], combination[pair + 1]
        use_first = second in _COMMON or (
            first not in _COMMON
            and (frequency[first], -len(first)) <= (frequency[second], -len(second))
        )
        if use_first:
            entry = (pair, list(combination), len(combination), position, keyword, part)
            entries = after.setdefault(first, {}).setdefault(second, [])
        else:
            entry = (pair + 1, list(combination), len(combination), position, keyword, part)
            entries = before.setdefault(second, {}).setdefault(first, [])
        if entry not in entries:
            entries.append(entry)
    words = set(cue_singles) | set(part_singles) | set(after) | set(before)
    return {
        word: (
            tuple(cue_singles.get(word, ())),
            tuple(part_singles.get(word, ())),
            {k: tuple(v) for k, v in after.get(word, {}).items()},
            {k: tuple(v) for k, v in before.get(word, {}).items()},
        )
        for word in words
    }
