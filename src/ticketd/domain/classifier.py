"""The rule-based ticket classifier: urgency, sentiment and requires_action,
with the rules and keywords that explain the verdict.

``classify`` is pure and deterministic: the rule tables (``RULES``, split by
concern over ``classifier_topics``, ``classifier_situations`` and
``classifier_tone``) are compiled once at import into immutable lookup
tables (``classifier_match``, ``classifier_index``), and every call works on
local data only, so it is safe from any thread. See
``docs/classification.md`` for the rules in prose.

How a ticket is read, in one pass:

1. Text quoted from earlier messages is dropped (``classifier_text``);
   subject and message are joined with a sentence break, NFKC-normalised,
   stripped of apostrophes ("don't" -> "dont") and case-folded. A reply
   subject ("Re: Charged twice") above quoted text names the earlier
   message: its strong cues and situation parts are not counted.
2. The text is split into words and clause punctuation. Each word is looked
   up in a word trie built from the rule tables (every inflected form of
   every pattern word): a phrase's first word in its root, each next word
   in the node reached so far, so matching costs one dict lookup per word
   plus one per further word of a phrase being read, whatever the number
   of rules, and only whole words ever match.
3. Cues (layer 0) overlap-resolve leftmost, then longest. Situation parts
   (layer 1) keep every match; neutralisers remove the parts they shadow.
4. A cue that names a report or field ("the SLA breach report") or is
   written as a person's name ("ask Sue") is dropped; so is a part that
   names a field or view ("the Bookings tab").
5. A match is negated when a negator ("not", "no", "isn't", "nobody", ...)
   precedes it with only filler words between (at most four: "no longer need
   a refund", "nobody is going to sue"); punctuation or any other word ends
   the negation's reach. "if/unless" before the negator make it a condition,
   not a negation ("if you don't refund me"). A negated cue stays negated
   for the whole ticket; a negated part is dropped.
6. Situations whose parts all matched close enough become matches of their
   rules; then everything is combined as ``_decide`` documents.
"""

from __future__ import annotations

import re

from ticketd.domain.classifier_feeling import (
    CALMING,
    PRAISING,
    THANKS,
    TROUBLE_FEELINGS,
    sentiment_of,
    sentiment_weights,
)
from ticketd.domain.classifier_frames import without_framed
from ticketd.domain.classifier_match import (
    CANCELS,
    POSITION,
    RULES,
    hypothetical,
    matches,
    negated,
    situations,
)
from ticketd.domain.classifier_noise import HINTS
from ticketd.domain.classifier_rules import (
    ASK,
    AUTO_REPLY,
    FAMILIES,
    FYI,
    PITCH,
    QUIET,
    RESOLVE,
    RULESET_VERSION,
)
from ticketd.domain.classifier_text import (
    SENTENCE_ENDS,
    after_naming,
    asked,
    asks_how_to_use,
    is_person_name,
    names_a_field,
    normalise,
    original_tokens,
    own_words,
    shouting,
    their_customer,
    tokenise,
    without_addresses,
)
from ticketd.domain.classifier_tone import PROBLEMS
from ticketd.domain.ticket import Classification

__all__ = ["RULES", "RULESET_VERSION", "classify", "normalise", "requires_action_for"]

# Every strong rule says which kind of harm it reports (sentiment reads it).
_UNSORTED = [rule.id for rule in RULES if rule.strong and rule.family not in FAMILIES]
if _UNSORTED:
    raise ValueError(f"strong rules without a family: {_UNSORTED}")

_REPLY_SUBJECT = re.compile(r"\s*(?:re|fwd?|aw|sv)\s*:", re.IGNORECASE)
_SHOUTING = POSITION["shouting"]
_QUESTION = POSITION["question"]
_SARCASM = POSITION["sarcasm"]
_ACCOUNT = POSITION["account_request"]
_HOW_TO = POSITION["how_to"]
_INTERJECTION = POSITION["praise_interjection"]
_PRAISE = POSITION["praise"]
_REPEATED = POSITION["repeated_contact"]
# Words after which a "Great," opens a sentence (an interjection).
_OPENERS = SENTENCE_ENDS | {",", ":", ";", "oh", "just", "well", "wow", "yeah", "so"}
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
)
_AWAY = POSITION["away_notice"]
_PRAISED = frozenset(POSITION[name] for name in PRAISING)
_THANKS = frozenset(POSITION[name] for name in THANKS)
_THANKS_SUBJECT = POSITION["thanks_in_subject"]
_WEIGHT = sentiment_weights(RULES)
# Rules whose negative weight a calm framing ("probably nothing") takes away.
_CALMABLE = frozenset(
    p for p, weight in enumerate(sentiment_weights(RULES, calmed=True)) if weight != _WEIGHT[p]
)
_CALMING = frozenset(POSITION[name] for name in CALMING)
_BENIGN = POSITION["benign_mention"]
_MERCHANT_SIDE = frozenset(
    POSITION[name] for name in ("refund_demand", "chargeback", "disputed_charge")
)
# One pitch or away cue alone decides nothing and is not listed.
_UNDECIDED = frozenset({AUTO_REPLY, PITCH})
# Broad noise cues: they count only in a ticket that reports no trouble.
_HINTS = frozenset(POSITION[name] for name in HINTS)
_RETRACTION = POSITION["retraction"]
_OFFER = POSITION["offer"]
_NEGATED_PRAISE = POSITION["negated_praise"]
_OWN_HOW = POSITION["own_how_to"]
_RESOLVED = POSITION["resolved"]
_PROBLEM_RULES = frozenset(POSITION[name] for name in PROBLEMS)
_CONTRASTS = frozenset({"but", "however", "though", "although", "except", "yet"})
_RECURRING = POSITION["recurring_problem"]


def _framed_subject(parts: list, subject_end: int) -> list:
    """The subject as the message frames it: a neutraliser in the message
    ("If I lose my phone, how do I ...") also neutralises the parts it
    names in the subject ("Lost phone")."""
    framed: frozenset[int] = frozenset()
    for start, _, position, _ in parts:
        if start > subject_end and CANCELS[position] and RULES[position].part:
            framed = framed | CANCELS[position]
    if not framed:
        return parts
    return [p for p in parts if p[0] >= subject_end or p[2] not in framed]


def requires_action_for(
    urgency: str, sentiment: str, status: str, *, asks: bool, quiet: bool, fyi: bool = False
) -> bool:
    """The documented requires_action rule, first match wins:

    1. high urgency -> True (whatever the status);
    2. closed -> False;
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
    if urgency == "high":
        return True
    if status == "closed" or quiet:
        return False
    if urgency == "medium" or sentiment == "negative":
        return True
    if asks:
        return True
    if fyi:
        return False
    return sentiment != "positive"


def classify(subject: str, message: str, status: str = "open") -> Classification:
    """Classify one ticket from its subject, message and status.

    Returns urgency (high/medium/low), sentiment (negative/neutral/positive),
    requires_action, the ids of the rules that decided it (in rule-table
    order), the matched keywords in canonical form (in order of first
    appearance, once each; only cues that raise urgency or name a topic) and
    ``RULESET_VERSION``. Never raises for any string input; ``None`` fields
    are read as empty.
    """
    message = message or ""
    own = own_words(message)
    subject = subject or ""
    text = without_addresses(f"{subject} . {own}")
    tokens = tokenise(normalise(text))
    cues, parts = matches(tokens)
    said = text  # what shouting is read on
    questioned = text  # where a question mark asks
    if _REPLY_SUBJECT.match(subject) and "." in tokens:
        # "Re: How do I export?" names the thread: its question was asked
        # before; only the reply's own words ask again.
        reply_subject = tokens.index(".")
        cues = [c for c in cues if c[0] >= reply_subject or RULES[c[2]].role != ASK]
        questioned = own
    if len(own) != len(message) and _REPLY_SUBJECT.match(subject):
        # "Re: Charged twice" above a quote names the earlier message: it
        # cannot make the ticket high on its own; the reply's words can.
        reply_subject = tokens.index(".")
        cues = [c for c in cues if c[0] >= reply_subject or not RULES[c[2]].strong]
        parts = [p for p in parts if p[0] >= reply_subject]
        said = own  # nor is its shouting the reply's

    cased: list[str] | None = None
    active: list[tuple[int, str]] = []  # (rule position, keyword or "")
    denied: set[tuple[int, str]] = set()
    subject_end = tokens.index(".") if "." in tokens else 0
    in_subject: dict[tuple[int, str], str] = {}  # strong subject cues: their first word
    names: set[str] = set()  # words the message uses as a name or a look-alike
    resolved_at = reopened_at = -1  # first "works now", last problem cue
    for start, negative_length, position, keyword in cues:
        if position == _INTERJECTION and start and tokens[start - 1] not in _OPENERS:
            position = _PRAISE  # "the filters are excellent." is praise, not an aside
        rule = RULES[position]
        if position == _AWAY and asked(tokens, start):
            continue  # "Is the app on vacation?" is a question, not an away notice
        if rule.proper and names_a_field(tokens, start, -negative_length):
            if start > subject_end:
                names.add(tokens[start])  # the subject may name the same field
            continue
        if keyword in rule.names and negative_length == -1:
            if cased is None:
                cased = original_tokens(text)
            if is_person_name(tokens, cased, start):
                continue
        if rule.strong and after_naming(tokens, start):
            # "a charity called Fraud Free Futures", "a dashboard we call
            # Chargeback Watch": a capitalised cue after "called" / "named"
            # is the name of something.
            if cased is None:
                cased = original_tokens(text)
            if len(cased) == len(tokens) and cased[start][:1].isupper():
                names.add(tokens[start])
                continue
        if position in _MERCHANT_SIDE and their_customer(tokens, start):
            continue
        if rule.strong and hypothetical(tokens, start):
            continue
        if negated(tokens, start):
            denied.add((position, keyword))
            if rule.on_negation is not None:
                active.append((POSITION[rule.on_negation], "not " + keyword))
        else:
            active.append((position, keyword))
            if position == _HOW_TO and asks_how_to_use(tokens, start):
                active.append((_OWN_HOW, ""))
            if position == _RESOLVED:
                if resolved_at < 0:
                    resolved_at = start
            elif position in _PROBLEM_RULES:
                reopened_at = start
            if start < subject_end:
                if rule.strong:
                    in_subject[(position, keyword)] = tokens[start]
                elif position in _THANKS:
                    active.append((_THANKS_SUBJECT, ""))  # the thanks are the point
            elif position == _BENIGN:
                names.update(tokens[start : start - negative_length])
    if denied:
        active = [match for match in active if match not in denied]
    if 0 <= resolved_at < reopened_at and not _CONTRASTS.isdisjoint(
        tokens[resolved_at:reopened_at]
    ):
        # "The fix works, but the totals still don't match": a problem told
        # after the resolution and a "but" is not over.
        active = [m for m in active if m[0] != _RESOLVED]
    if names and in_subject:
        # The subject "Chargeback Watch" over "a dashboard we call Chargeback
        # Watch", or "everything unavailable" over "shows every item as
        # unavailable", means what the message's words mean.
        active = [m for m in active if in_subject.get(m) not in names]
    if parts:
        if subject_end:
            parts = _framed_subject(parts, subject_end)
        parts = without_framed(tokens, parts)
        active.extend(situations(tokens, parts))
    if shouting(said):
        active.append((_SHOUTING, ""))
    if "?" in questioned:
        active.append((_QUESTION, ""))
    return _decide(active, (status or "open").lower())


def _decide(active: list[tuple[int, str]], status: str) -> Classification:
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
    cancelled: frozenset[int] = frozenset()
    automatic = 0
    away: set[str] = set()  # distinct cues: one phrase twice is one cue
    pitches: set[str] = set()
    hints: set[str] = set()  # away_hint and bulk_hint cues
    trouble = False  # a strong rule, one that raises urgency, a how-to question
    for position, keyword in active:
        if CANCELS[position]:
            cancelled = cancelled | CANCELS[position]
        rule = RULES[position]
        role = rule.role
        if role == AUTO_REPLY:
            if position == _AWAY:
                away.add(keyword)
            elif position in _HINTS:
                hints.add(keyword)
            else:
                automatic += 1
        elif role == PITCH:
            (hints if position in _HINTS else pitches).add(keyword)
        elif rule.strong or (rule.urgency > 0 and position != _NEGATED_PRAISE):
            trouble = True  # "not satisfied" may be a survey's answer
        elif position == _OWN_HOW:
            trouble = True  # "how do I add a promo code to early-bird tickets?"
    noise = len(away) + len(pitches) + len(hints) + automatic
    if automatic or len(away) >= 2 or len(pitches) >= 2 or (noise >= 2 and not trouble):
        roles = (
            (AUTO_REPLY,)
            if automatic or len(away) >= 2
            else (PITCH,)
            if len(pitches) >= 2
            else (AUTO_REPLY, PITCH)
        )
        return Classification(
            urgency="low",
            sentiment="neutral",
            requires_action=False,
            rules=tuple(
                RULES[p].id for p in sorted({p for p, _ in active if RULES[p].role in roles})
            ),
            keywords=(),
            version=RULESET_VERSION,
        )
    seen: set[int] = set()
    keywords: list[str] = []
    strong = asks = quiet = retracted = calm = fyi = done = account = how_to = offers = False
    content = False  # any rule that moves urgency: the ticket is about something
    level = positive = negative = calmable = 0
    shouting = False
    for position, keyword in active:
        rule = RULES[position]
        if position in cancelled or rule.role in _UNDECIDED:
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
        weight = _WEIGHT[position]
        if weight > 0:
            positive += weight
        elif weight < 0:
            negative -= weight
            if position in _CALMABLE:
                calmable -= weight
        if rule.role == ASK:
            asks = True
        elif rule.role == QUIET:
            if position == _RETRACTION:
                retracted = True
            else:
                quiet = True
        elif rule.role == FYI:
            fyi = True
        elif rule.role == RESOLVE:
            done = True
        account = account or position == _ACCOUNT
        offers = offers or position == _OFFER
        how_to = how_to or position == _HOW_TO
    if calmable and not _CALMING.isdisjoint(seen):
        negative -= calmable  # a calmly framed report: its incidents are facts
    if shouting and (negative or not positive):
        negative -= RULES[_SHOUTING].sentiment
    else:
        seen.discard(_SHOUTING)
    if _SARCASM not in seen and _INTERJECTION in seen and not _TROUBLE.isdisjoint(seen):
        seen.add(_SARCASM)
        negative -= RULES[_SARCASM].sentiment
    if _SARCASM in seen:
        positive = 0
    elif _REPEATED in seen:
        positive = min(positive, 1)  # "thanks, but it still fails" is not praise

    if offers and account:
        asks = True  # "our new address is ...; let me know if you need anything"
    if strong:
        urgency = "high"
    else:
        if calm and level:
            level -= 1
        if account and asks and not how_to and not quiet and level < 1:
            level = 1
            content = True
        urgency = ("low", "medium", "high")[level]
    sentiment = sentiment_of(
        positive,
        negative,
        praised=not _PRAISED.isdisjoint(seen),
        content=content,
        asks=asks,
        fyi=fyi,
    )
    # A retraction ("never mind", "please disregard") is withdrawn by a
    # request next to it: "never mind the invoice, but can you look at ...".
    quiet = quiet or (retracted and not asks)
    # A problem that came back ("it happened again") is a report, whatever
    # the FYI around it says.
    informs = (fyi or done) and _RECURRING not in seen
    if noise and not informs and not asks and _RECURRING not in seen:
        # One away or pitch cue in a ticket that asks nothing: it is listed
        # when it is what makes the ticket need no action.
        informs = True
        if requires_action_for(
            urgency, sentiment, status, asks=asks, quiet=quiet, fyi=False
        ) and not requires_action_for(urgency, sentiment, status, asks=asks, quiet=quiet, fyi=True):
            seen.update(p for p, _ in active if RULES[p].role in _UNDECIDED)
    return Classification(
        urgency=urgency,
        sentiment=sentiment,
        requires_action=requires_action_for(
            urgency, sentiment, status, asks=asks, quiet=quiet, fyi=informs
        ),
        rules=tuple(RULES[p].id for p in sorted(seen)),
        keywords=tuple(keywords),
        version=RULESET_VERSION,
    )
