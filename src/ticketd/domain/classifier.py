"""The rule-based ticket classifier: urgency, sentiment and requires_action,
with the rules and keywords that explain the verdict.

``classify`` is pure and deterministic: the rule table
(``classifier_rules.RULES``) is compiled once at import into immutable
lookup tables, and every call works on local data only, so it is safe from
any thread. See ``docs/classification.md`` for the rules in prose.

How a ticket is read, in one pass:

1. Subject and message are joined (with a sentence break between them),
   NFKC-normalised (full-width letters, ligatures, non-breaking spaces),
   stripped of apostrophes ("don't" -> "dont") and case-folded.
2. The text is split into words and clause punctuation. Each word is looked
   up in a dict built from the rule table (every inflected form of every
   pattern word). Phrases are indexed by their longest word and checked
   against the neighbouring words, so matching costs one dict lookup per
   word, whatever the number of rules, and only whole words ever match.
3. Overlapping matches are resolved leftmost, then longest.
4. A match is negated when a negator ("not", "no", "isn't", "nobody", ...)
   precedes it with only filler words between (at most four: "no longer need
   a refund", "nobody is going to sue"); punctuation or any other word ends
   the negation's reach. "if/unless" before the negator make it a condition,
   not a negation ("if you don't refund me").
   A negated keyword stays negated for the whole ticket: "Subject: Cancel
   and refund / we no longer need a refund" is not a refund demand.
5. The surviving rules are combined as ``_decide`` documents.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product

from ticketd.domain.classifier_rules import (
    ACRONYMS,
    ASK,
    CONDITIONALS,
    FILLERS,
    NEGATION_WINDOW,
    NEGATORS,
    QUIET,
    RULES,
    RULESET_VERSION,
    Rule,
)
from ticketd.domain.ticket import Classification

__all__ = ["RULESET_VERSION", "classify", "normalise", "requires_action_for"]

_TOKEN = re.compile(r"\w+|[.,;:!?]")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
# Typographic apostrophes become ASCII before apostrophes are dropped.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_ENDINGS_ES = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")

# One compiled entry: where the indexed word sits in the phrase, the phrase
# words (a list, compared with a slice of the token list), its length, the
# rule's position in RULES and the canonical keyword.
_Entry = tuple[int, list[str], int, int, str]


def normalise(text: str) -> str:
    """The form patterns and tickets are compared in: NFKC, no apostrophes,
    case-folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return text.replace("'", "").casefold()


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


def _compile(rules: tuple[Rule, ...]) -> dict[str, tuple[_Entry, ...]]:
    """Build the word -> entries index; refuses ambiguous tables."""
    index: dict[str, list[_Entry]] = {}
    owner: dict[tuple[str, ...], tuple[str, str]] = {}
    ids = {rule.id for rule in rules}
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
                    previous = owner.setdefault(combination, (rule.id, keyword))
                    if previous != (rule.id, keyword):
                        raise ValueError(
                            f"pattern {' '.join(combination)!r} is claimed by "
                            f"{previous[0]}/{previous[1]} and {rule.id}/{keyword}"
                        )
                    anchor = max(range(len(combination)), key=lambda i: len(combination[i]))
                    entry = (anchor, list(combination), len(combination), position, keyword)
                    entries = index.setdefault(combination[anchor], [])
                    if entry not in entries:
                        entries.append(entry)
    return {word: tuple(entries) for word, entries in index.items()}


_INDEX = _compile(RULES)
_POSITION = {rule.id: position for position, rule in enumerate(RULES)}
_CANCELS = tuple(frozenset(_POSITION[name] for name in rule.cancels) for rule in RULES)
_SHOUTING = _POSITION["shouting"]
_QUESTION = _POSITION["question"]


def _matches(tokens: list[str]) -> list[tuple[int, int, int, str]]:
    """All pattern matches as (start, -length, rule position, keyword),
    leftmost then longest first, overlaps removed."""
    index = _INDEX
    found = []
    for i, token in enumerate(tokens):
        entries = index.get(token)
        if entries is None:
            continue
        for anchor, words, length, position, keyword in entries:
            if length == 1:
                found.append((i, -1, position, keyword))
            else:
                start = i - anchor
                if start >= 0 and tokens[start : start + length] == words:
                    found.append((start, -length, position, keyword))
    if len(found) > 1:
        found.sort()
        kept = []
        covered = 0
        for match in found:
            if match[0] >= covered:
                kept.append(match)
                covered = match[0] - match[1]
        return kept
    return found


def _negated(tokens: list[str], start: int) -> bool:
    j = start - 1
    stop = max(-1, start - 2 - NEGATION_WINDOW)
    while j > stop:
        token = tokens[j]
        if token in NEGATORS:
            return not (
                (j >= 1 and tokens[j - 1] in CONDITIONALS)
                or (j >= 2 and tokens[j - 2] in CONDITIONALS)
            )
        if token not in FILLERS:
            return False
        j -= 1
    return False


def _shouting(text: str) -> bool:
    if "!!" in text:
        return True
    loud = 0
    for word in _CAPS_WORD.findall(text):
        if word not in ACRONYMS:
            loud += 1
            if loud == 2:
                return True
    return False


def requires_action_for(
    urgency: str, sentiment: str, status: str, *, asks: bool, quiet: bool
) -> bool:
    """The documented requires_action rule, first match wins:

    1. high urgency -> True (whatever the status);
    2. closed -> False;
    3. the customer says no action is needed -> False;
    4. medium urgency or negative sentiment -> True;
    5. an explicit request or question -> True;
    6. only thanks or praise (positive) -> False;
    7. otherwise an open or pending ticket is someone waiting -> True.
    """
    if urgency == "high":
        return True
    if status == "closed" or quiet:
        return False
    if urgency == "medium" or sentiment == "negative":
        return True
    if asks:
        return True
    return sentiment != "positive"


def classify(subject: str, message: str, status: str = "open") -> Classification:
    """Classify one ticket from its subject, message and status.

    Returns urgency (high/medium/low), sentiment (negative/neutral/positive),
    requires_action, the ids of the rules that decided it (in rule-table
    order), the matched keywords in canonical form (in order of first
    appearance, once each) and ``RULESET_VERSION``. Never raises for any
    string input; ``None`` fields are read as empty.
    """
    text = f"{subject or ''} . {message or ''}"
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = text.replace("'", "")
    tokens = _TOKEN.findall(text.casefold())

    active: list[tuple[int, str]] = []  # (rule position, keyword or "")
    negated: set[tuple[int, str]] = set()
    for start, _length, position, keyword in _matches(tokens):
        if _negated(tokens, start):
            negated.add((position, keyword))
            replacement = RULES[position].on_negation
            if replacement is None:
                continue
            active.append((_POSITION[replacement], "not " + keyword))
        else:
            active.append((position, keyword))
    if negated:
        active = [match for match in active if match not in negated]
    if _shouting(text):
        active.append((_SHOUTING, ""))
    if "?" in text:
        active.append((_QUESTION, ""))
    return _decide(active, (status or "open").lower())


def _decide(active: list[tuple[int, str]], status: str) -> Classification:
    """Combine the active rules into a verdict.

    - First, every rule named in a matched rule's ``cancels`` is dropped
      ("working again" drops outage and bug rules, "the refund arrived"
      drops the refund demand).
    - Urgency: high if any strong rule matched; otherwise the highest
      urgency weight (2 high, 1 medium), lowered one level when a calm rule
      (weight -1) matched.
    - Sentiment: each rule's weight counts once. Negative when the negative
      total is at least 2 and not smaller than the positive total (a
      stronger negative beats praise); positive when the positive total is
      at least 2 and larger, or when a ticket says nothing but thanks (no
      request, no question, no strong rule, no rule that moves urgency
      other than "no action needed"): "thx!". Shouting does not count against a ticket
      whose only other cues are thanks or praise (excited gratitude).
    - requires_action: ``requires_action_for``.
    """
    cancelled: frozenset[int] = frozenset()
    for position, _ in active:
        if _CANCELS[position]:
            cancelled = cancelled | _CANCELS[position]
    seen: set[int] = set()
    keywords: list[str] = []
    strong = asks = quiet = calm = False
    content = False  # any rule that moves urgency: the ticket is about something
    level = positive = negative = 0
    shouting = False
    for position, keyword in active:
        rule = RULES[position]
        if position in cancelled:
            continue
        if rule.report and keyword and keyword not in keywords:
            keywords.append(keyword)
        if position in seen:
            continue
        seen.add(position)
        if position == _SHOUTING:
            shouting = True
            continue
        strong = strong or rule.strong
        content = content or rule.strong or (rule.urgency != 0 and rule.role != QUIET)
        if rule.urgency < 0:
            calm = True
        elif rule.urgency > level:
            level = rule.urgency
        if rule.sentiment > 0:
            positive += rule.sentiment
        elif rule.sentiment < 0:
            negative -= rule.sentiment
        if rule.role == ASK:
            asks = True
        elif rule.role == QUIET:
            quiet = True
    if shouting and (negative or not positive):
        negative -= RULES[_SHOUTING].sentiment
    else:
        seen.discard(_SHOUTING)

    if strong:
        urgency = "high"
    else:
        if calm and level:
            level -= 1
        urgency = ("low", "medium", "high")[level]
    if negative >= 2 and negative >= positive:
        sentiment = "negative"
    elif (positive >= 2 and positive > negative) or (
        positive and not negative and not content and not asks
    ):
        sentiment = "positive"
    else:
        sentiment = "neutral"
    return Classification(
        urgency=urgency,
        sentiment=sentiment,
        requires_action=requires_action_for(urgency, sentiment, status, asks=asks, quiet=quiet),
        rules=tuple(RULES[p].id for p in sorted(seen)),
        keywords=tuple(keywords),
        version=RULESET_VERSION,
    )
