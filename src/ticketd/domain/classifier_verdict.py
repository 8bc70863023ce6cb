"""Combining the rules a ticket matched into its verdict: urgency,
sentiment, requires_action and the explanation (rule ids, keywords).

``decide`` reads the active matches of ``classifier.classify``; each rule's
part in the verdict (its urgency, weight, role) is compiled here once into
sets of table positions, so a verdict costs a few set operations on the
handful of rules a ticket matched, not a walk over each rule's fields.
"""

from __future__ import annotations

from ticketd.domain.classifier_noise import HINTS
from ticketd.domain.classifier_rules import (
    ASK,
    AUTO_REPLY,
    FYI,
    PITCH,
    QUIET,
    RESOLVE,
    RULESET_VERSION,
)
from ticketd.domain.classifier_sentiment import (
    ALONGSIDE,
    FRAMES,
    PRAISING,
    THANKS,
    TROUBLE_FEELINGS,
    UNLESS,
    sentiment_of,
    sentiment_weights,
)
from ticketd.domain.classifier_table import (
    AWAY,
    CANCELS,
    HOW_TO,
    INTERJECTION,
    POSITION,
    RETRACTION,
    RULES,
    SARCASM,
    SAYS_MORE,
    SHOUTING,
)
from ticketd.domain.classifier_tone import PROBLEMS
from ticketd.domain.ticket import Classification

__all__ = ["decide", "requires_action_for"]


def _positions(test) -> frozenset[int]:
    return frozenset(p for p, rule in enumerate(RULES) if test(p, rule))


_IDS = tuple(rule.id for rule in RULES)
_ACCOUNT = POSITION["account_request"]
_REPEATED = POSITION["repeated_contact"]
_OFFER = POSITION["offer"]
_RECURRING = POSITION["recurring_problem"]
_MINOR = POSITION["minor_problem"]
_SHOUTING_WEIGHT = RULES[SHOUTING].sentiment
_SARCASM_WEIGHT = RULES[SARCASM].sentiment
# An interjected "Great," next to one of these is sarcasm ("Great, it broke
# again").
_TROUBLE = frozenset(
    POSITION[name]
    for name in (
        *PROBLEMS,
        "repeated_contact",
        "recurring_problem",
        "account_takeover",
        "unauthorised_charge",
        "data_destroyed",
        "double_charge",
        "data_protection_request",
        "data_shared_without_consent",
        "cross_customer_data",
        "data_exposed",
        *TROUBLE_FEELINGS,
    )
) | frozenset(p for p, r in enumerate(RULES) if r.strong and r.sentiment < 0)
_PRAISED = frozenset(POSITION[name] for name in PRAISING)
# Thanks or praise: in a closed ticket next to a question, the thanks close
# the old matter and the question opens a new one.
_THANKING = _PRAISED | frozenset(POSITION[name] for name in THANKS)
_QUESTION = POSITION["question"]
_WEIGHT = sentiment_weights(RULES)
# Each frame: the rules that frame a ticket ("probably nothing", "we have
# received a letter from the regulator") and the rules whose weight it then
# takes away.
_FRAMES = tuple(
    (
        frozenset(POSITION[name] for name in framing),
        frozenset(
            p
            for p, weight in enumerate(sentiment_weights(RULES, framed=families))
            if weight != _WEIGHT[p]
        ),
    )
    for framing, families in FRAMES
)
_FRAMING = frozenset().union(*(framing for framing, _ in _FRAMES))
# Feelings that count only next to a strong situation of given families,
# and the strong rules of those families.
_ALONGSIDE = tuple(
    (
        frozenset(POSITION[name] for name in needing),
        frozenset(p for p, r in enumerate(RULES) if r.strong and r.family in families),
    )
    for needing, families in ALONGSIDE
)
# Feelings that count only where none of given rules is left.
_UNLESS = tuple(
    (frozenset(POSITION[name] for name in needing), frozenset(POSITION[name] for name in others))
    for needing, others in UNLESS
)
# One pitch or away cue alone decides nothing and is not listed.
_UNDECIDED = _positions(lambda p, r: r.role in (AUTO_REPLY, PITCH))
_HINTS = frozenset(POSITION[name] for name in HINTS)
# Noise: what each noise rule counts as (away cue, hint, automatic marker,
# pitch cue).
_NOISE_KIND = {
    p: (
        "away"
        if p == AWAY
        else "hint"
        if p in _HINTS
        else "automatic"
        if r.role == AUTO_REPLY
        else "pitch"
    )
    for p, r in enumerate(RULES)
    if r.role in (AUTO_REPLY, PITCH)
}
# Trouble keeps broad noise hints from deciding: a strong rule, one that
# raises urgency ("not satisfied" may be a survey's answer, so not negated
# praise), a how-to question about the customer's own use.
_TROUBLESOME = _positions(
    lambda p, r: (
        r.role not in (AUTO_REPLY, PITCH)
        and (r.strong or (r.urgency > 0 and r.id != "negated_praise") or r.id == "own_how_to")
    )
)
_REPORTED = _positions(lambda p, r: r.report)
_CANCELLING = frozenset(p for p, cancels in enumerate(CANCELS) if cancels)
_STRONG = _positions(lambda p, r: r.strong)
# Any rule that moves urgency: the ticket is about something.
_CONTENT = _positions(lambda p, r: r.strong or (r.urgency != 0 and r.role != QUIET))
_CALM = _positions(lambda p, r: r.urgency < 0)
_MEDIUM = _positions(lambda p, r: r.urgency == 1)
_HIGH = _positions(lambda p, r: r.urgency == 2)
_WEIGHTED = frozenset(p for p, weight in enumerate(_WEIGHT) if weight and p != SHOUTING)
_ASKS = _positions(lambda p, r: r.role == ASK)
_QUIET = _positions(lambda p, r: r.role == QUIET and p != RETRACTION)
_FYI = _positions(lambda p, r: r.role == FYI)
_DONE = _positions(lambda p, r: r.role == RESOLVE)


def requires_action_for(
    urgency: str,
    sentiment: str,
    status: str,
    *,
    asks: bool,
    quiet: bool,
    fyi: bool = False,
    asks_anew: bool = False,
) -> bool:
    """The documented requires_action rule, first match wins:

    1. high urgency -> True (whatever the status);
    2. closed -> False, unless the ticket thanks for what was done and
       asks a new question (``asks_anew``: "Thanks for sorting it! Do you
       do gift cards?");
    3. the customer says no action is needed -> False;
    4. medium urgency or negative sentiment -> True;
    5. an explicit request or question -> True;
    6. information only -> False: an FYI, a problem the customer reports
       as over ("all sorted now"), an acknowledgement ("got it, will
       do"), one away or pitch cue in a ticket that asks nothing;
    7. only thanks or praise (positive) -> False;
    8. otherwise an open or pending ticket is someone waiting -> True.

    Auto-replies and sales pitches never require action; ``classify``
    decides them before this rule.
    """
    return _requires_action(urgency, sentiment, status, asks, quiet, fyi, asks_anew)


def _requires_action(
    urgency: str,
    sentiment: str,
    status: str,
    asks: bool,
    quiet: bool,
    fyi: bool,
    asks_anew: bool = False,
) -> bool:
    """``requires_action_for`` with positional arguments (cheaper to call)."""
    if urgency == "high":
        return True
    if (status == "closed" and not asks_anew) or quiet:
        return False
    if urgency == "medium" or sentiment == "negative":
        return True
    if asks:
        return True
    if fyi:
        return False
    return sentiment != "positive"


def _noise(active: list[tuple[int, str]]) -> Classification | None:
    """The verdict of an auto-reply, a pitch or other bulk mail, or None
    (see ``decide``)."""
    automatic = 0
    away: set[str] = set()  # distinct cues: one phrase twice is one cue
    pitches: set[str] = set()
    hints: set[str] = set()
    for position, keyword in active:
        kind = _NOISE_KIND.get(position)
        if kind is None:
            continue
        if kind == "away":
            away.add(keyword)
        elif kind == "hint":
            hints.add(keyword)
        elif kind == "automatic":
            automatic += 1
        else:
            pitches.add(keyword)
    if not (automatic or len(away) >= 2 or len(pitches) >= 2):
        if len(away) + len(pitches) + len(hints) < 2:
            return None
        if not _TROUBLESOME.isdisjoint([p for p, _ in active]):
            return None
    roles = (
        (AUTO_REPLY,)
        if automatic or len(away) >= 2
        else (PITCH,)
        if len(pitches) >= 2
        else (AUTO_REPLY, PITCH)
    )
    # Positional arguments: attrs' __init__ takes them more cheaply than
    # keywords (urgency, sentiment, requires_action, rules, keywords, version).
    return Classification(
        "low",
        "neutral",
        False,
        tuple(_IDS[p] for p in sorted({p for p, _ in active if RULES[p].role in roles})),
        (),
        RULESET_VERSION,
    )


def decide(active: list[tuple[int, str]], status: str) -> Classification:
    """Combine the active rules into a verdict.

    - An auto-reply (an "automatic reply" marker, or two away-notice cues)
      or a sales pitch / spam (two pitch cues) is low, neutral and needs no
      action, whatever it mentions; so is a ticket with two noise cues of
      any kind, the broad hints included (newsletters, surveys, partnership
      offers, job applications, "we have received your message"), when it
      reports no trouble (no strong rule, none that raises urgency).
    - Every rule named in a matched rule's ``cancels`` is dropped
      ("working again" drops outage and bug rules, "the refund arrived"
      drops the refund demand, sarcasm drops praise). An interjected
      "Great," or "Love how" in a ticket that reports trouble (a
      malfunction, an outage, repeated contact, money or data harm) is
      sarcasm too: "Great, it logged me out again".
    - Urgency: high if any strong rule matched (calm cues never lower it);
      otherwise the highest urgency weight (2 high, 1 medium), lowered one
      level when a calm rule matched; an account or billing request that
      asks support to do something (not how to do it, not a feature idea)
      is at least medium.
    - Sentiment: each rule's weight counts once. Negative when the negative
      total is at least 2 and not smaller than the positive total (a
      stronger negative beats praise); positive when the positive total is
      at least 2 and larger, or when a ticket says nothing but thanks (no
      request, no question, no strong rule, no rule that moves urgency
      other than "no action needed"): "thx!". Shouting does not count
      against a ticket whose only other cues are thanks or praise.
    - requires_action: ``requires_action_for``.
    """
    positions = [position for position, _ in active]
    if not _UNDECIDED.isdisjoint(positions):
        noise = _noise(active)
        if noise is not None:
            return noise
    cancelled: frozenset[int] = frozenset()
    if not _CANCELLING.isdisjoint(positions):
        for position in positions:
            if CANCELS[position]:
                cancelled = cancelled | CANCELS[position]
    seen: set[int] = set()
    keywords: list[str] = []
    lone_noise = False
    for position, keyword in active:
        if position in cancelled:
            continue
        if position in _UNDECIDED:
            lone_noise = True
            continue
        if keyword and position in _REPORTED and keyword not in keywords:
            keywords.append(keyword)
        seen.add(position)

    # What moves urgency is read before an interjection next to trouble
    # becomes sarcasm below (which only moves sentiment).
    strong = not _STRONG.isdisjoint(seen)
    level = 2 if not _HIGH.isdisjoint(seen) else 1 if not _MEDIUM.isdisjoint(seen) else 0
    calm = not _CALM.isdisjoint(seen)
    content = not _CONTENT.isdisjoint(seen)
    positive = negative = 0
    weighted = seen & _WEIGHTED
    if not _FRAMING.isdisjoint(seen):
        # A framed ticket ("probably nothing", a regulator's letter): the
        # situations of the frame's families are facts.
        for framing, framed in _FRAMES:
            if not framing.isdisjoint(seen):
                weighted = weighted - framed
    for needing, companions in _ALONGSIDE:
        if not needing.isdisjoint(weighted) and companions.isdisjoint(seen):
            weighted = weighted - needing
    for needing, others in _UNLESS:
        if not needing.isdisjoint(weighted) and not others.isdisjoint(seen):
            weighted = weighted - needing
    for position in weighted:
        weight = _WEIGHT[position]
        if weight > 0:
            positive += weight
        else:
            negative -= weight
    if SHOUTING in seen:
        if negative or not positive:
            negative -= _SHOUTING_WEIGHT
        else:
            seen.discard(SHOUTING)
    if SARCASM not in seen and INTERJECTION in seen and not _TROUBLE.isdisjoint(seen):
        seen.add(SARCASM)
        negative -= _SARCASM_WEIGHT
    if SARCASM in seen:
        positive = 0
    elif _REPEATED in seen:
        positive = min(positive, 1)  # "thanks, but it still fails" is not praise

    asks = not _ASKS.isdisjoint(seen)
    account = _ACCOUNT in seen
    if account and _OFFER in seen:
        asks = True  # "our new address is ...; let me know if you need anything"
    quiet = not _QUIET.isdisjoint(seen)
    if strong:
        urgency = "high"
    else:
        if level and calm:
            level -= 1
        if account and asks and HOW_TO not in seen and not quiet and level < 1:
            level = 1
            content = True
        urgency = ("low", "medium", "high")[level]
    fyi = not _FYI.isdisjoint(seen)
    sentiment = sentiment_of(
        positive,
        negative,
        praised=not _PRAISED.isdisjoint(seen),
        content=content,
        asks=asks,
        fyi=fyi,
        wordy=SAYS_MORE in seen and _DONE.isdisjoint(seen),
    )
    # A retraction ("never mind", "please disregard") is withdrawn by a
    # request next to it: "never mind the invoice, but can you look at ...".
    quiet = quiet or (RETRACTION in seen and not asks)
    # A problem that came back, or a small defect reported ("just FYI, a typo
    # on your pricing page"), is something to do, whatever the FYI says.
    recurring = _RECURRING in seen or _MINOR in seen
    informs = (fyi or not _DONE.isdisjoint(seen)) and not recurring
    if lone_noise and not informs and not asks and not recurring:
        # One away or pitch cue in a ticket that asks nothing: it is listed
        # when it is what makes the ticket need no action.
        informs = True
        if _requires_action(urgency, sentiment, status, asks, quiet, False) and not (
            _requires_action(urgency, sentiment, status, asks, quiet, True)
        ):
            seen.update(p for p, _ in active if p in _UNDECIDED)
    asks_anew = _QUESTION in seen and not _THANKING.isdisjoint(seen)
    return Classification(
        urgency,
        sentiment,
        _requires_action(urgency, sentiment, status, asks, quiet, informs, asks_anew),
        tuple([_IDS[p] for p in sorted(seen)]),
        tuple(keywords),
        RULESET_VERSION,
    )
