"""Matching a ticket's words against the rule tables: cues, situation
parts, negation, hypotheticals and situations.

``RULES`` is the whole table in verdict order (strong topics first, then
situation outcomes, tone rules and, last, the parts); it is compiled once at
import into the index of ``classifier_index``. Everything here is pure and
works on local data, so it is safe from any thread.
"""

from __future__ import annotations

from bisect import bisect_left

from ticketd.domain.classifier_feeling import FEELING_RULES
from ticketd.domain.classifier_index import compile_index
from ticketd.domain.classifier_malfunction import MALFUNCTION_RULES
from ticketd.domain.classifier_noise import NOISE_RULES
from ticketd.domain.classifier_rules import (
    CONDITIONALS,
    FILLERS,
    NEGATION_WINDOW,
    NEGATORS,
    TICKET,
    Rule,
)
from ticketd.domain.classifier_situations import OUTCOME_RULES, PART_RULES, SITUATIONS
from ticketd.domain.classifier_text import SENTENCE_ENDS, names_a_field
from ticketd.domain.classifier_tone import TONE_RULES
from ticketd.domain.classifier_topics import TOPIC_RULES

__all__ = [
    "CANCELS",
    "POSITION",
    "RULES",
    "Match",
    "hypothetical",
    "matches",
    "negated",
    "situations",
]

# Table order is the order rules are listed on a verdict: strong first.
RULES: tuple[Rule, ...] = (
    TOPIC_RULES
    + OUTCOME_RULES
    + TONE_RULES
    + NOISE_RULES
    + MALFUNCTION_RULES
    + FEELING_RULES
    + PART_RULES
)

_INDEX = compile_index(RULES, SITUATIONS)
POSITION = {rule.id: position for position, rule in enumerate(RULES)}
CANCELS = tuple(frozenset(POSITION[name] for name in rule.cancels) for rule in RULES)
_NEUTRALISERS = frozenset(p for p, rule in enumerate(RULES) if rule.part and rule.cancels)
# Parts that may name a field or view instead ("the Bookings tab").
_PROPER_PARTS = frozenset(p for p, rule in enumerate(RULES) if rule.part and rule.proper)
# Situations compiled to positions: (rule position, keyword, groups, within).
_SITUATIONS = tuple(
    (
        POSITION[s.rule],
        s.keyword,
        tuple(frozenset(POSITION[p] for p in g) for g in s.parts),
        s.within,
    )
    for s in SITUATIONS
)


# Situations whose outcome is itself a part of later situations.
_INTERMEDIATE = tuple(RULES[rule].part for rule, *_ in _SITUATIONS)


def _needed_by() -> dict[int, tuple[int, ...]]:
    """For each part, the situations (by index) it makes worth trying: each
    situation is tried only when a part of its key group matched, the group
    with the fewest patterns (the rarest words) that holds no intermediate
    outcome (those are present only once an earlier situation held)."""
    intermediate = {rule for rule, *_ in _SITUATIONS if RULES[rule].part}
    patterns = [sum(len(p) for _, p in rule.keywords) for rule in RULES]
    needed: dict[int, tuple[int, ...]] = {}
    for index, (_, keyword, groups, _) in enumerate(_SITUATIONS):
        keys = [g for g in groups if g.isdisjoint(intermediate)]
        if not keys:
            raise ValueError(f"situation {keyword!r}: every group holds an intermediate outcome")
        for part in min(keys, key=lambda g: sum(patterns[p] for p in g)):
            needed[part] = (*needed.get(part, ()), index)
    return needed


_NEEDED_BY = _needed_by()
# For each situation, the parts its verdict can depend on: its groups' parts
# and the neutralisers that shadow any of them. Other parts of a ticket are
# not checked (negation, names, neutralisers) when only it is possible.
_RELEVANT = tuple(
    frozenset().union(*groups)
    | {n for n in _NEUTRALISERS if not CANCELS[n].isdisjoint(frozenset().union(*groups))}
    for _, _, groups, _ in _SITUATIONS
)

Match = tuple[int, int, int, str]  # (start, -length, rule position, keyword)
# A negation can only reach a match whose previous word is one of these.
_NEGATION_WORDS = NEGATORS | FILLERS


def matches(tokens: list[str]) -> tuple[list[Match], list[Match]]:
    """Cue matches (leftmost then longest, overlaps removed) and part
    matches (all of them, by start), both as (start, -length, rule
    position, keyword). Each word is looked up in the trie's root; a phrase
    being read continues with one lookup per next word."""
    get = _INDEX.get
    found: list[Match] = []
    parts: list[Match] = []
    count = len(tokens)
    for i, token in enumerate(tokens):
        node = get(token)
        if node is None:
            continue
        j = i
        while True:
            children, cues, part_ends = node
            if cues:
                for position, keyword in cues:
                    found.append((i, i - j - 1, position, keyword))
            if part_ends:
                for position, keyword in part_ends:
                    parts.append((i, i - j - 1, position, keyword))
            j += 1
            if children is None or j == count:
                break
            node = children.get(tokens[j])
            if node is None:
                break
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
    if not start or tokens[start - 1] not in _NEGATION_WORDS:
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


# Parts read together with a negator of their own ("nobody" + "can sign up"):
# the negator is the other part, not a negation of this one.
_EXPECTS_NEGATOR = frozenset({POSITION["happening"]})
_KNOWING = frozenset({"know", "recognise", "recognize"})
_WONDERING = frozenset({"asked", "asking", "ask", "asks", "wondering", "wonder", "wondered"})


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


def _possible(present: set[int]) -> list[int]:
    """The situations (by index, in table order) whose every group has a
    matched part, before negation, neutralisers and distance are checked:
    a ticket whose parts make no possible situation stops here. A possible
    intermediate situation makes its part present for the later ones."""
    possible = []
    needed: set[int] = set()
    for p in present:
        if p in _NEEDED_BY:
            needed.update(_NEEDED_BY[p])
    for index in sorted(needed):
        rule, _, groups, _ = _SITUATIONS[index]
        for group in groups:
            if present.isdisjoint(group):
                break
        else:
            possible.append(index)
            if _INTERMEDIATE[index]:
                present.add(rule)
    return possible


def situations(tokens: list[str], parts: list[Match]) -> list[tuple[int, str]]:
    """The situations whose parts matched close enough, as active matches."""
    candidates = _possible({position for _, _, position, _ in parts})
    if not candidates:
        return []
    relevant = _RELEVANT[candidates[0]]
    for index in candidates[1:]:
        relevant = relevant | _RELEVANT[index]
    parts = [part for part in parts if part[2] in relevant]
    shadowed: set[tuple[int, int]] = set()
    for start, negative_length, position, _ in parts:
        if position in _NEUTRALISERS:
            cancels = CANCELS[position]
            end = start - negative_length
            shadowed.update((s, p) for s, _, p, _ in parts if p in cancels and start <= s < end)
    seen: dict[int, list[int]] = {}
    wondering = "if" in tokens or "whether" in tokens
    for start, negative_length, position, _ in parts:
        if shadowed and (start, position) in shadowed:
            continue
        if position in _PROPER_PARTS and names_a_field(tokens, start, -negative_length):
            continue
        if wondering and hypothetical(tokens, start):
            continue
        if (
            start
            and position not in _EXPECTS_NEGATOR
            and tokens[start - 1] in _NEGATION_WORDS
            and negated(tokens, start)
        ):
            continue
        if position in seen:
            seen[position].append(start)
        else:
            seen[position] = [start]
    present = seen.keys()
    ends: list[int] = []
    sentence_of: dict[int, list[int]] | None = None  # the sentence of each start
    found: list[tuple[int, str]] = []
    for index in candidates:
        rule, keyword, groups, within = _SITUATIONS[index]
        missing = False
        for group in groups:
            if present.isdisjoint(group):
                missing = True
                break
        if missing:
            continue
        if within == TICKET:
            anchor = seen[next(p for p in groups[0] if p in seen)][0]
        else:
            if sentence_of is None:
                ends = [
                    i
                    for i, t in enumerate(tokens)
                    if t in SENTENCE_ENDS and (i == 0 or tokens[i - 1] not in SENTENCE_ENDS)
                ]
                sentence_of = {
                    p: [bisect_left(ends, s) for s in starts] for p, starts in seen.items()
                }
            anchor = _meeting(seen, sentence_of, groups, within)
            if anchor < 0:
                continue
        if RULES[rule].part:
            seen.setdefault(rule, []).append(anchor)
            if sentence_of is not None:
                sentence_of.setdefault(rule, []).append(bisect_left(ends, anchor))
        else:
            found.append((rule, keyword))
    return found


def _meeting(
    seen: dict[int, list[int]], sentence_of: dict[int, list[int]], groups: tuple, within: int
) -> int:
    """A start of the first group's parts that every other group meets within
    ``within`` sentences, or -1."""
    others = [
        [sentence for p in group if p in sentence_of for sentence in sentence_of[p]]
        for group in groups[1:]
    ]
    for p in groups[0]:
        if p not in seen:
            continue
        for start, sentence in zip(seen[p], sentence_of[p], strict=True):
            for sentences in others:
                for other in sentences:
                    if -within <= sentence - other <= within:
                        break
                else:
                    break  # this group is too far
            else:
                return start
    return -1
