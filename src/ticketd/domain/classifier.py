"""The rule-based ticket classifier: urgency, sentiment and requires_action,
with the rules and keywords that explain the verdict.

``classify`` is pure and deterministic: the rule tables (``RULES``, split by
concern over ``classifier_topics``, ``classifier_situations`` and
``classifier_tone``) are compiled once at import into immutable lookup
tables (``classifier_table``, ``classifier_index``, ``classifier_match``,
``classifier_situation_match``), and every call works on
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
   rules; then everything is combined as ``classifier_verdict.decide``
   documents.
"""

from __future__ import annotations

import re

from ticketd.domain.classifier_context import (
    CONTRASTS,
    RETRACTIONS,
    asks_if_we,
    controller_asks,
    framed_subject,
    hedged,
    named_words,
    pending,
    retracted,
    sent_again,
)
from ticketd.domain.classifier_frames import without_framed
from ticketd.domain.classifier_match import hypothetical, matches, may_wonder, negated
from ticketd.domain.classifier_rules import ASK, FAMILIES, QUIET, RESOLVE, RULESET_VERSION
from ticketd.domain.classifier_senses import (
    after_naming,
    asked,
    asks_how_to_use,
    is_person_name,
    names_a_field,
    scare_quoted,
    shouting,
    their_customer,
)
from ticketd.domain.classifier_sentiment import THANKS, WORDY
from ticketd.domain.classifier_situation_match import (
    frames_among,
    neutralisers_among,
    possible_among,
    present,
    relevant_parts,
    relevant_to,
    situations,
)
from ticketd.domain.classifier_table import (
    AWAY,
    HOW_TO,
    INTERJECTION,
    POSITION,
    RULES,
    SARCASM,
    SAYS_MORE,
    SHOUTING,
)
from ticketd.domain.classifier_text import (
    SENTENCE_ENDS,
    forwarded,
    normalise,
    original_tokens,
    own_words,
    tokenise,
    without_addresses,
)
from ticketd.domain.classifier_tone import PROBLEMS
from ticketd.domain.classifier_verdict import decide, requires_action_for
from ticketd.domain.ticket import Classification

__all__ = ["RULES", "RULESET_VERSION", "classify", "normalise", "requires_action_for"]

# Every strong rule says which kind of harm it reports (sentiment reads it).
_UNSORTED = [rule.id for rule in RULES if rule.strong and rule.family not in FAMILIES]
if _UNSORTED:
    raise ValueError(f"strong rules without a family: {_UNSORTED}")

_REPLY_SUBJECT = re.compile(r"\s*(?:re|fwd?|aw|sv)\s*:", re.IGNORECASE)
_QUESTION = POSITION["question"]
_PRAISE = POSITION["praise"]
# Words after which a "Great," opens a sentence (an interjection).
_OPENERS = SENTENCE_ENDS | {",", ":", ";", "oh", "just", "well", "wow", "yeah", "so"}
_POLITENESS = POSITION["politeness"]
_THANKS = frozenset(POSITION[name] for name in THANKS)
_THANKS_SUBJECT = POSITION["thanks_in_subject"]
_BENIGN = POSITION["benign_mention"]
# Look-alikes and status questions that hold a strong topic's word: the
# subject "Refund" over "When will my refund show?" means what they mean.
_TAKES_WORDS = frozenset({_BENIGN, POSITION["refund_status"]})
_MERCHANT_SIDE = frozenset(
    POSITION[name] for name in ("refund_demand", "chargeback", "disputed_charge", "double_charge")
)
_OWN_HOW = POSITION["own_how_to"]
_RESOLVED = POSITION["resolved"]
_PROBLEM_RULES = frozenset(POSITION[name] for name in PROBLEMS)
# A reply that says the matter is settled ("It arrived, thanks").
_SETTLED = frozenset(
    POSITION[name]
    for name in ("resolved", "refund_received", "fix_thanked", "settled_reply", "acknowledged")
)
# Parts that deny an activity ("I did not change it", "wasn't me").
_DENIALS = frozenset(
    POSITION[name]
    for name in ("not_me", "not_me_account", "not_me_money", "blanket_denial", "not_mine")
)
_GDPR = POSITION["gdpr_request"]
_REFUND = POSITION["refund_demand"]
# Cues none of the per-cue readings below applies to (not strong; no
# name, field, question, hedge or waiting reading; no bookkeeping of
# resolutions, retractions, thanks or subjects): they are only negated or
# counted (most cues), and skip those readings.
_PLAIN = frozenset(
    position
    for position, rule in enumerate(RULES)
    if not rule.strong
    and not rule.proper
    and not rule.names
    and rule.role not in (QUIET, RESOLVE)
    and position
    not in {
        INTERJECTION,
        _POLITENESS,
        AWAY,
        _GDPR,
        _REFUND,
        HOW_TO,
        _RESOLVED,
        *_MERCHANT_SIDE,
        *RETRACTIONS,
        *_SETTLED,
        *_PROBLEM_RULES,
        *_THANKS,
        *_TAKES_WORDS,
    }
)


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
    own, passed_on = forwarded(message)
    own = own_words(own)
    subject = subject or ""
    text = without_addresses(f"{subject} . {own}")
    if passed_on:
        # A forwarded message is someone else's text the customer passes
        # on: its strong cues and situation parts are not the customer's
        # ("Thanks, sorted. ---- Forwarded message ---- We detected fraud
        # ..."); its other cues (a question, a request) stay.
        own_end = len(tokenise(normalise(text)))
        text = f"{text} . {without_addresses(passed_on)}"
    normal = normalise(text)
    tokens = tokenise(normal)
    cues, parts = matches(tokens)
    wondering = may_wonder(normal, tokens)  # else no cue or part is someone's question
    resent = passed_on and sent_again(tokens[:own_end])
    if passed_on and not resent:
        cues = [c for c in cues if c[0] < own_end or not RULES[c[2]].strong]
        if not any(p[2] in _DENIALS for p in parts):
            # "This wasn't me." above or below a forwarded sign-in alert:
            # the customer denies what the alert reports, which then counts.
            parts = [p for p in parts if p[0] < own_end]
    said = text  # what shouting is read on
    questioned = text  # where a question mark asks
    reply = ":" in subject and _REPLY_SUBJECT.match(subject) is not None
    if reply and "." in tokens:
        # "Re: How do I export?" names the thread: its question was asked
        # before; only the reply's own words ask again.
        reply_subject = tokens.index(".")
        cues = [c for c in cues if c[0] >= reply_subject or RULES[c[2]].role != ASK]
        questioned = own
    if reply and len(own) != len(message) and not resent:
        # "Re: Charged twice" above a quote names the earlier message: it
        # cannot make the ticket high on its own; the reply's words can.
        reply_subject = tokens.index(".")
        cues = [c for c in cues if c[0] >= reply_subject or not RULES[c[2]].strong]
        if not any(p[2] in _DENIALS for p in parts if p[0] > reply_subject):
            # "Re: your password was changed" over "I did NOT change it":
            # the reply denies what its subject names, which then counts.
            parts = [p for p in parts if p[0] >= reply_subject]
        said = own  # nor is its shouting the reply's

    # Words inside a quoted report, field or view name are the name ("the
    # 'Unauthorised logins' column"): neither strong cues nor parts. Looked
    # for only when a strong cue or a situation could make the ticket high.
    named: list[tuple[int, int]] | None = None
    cased: list[str] | None = None
    active: list[tuple[int, str]] = []  # (rule position, keyword or "")
    denied: set[tuple[int, str]] = set()
    subject_end = tokens.index(".") if "." in tokens else 0
    in_subject: dict[tuple[int, str], str] = {}  # strong subject cues: their first word
    names: set[str] = set()  # words the message uses as a name or a look-alike
    resolved_at = reopened_at = -1  # first "works now", last problem cue
    closing = -1  # where the first "Thanks" is
    retracted_at = -1  # first retraction in the message
    strong_at: list[tuple[int, tuple[int, str]]] = []  # strong cues counted: (start, match)
    for start, negative_length, position, keyword in cues:
        rule = RULES[position]
        if position in _PLAIN:
            if not negated(tokens, start):
                active.append((position, keyword))
            else:
                denied.add((position, keyword))
                if rule.on_negation is not None:
                    active.append((POSITION[rule.on_negation], "not " + keyword))
            continue
        if position == INTERJECTION and start and tokens[start - 1] not in _OPENERS:
            position = _PRAISE  # "the filters are excellent." is praise, not an aside
            rule = RULES[position]
        elif position == _POLITENESS and closing < 0:
            closing = start
        if rule.strong:
            if named is None:
                named = named_words(text)
            if named and any(a <= start < b for a, b in named):
                names.add(tokens[start])  # the subject may name the same thing
                continue
        if position == AWAY and asked(tokens, start):
            continue  # "Is the app on vacation?" is a question, not an away notice
        if rule.role == QUIET and (asked(tokens, start) or hedged(tokens, start)):
            continue  # "Probably a false alarm?", "it may be my mistake": a hedge
        if rule.role == RESOLVE and pending(tokens, start):
            continue  # "let us know when it works again" waits for the fix
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
        if rule.strong and wondering and hypothetical(tokens, start):
            continue
        if position == _GDPR and controller_asks(tokens, start):
            continue
        if position == _REFUND and asks_if_we(tokens, start):
            continue
        if negated(tokens, start):
            denied.add((position, keyword))
            if rule.on_negation is not None:
                active.append((POSITION[rule.on_negation], "not " + keyword))
        else:
            active.append((position, keyword))
            if rule.strong:
                strong_at.append((start, (position, keyword)))
            elif position in RETRACTIONS and start > subject_end and retracted_at < 0:
                retracted_at = start
            elif reply and position in _SETTLED and start > subject_end and retracted_at < 0:
                retracted_at = start  # "Re: refund request" over "It arrived, thanks"
            if position == HOW_TO and asks_how_to_use(tokens, start):
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
            elif position in _TAKES_WORDS:
                names.update(tokens[start : start - negative_length])
    if denied:
        active = [match for match in active if match not in denied]
    if 0 <= resolved_at < reopened_at and not CONTRASTS.isdisjoint(tokens[resolved_at:reopened_at]):
        # "The fix works, but the totals still don't match": a problem told
        # after the resolution and a "but" is not over.
        active = [m for m in active if m[0] != _RESOLVED]
    if names and in_subject:
        # The subject "Chargeback Watch" over "a dashboard we call Chargeback
        # Watch", or "everything unavailable" over "shows every item as
        # unavailable", means what the message's words mean.
        active = [m for m in active if in_subject.get(m) not in names]
    if retracted_at >= 0:
        active, parts = retracted(tokens, active, parts, retracted_at, subject_end, strong_at)
    positions = present(parts) if parts else None
    candidates = possible_among(positions) if positions else None
    if candidates:
        # Frames and neutralisers are rare: without them, the passes that
        # look for them are skipped (they would keep every part).
        framed = frames_among(positions)
        neutralised = neutralisers_among(positions)
        relevant = relevant_to(candidates)
        parts = relevant_parts(parts, relevant, framed)
        if subject_end and neutralised:
            parts = framed_subject(parts, subject_end)
        if framed:
            parts = without_framed(tokens, parts)

        def found_among(kept: list) -> list:
            return situations(
                tokens,
                kept,
                candidates,
                relevant,
                wondering,
                only_relevant=not framed,
                neutralised=neutralised,
            )

        found = found_among(parts)
        if found:
            if named is None:
                named = named_words(text)
            if named:
                parts = [p for p in parts if not any(a <= p[0] < b for a, b in named)]
                found = found_among(parts)
        active.extend(found)
    if shouting(said):
        active.append((SHOUTING, ""))
    if scare_quoted(said):
        active.append((SARCASM, ""))  # the "improved" categories
    if "?" in questioned:
        active.append((_QUESTION, ""))
    if closing > 0 and closing * 2 > len(tokens) > WORDY:
        # A long ticket whose first "Thanks" closes it (in its second
        # half): it tells more than thanks (``classifier_sentiment.WORDY``).
        active.append((SAYS_MORE, ""))
    return decide(active, (status or "open").lower())
