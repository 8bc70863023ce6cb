"""Matching a ticket's words against the rule tables: cues and situation
parts, negation and someone else's question.

The table (``classifier_table.RULES``) is compiled once at import into the
word trie of ``classifier_index``; which situations the matched parts make
is read in ``classifier_situation_match``. Everything here is pure and
works on local data, so it is safe from any thread.
"""

from __future__ import annotations

from ticketd.domain.classifier_index import compile_index
from ticketd.domain.classifier_rules import CONDITIONALS, FILLERS, NEGATION_WINDOW, NEGATORS
from ticketd.domain.classifier_situations import SITUATIONS
from ticketd.domain.classifier_table import RULES
from ticketd.domain.classifier_text import SENTENCE_ENDS

__all__ = [
    "NEGATION_WORDS",
    "RULES",
    "Match",
    "hypothetical",
    "matches",
    "may_wonder",
    "negated",
]

_INDEX = compile_index(RULES, SITUATIONS)

Match = tuple[int, int, int, str]  # (start, -length, rule position, keyword)
# A negation can only reach a match whose previous word is one of these.
NEGATION_WORDS = NEGATORS | FILLERS


def matches(tokens: list[str]) -> tuple[list[Match], list[Match]]:
    """Cue matches (leftmost then longest, overlaps removed) and part
    matches (all of them, by start), both as (start, -length, rule
    position, keyword). Each word is looked up in the trie's root; a phrase
    being read continues with one lookup per next word."""
    found: list[Match] = []
    parts: list[Match] = []
    size = len(tokens)
    cue = found.append
    part = parts.append
    # Root lookups in one C-level pass; most words start no phrase.
    for i, node in enumerate(map(_INDEX.get, tokens)):
        if node is None:
            continue
        children, cues, part_ends = node
        if cues:
            for position, keyword in cues:
                cue((i, -1, position, keyword))
        if part_ends:
            for position, keyword in part_ends:
                part((i, -1, position, keyword))
        j = i + 1
        while children is not None and j < size:
            node = children.get(tokens[j])
            if node is None:
                break
            children, cues, part_ends = node
            if cues:
                for position, keyword in cues:
                    cue((i, i - j - 1, position, keyword))
            if part_ends:
                for position, keyword in part_ends:
                    part((i, i - j - 1, position, keyword))
            j += 1
    if len(found) > 1:
        found.sort()
        kept = []
        covered = 0
        for match in found:
            if match[0] >= covered:
                kept.append(match)
                covered = match[0] - match[1]
        found = kept
    return found, parts


def negated(tokens: list[str], start: int) -> bool:
    """Whether a negator governs the match at ``start`` (see the
    classifier's module docstring)."""
    if not start or tokens[start - 1] not in NEGATION_WORDS:
        return False  # the common case: no negator or filler right before it
    j = start - 1
    stop = max(-1, start - 2 - NEGATION_WINDOW)
    while j > stop:
        token = tokens[j]
        if token in NEGATORS:
            # "Someone I don't know has been watching": "don't know" is a
            # clause of its own; it negates only the word right after it.
            if j + 1 < start - 1 and tokens[j + 1] in _KNOWING:
                return False
            return not (
                (j >= 1 and tokens[j - 1] in CONDITIONALS)
                or (j >= 2 and tokens[j - 2] in CONDITIONALS)
            )
        if token not in FILLERS:
            return False
        j -= 1
    return False


_KNOWING = frozenset({"know", "recognise", "recognize"})
_WONDERING = frozenset({"asked", "asking", "ask", "asks", "wondering", "wonder", "wondered"})
if not all("ask" in word or "wonder" in word for word in _WONDERING):
    raise ValueError("may_wonder looks for 'ask' and 'wonder': a wondering word holds neither")


def may_wonder(normal: str, tokens: list[str]) -> bool:
    """False when ``hypothetical`` is False at every start of ``tokens``
    (the tokens of ``normal``): they hold no "if" or "whether", or no asking
    or wondering word (each holds "ask" or "wonder"). Substring tests on the
    text first, which are cheaper than searching the list of words."""
    if "ask" not in normal and "wonder" not in normal:
        return False
    return ("if" in normal and "if" in tokens) or ("whether" in normal and "whether" in tokens)


def hypothetical(tokens: list[str], start: int) -> bool:
    """Whether a cue is someone else's question ("customers asked if they
    were charged twice"): "if" or "whether" after asked / wondering, at most
    five words before the cue, within the clause."""
    for j in range(start - 1, max(0, start - 6), -1):
        token = tokens[j]
        if token in SENTENCE_ENDS or token == ",":
            return False
        if token in ("if", "whether"):
            return tokens[j - 1] in _WONDERING
    return False
