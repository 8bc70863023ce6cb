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
from itertools import pairwise

from ticketd.domain.classifier_feeling import THANKS, WORDY
from ticketd.domain.classifier_frames import without_framed
from ticketd.domain.classifier_match import hypothetical, matches, may_wonder, negated
from ticketd.domain.classifier_names import quoted_names
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
from ticketd.domain.classifier_situation_match import (
    possible,
    relevant_parts,
    relevant_to,
    situations,
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
_CONTRASTS = frozenset({"but", "however", "though", "although", "except", "yet"})
# The customer takes back what they reported ("false alarm", "that was me").
_RETRACTIONS = frozenset({RETRACTION, POSITION["own_activity"]})
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
# A modal before a retraction makes it a hedge: "it may well be my mistake".
_HEDGES = frozenset({"may", "might", "could", "probably", "maybe", "perhaps", "possibly", "if"})
# Words before a resolution that make it a wait: "tell us when it works again".
_WAITING = frozenset({"when", "once", "until", "till", "if", "after", "whether"})
# The customer sends their own earlier message again: "forwarding this again".
_AGAIN = frozenset({"again", "resending", "resend", "reminder", "second", "third"})
# Words after which a retraction's reach ends: a new matter follows
# ("False alarm about the login. But there is a charge I didn't make").
_GDPR = POSITION["gdpr_request"]
_REFUND = POSITION["refund_demand"]
# Whose data a privacy-law question is about when the customer is the one
# who holds it: "How do I delete a customer's data under GDPR?".
_DATA_SUBJECTS = frozenset({
    "customer", "customers", "client", "clients", "user", "users", "member", "members",
    "patient", "patients", "employee", "employees", "staff", "contact", "contacts",
    "subscriber", "subscribers", "guest", "guests", "student", "students", "visitor",
    "visitors", "tenant", "tenants", "candidate", "candidates", "applicant", "applicants",
    "donor", "donors", "lead", "leads", "shopper", "shoppers", "buyer", "buyers", "their",
    "someones", "somebodys", "peoples", "parents", "pupils",
})  # fmt: skip
# Words that make a sentence a question of how to do something.
_ASKING = frozenset({"how", "process", "procedure", "steps", "workflow", "guide", "way", "should"})
_NEW_MATTER = _CONTRASTS | {"separately", "also", "still", "meanwhile", "unrelated", "another"}


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


def _retracted(
    tokens: list[str],
    active: list,
    parts: list,
    at: int,
    subject_end: int,
    strong_at: list[tuple[int, tuple[int, str]]],
) -> tuple[list, list]:
    """What a retraction in the message takes back. It retracts the report
    the subject names ("Re: hacked?" over "False alarm, it was my
    husband"): the subject's strong cues and parts no longer count. A new
    matter told after it ("But there is still a charge I didn't make")
    is not retracted: then the retraction cancels nothing."""
    after = next((i for i in range(at, len(tokens)) if tokens[i] in _NEW_MATTER), -1)
    if after >= 0:
        later = [p for p in parts if p[0] > after]
        candidates = possible(later) if later else None
        if any(start > after for start, _ in strong_at) or (
            candidates
            and situations(tokens, relevant_parts(later, relevant_to(candidates)), candidates)
        ):
            return [m for m in active if m[0] not in _RETRACTIONS], parts
    subject_only = {m for start, m in strong_at if start < subject_end} - {
        m for start, m in strong_at if start > subject_end
    }
    if subject_only:
        active = [m for m in active if m not in subject_only]
    return active, [p for p in parts if p[0] > subject_end]


def _hedged(tokens: list[str], start: int) -> bool:
    """Whether a retraction follows a modal within three words ("it may well
    be my mistake", "could be a false alarm"): a hedge, not a retraction."""
    return not _HEDGES.isdisjoint(tokens[max(0, start - 3) : start])


def _pending(tokens: list[str], start: int) -> bool:
    """Whether a resolution is awaited ("let us know when it works again"),
    a waiting word within three words before it."""
    return not _WAITING.isdisjoint(tokens[max(0, start - 3) : start])


def _sent_again(own: list[str]) -> bool:
    """Whether the customer's own words say the forwarded message is their
    own, sent again ("Forwarding this again", "second time", "no reply")."""
    if not _AGAIN.isdisjoint(own):
        return True
    pairs = set(pairwise(own))
    return bool(pairs & {("no", "reply"), ("no", "response"), ("still", "waiting")})


def _asks_if_we(tokens: list[str], start: int) -> bool:
    """Whether a refund is asked about on a condition of the customer's own
    next step ("Can you refund the difference if we downgrade?", "Would I
    get a refund if I cancel now?"): a policy question, not a demand."""
    begin = end = start
    while begin and tokens[begin - 1] not in SENTENCE_ENDS:
        begin -= 1
    while end < len(tokens) and tokens[end] not in SENTENCE_ENDS:
        end += 1
    if end >= len(tokens) or tokens[end] != "?":
        return False
    return any(tokens[i] == "if" and tokens[i + 1] in ("i", "we") for i in range(begin, end - 1))


def _controller_asks(tokens: list[str], start: int) -> bool:
    """Whether a privacy law is named in a how question about the data of
    the customer's own customers, users or staff ("How do I delete a
    customer's data under GDPR?", "how should we answer a user's GDPR
    request"): the customer holds the data and asks how to comply."""
    begin = start
    while begin and tokens[begin - 1] not in SENTENCE_ENDS:
        begin -= 1
    end = start
    while end < len(tokens) and tokens[end] not in SENTENCE_ENDS:
        end += 1
    sentence = tokens[begin:end]
    return not _ASKING.isdisjoint(sentence[: start - begin]) and not _DATA_SUBJECTS.isdisjoint(
        sentence
    )


def _named_words(text: str) -> list[tuple[int, int]]:
    """The token ranges of the quoted names of reports, fields and views
    in ``text`` (``classifier_names``)."""
    return [
        (len(tokenise(normalise(text[:a]))), len(tokenise(normalise(text[:b]))))
        for a, b in quoted_names(text)
    ]


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
    resent = passed_on and _sent_again(tokens[:own_end])
    if passed_on and not resent:
        cues = [c for c in cues if c[0] < own_end or not RULES[c[2]].strong]
        parts = [p for p in parts if p[0] < own_end]
    said = text  # what shouting is read on
    questioned = text  # where a question mark asks
    reply = _REPLY_SUBJECT.match(subject) is not None
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
        if position == INTERJECTION and start and tokens[start - 1] not in _OPENERS:
            position = _PRAISE  # "the filters are excellent." is praise, not an aside
        elif position == _POLITENESS and closing < 0:
            closing = start
        rule = RULES[position]
        if rule.strong:
            if named is None:
                named = _named_words(text)
            if named and any(a <= start < b for a, b in named):
                names.add(tokens[start])  # the subject may name the same thing
                continue
        if position == AWAY and asked(tokens, start):
            continue  # "Is the app on vacation?" is a question, not an away notice
        if rule.role == QUIET and (asked(tokens, start) or _hedged(tokens, start)):
            continue  # "Probably a false alarm?", "it may be my mistake": a hedge
        if rule.role == RESOLVE and _pending(tokens, start):
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
        if position == _GDPR and _controller_asks(tokens, start):
            continue
        if position == _REFUND and _asks_if_we(tokens, start):
            continue
        if negated(tokens, start):
            denied.add((position, keyword))
            if rule.on_negation is not None:
                active.append((POSITION[rule.on_negation], "not " + keyword))
        else:
            active.append((position, keyword))
            if rule.strong:
                strong_at.append((start, (position, keyword)))
            elif position in _RETRACTIONS and start > subject_end and retracted_at < 0:
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
    if retracted_at >= 0:
        active, parts = _retracted(tokens, active, parts, retracted_at, subject_end, strong_at)
    candidates = possible(parts) if parts else None
    if candidates:
        relevant = relevant_to(candidates)
        parts = relevant_parts(parts, relevant)
        if subject_end:
            parts = _framed_subject(parts, subject_end)
        parts = without_framed(tokens, parts)
        found = situations(tokens, parts, candidates, relevant, wondering)
        if found:
            if named is None:
                named = _named_words(text)
            if named:
                parts = [p for p in parts if not any(a <= p[0] < b for a, b in named)]
                found = situations(tokens, parts, candidates, relevant, wondering)
        active.extend(found)
    if shouting(said):
        active.append((SHOUTING, ""))
    if scare_quoted(said):
        active.append((SARCASM, ""))  # the "improved" categories
    if "?" in questioned:
        active.append((_QUESTION, ""))
    if closing > 0 and closing * 2 > len(tokens) > WORDY:
        # A long ticket whose first "Thanks" closes it (in its second
        # half): it tells more than thanks (``classifier_feeling.WORDY``).
        active.append((SAYS_MORE, ""))
    return decide(active, (status or "open").lower())
