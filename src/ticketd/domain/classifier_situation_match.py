"""Which situations a ticket's parts make: the situations possible on the
parts matched, the parts that can matter to them, and the situations whose
parts hold (not negated, not shadowed by a neutraliser, not a field's name,
not someone else's question) close enough together.

Each situation is tried only when a part of its rarest group matched, and
its groups are checked rarest first (speed only, never the verdict).
Everything here is pure and works on local data, so it is safe from any
thread.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress, count
from operator import itemgetter

from ticketd.domain.classifier_match import NEGATION_WORDS, Match, hypothetical, negated
from ticketd.domain.classifier_rules import TICKET
from ticketd.domain.classifier_senses import names_a_field
from ticketd.domain.classifier_situations import (
    SENTENCE_FRAMES,
    SITUATIONS,
    WHOLE_SENTENCE_FRAMES,
)
from ticketd.domain.classifier_table import CANCELS, POSITION, RULES
from ticketd.domain.classifier_text import SENTENCE_ENDS

__all__ = [
    "frames_among",
    "neutralisers_among",
    "possible",
    "possible_among",
    "present",
    "relevant_parts",
    "relevant_to",
    "situations",
]

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


def _rarity() -> list[int]:
    """How often each rule's patterns may match, for choosing which part
    keys a situation (speed only, never the verdict): one-word patterns
    ("all", "data", "export") count ten times a phrase, which needs two
    words in a row."""
    weights = []
    for rule in RULES:
        weight = 0
        for _, patterns in rule.keywords:
            for pattern in patterns:
                weight += 10 if len(pattern.replace("-", " ").split()) == 1 else 1
        weights.append(weight)
    return weights


_RARITY = _rarity()


def _key_groups() -> tuple[frozenset[int], ...]:
    """Each situation's key group: the group that matches least often
    (``_RARITY``) and holds no intermediate outcome (those are present only
    once an earlier situation held)."""
    intermediate = {rule for rule, *_ in _SITUATIONS if RULES[rule].part}
    patterns = _RARITY
    chosen = []
    for _, keyword, groups, _ in _SITUATIONS:
        keys = [g for g in groups if g.isdisjoint(intermediate)]
        if not keys:
            raise ValueError(f"situation {keyword!r}: every group holds an intermediate outcome")
        chosen.append(min(keys, key=lambda g: sum(patterns[p] for p in g)))
    return tuple(chosen)


_KEY_GROUPS = _key_groups()


def _needed_by() -> dict[int, frozenset[int]]:
    """For each part, the situations (by index) it makes worth trying: each
    situation is tried only when a part of its key group matched."""
    needed: dict[int, set[int]] = {}
    for index, group in enumerate(_KEY_GROUPS):
        for part in group:
            needed.setdefault(part, set()).add(index)
    return {part: frozenset(indices) for part, indices in needed.items()}


# Frozensets: a ticket's key parts' situations are gathered by set union.
_NEEDED_BY = _needed_by()
_FRAMING = frozenset(POSITION[frame] for frame in (*SENTENCE_FRAMES, *WHOLE_SENTENCE_FRAMES))
_POSITION_OF = itemgetter(2)  # of a match
_KEYS = frozenset(_NEEDED_BY)


def _checks() -> tuple[tuple[frozenset[int], ...], ...]:
    """Each situation's groups in the order ``_possible`` checks them: the
    rarest first (an earlier situation's outcome, then the fewest
    patterns), so a situation that cannot hold is told after one check.
    The key group is left out: a situation is tried only when it matched."""
    patterns = _RARITY
    intermediate = {rule for rule, *_ in _SITUATIONS if RULES[rule].part}

    def rarity(group: frozenset[int]) -> tuple[bool, int]:
        return (group.isdisjoint(intermediate), sum(patterns[p] for p in group))

    checks = []
    for (_, _, groups, _), key in zip(_SITUATIONS, _KEY_GROUPS, strict=True):
        others = list(groups)
        others.remove(key)
        checks.append(tuple(sorted(others, key=rarity)))
    return tuple(checks)


_CHECKS = _checks()
# For each situation, the parts its verdict can depend on: its groups' parts
# and the neutralisers that shadow any of them. Other parts of a ticket are
# not checked (negation, names, neutralisers) when only it is possible.
_RELEVANT = tuple(
    frozenset().union(*groups)
    | {n for n in _NEUTRALISERS if not CANCELS[n].isdisjoint(frozenset().union(*groups))}
    for _, _, groups, _ in _SITUATIONS
)

# Parts read together with a negator of their own ("nobody" + "can sign up"):
# the negator is the other part, not a negation of this one.
_EXPECTS_NEGATOR = frozenset({POSITION["happening"]})


def possible(parts: list[Match]) -> list[int]:
    """The situations that may hold on these parts (before negation,
    framing, neutralisers and distance): most tickets' parts make none, and
    then nothing else about parts needs doing. Dropping parts never makes a
    situation possible, so the situations possible before framing can be
    tried on the framed parts (``situations`` checks each again)."""
    return _possible(set(map(_POSITION_OF, parts)))


def present(parts: list[Match]) -> set[int]:
    """The rule positions of these parts (``possible_among`` reads them,
    ``frames_among`` and ``neutralisers_among`` tell which per-part passes
    a ticket can skip)."""
    return set(map(_POSITION_OF, parts))


def possible_among(positions: set[int]) -> list[int]:
    """``possible`` of parts whose positions are ``positions`` (left as
    they are)."""
    if _KEYS.isdisjoint(positions):
        return []
    return _possible(set(positions))


def frames_among(positions: set[int]) -> bool:
    """Whether a question or wish frame (``classifier_frames``) is among
    these part positions: without one, no part is framed."""
    return not _FRAMING.isdisjoint(positions)


def neutralisers_among(positions: set[int]) -> bool:
    """Whether a neutraliser is among these part positions: without one, no
    part is shadowed (and no subject part is framed by the message)."""
    return not _NEUTRALISERS.isdisjoint(positions)


def relevant_to(candidates: list[int]) -> frozenset[int]:
    """The parts the verdict of these candidate situations can depend on:
    their groups' parts and the neutralisers that shadow them."""
    if len(candidates) == 1:
        return _RELEVANT[candidates[0]]
    return frozenset().union(*map(_RELEVANT.__getitem__, candidates))


def relevant_parts(
    parts: list[Match], relevant: frozenset[int], framed: bool = True
) -> list[Match]:
    """The parts that can matter to the candidate situations (``relevant``
    of ``relevant_to``) and the question or wish frames that may hold them
    (``classifier_frames``; ``framed``: False when none is among the
    parts); framing and situations then read a handful of parts, not every
    part of the ticket."""
    keep = _FRAMING | relevant if framed else relevant
    return [part for part in parts if part[2] in keep]


def _possible(present: set[int]) -> list[int]:
    """The situations (by index, in table order) whose every group has a
    matched part, before negation, neutralisers and distance are checked:
    a ticket whose parts make no possible situation stops here. A possible
    intermediate situation makes its part present for the later ones."""
    keys = present & _KEYS
    if not keys:
        return []
    needed: set[int] = set()
    for key in keys:
        needed |= _NEEDED_BY[key]
    possible = []
    for index in sorted(needed):
        for group in _CHECKS[index]:
            if present.isdisjoint(group):
                break
        else:
            possible.append(index)
            if _INTERMEDIATE[index]:
                present.add(_SITUATIONS[index][0])
    return possible


def situations(
    tokens: list[str],
    parts: list[Match],
    candidates: list[int] | None = None,
    relevant: frozenset[int] | None = None,
    wondering: bool | None = None,
    *,
    only_relevant: bool = False,
    neutralised: bool = True,
) -> list[tuple[int, str]]:
    """The situations whose parts matched close enough, as active matches;
    ``candidates``: ``possible`` of these parts or of a superset of them;
    ``relevant``: ``relevant_to`` of the candidates; ``wondering``: whether
    the tokens hold "if" or "whether" (then a part may be someone else's
    question); ``only_relevant``: the parts are all relevant already;
    ``neutralised``: False when no neutraliser is among the parts."""
    if candidates is None:
        candidates = _possible({position for _, _, position, _ in parts})
    if not candidates:
        return []
    if relevant is None:
        relevant = relevant_to(candidates)
    if not only_relevant:
        parts = [part for part in parts if part[2] in relevant]
    shadowed: set[tuple[int, int]] = set()
    if neutralised and not relevant.isdisjoint(_NEUTRALISERS):
        for start, negative_length, position, _ in parts:
            if position in _NEUTRALISERS:
                cancels = CANCELS[position]
                end = start - negative_length
                shadowed.update((s, p) for s, _, p, _ in parts if p in cancels and start <= s < end)
    seen: dict[int, list[int]] = {}
    sentence_of: dict[int, list[int]] = {}  # the sentence of each start in seen
    ends = _sentence_ends(tokens)
    if wondering is None:
        wondering = "if" in tokens or "whether" in tokens
    negated_at: dict[int, bool] = {}  # parts often share a start
    for start, negative_length, position, _ in parts:
        if shadowed and (start, position) in shadowed:
            continue
        if position in _PROPER_PARTS and names_a_field(tokens, start, -negative_length):
            continue
        if wondering and hypothetical(tokens, start):
            continue
        if start and position not in _EXPECTS_NEGATOR and tokens[start - 1] in NEGATION_WORDS:
            denied = negated_at.get(start)
            if denied is None:
                denied = negated_at[start] = negated(tokens, start)
            if denied:
                continue
        if position in seen:
            seen[position].append(start)
            sentence_of[position].append(bisect_left(ends, start))
        else:
            seen[position] = [start]
            sentence_of[position] = [bisect_left(ends, start)]
    disjoint = seen.keys().isdisjoint
    found: list[tuple[int, str]] = []
    for index in candidates:
        rule, keyword, groups, within = _SITUATIONS[index]
        if any(map(disjoint, groups)):
            continue
        if within == TICKET:
            anchor = seen[next(p for p in groups[0] if p in seen)][0]
        else:
            anchor = _meeting(seen, sentence_of, groups, within)
            if anchor < 0:
                continue
        if RULES[rule].part:
            seen.setdefault(rule, []).append(anchor)
            sentence_of.setdefault(rule, []).append(bisect_left(ends, anchor))
        else:
            found.append((rule, keyword))
    return found


def _sentence_ends(tokens: list[str]) -> list[int]:
    """The index of each sentence end ("." "!" "?" or a line break), a run
    of them counting once ("?!", "..."). The ends are found in C; only they
    are read in Python."""
    ends = []
    previous = -2
    for i in compress(count(), map(SENTENCE_ENDS.__contains__, tokens)):
        if i != previous + 1:
            ends.append(i)
        previous = i
    return ends


def _meeting(
    seen: dict[int, list[int]], sentence_of: dict[int, list[int]], groups: tuple, within: int
) -> int:
    """A start of the first group's parts that every other group meets within
    ``within`` sentences, or -1. The other groups' sentences are short
    lists (a part is seldom matched more than twice): each start is checked
    against them directly, one sentence each side when ``within`` is 1."""
    others = []
    for group in groups[1:]:
        near: list[int] = []
        for p in group:
            sentences = sentence_of.get(p)
            if sentences is not None:
                near += sentences
        if within > 1:
            near = [sentence + d for sentence in near for d in range(-within, within + 1)]
        others.append(near)
    beside = within == 1
    for p in groups[0]:
        sentences = sentence_of.get(p)
        if sentences is None:
            continue
        for k, sentence in enumerate(sentences):
            for near in others:
                if sentence not in near and not (
                    beside and (sentence - 1 in near or sentence + 1 in near)
                ):
                    break
            else:
                return seen[p][k]
    return -1
