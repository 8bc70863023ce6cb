"""What the words around a cue say about it: the context readers of
``classifier.classify``.

- ``hedged``, ``pending``: a retraction after a modal ("it may be my
  mistake") is a hedge; a resolution after a waiting word ("let us know when
  it works again") is awaited.
- ``retracted``: what a retraction in the message takes back (the report
  its subject names), unless a new matter follows it.
- ``framed_subject``: the subject as the message frames it ("If I lose my
  phone, how do I ..." under the subject "Lost phone").
- ``sent_again``: the customer forwards their own earlier message again.
- ``asks_if_we``, ``controller_asks``: a refund asked about on a condition
  of the customer's own next step; a privacy law named in a how question
  about the data the customer holds.
- ``named_words``: the token ranges of quoted report, field and view names.
"""

from __future__ import annotations

from itertools import pairwise

from ticketd.domain.classifier_names import quoted_names
from ticketd.domain.classifier_situation_match import (
    possible,
    relevant_parts,
    relevant_to,
    situations,
)
from ticketd.domain.classifier_table import CANCELS, POSITION, RETRACTION, RULES
from ticketd.domain.classifier_text import SENTENCE_ENDS, normalise, tokenise

__all__ = [
    "CONTRASTS",
    "RETRACTIONS",
    "asks_if_we",
    "controller_asks",
    "framed_subject",
    "hedged",
    "named_words",
    "pending",
    "retracted",
    "sent_again",
]

CONTRASTS = frozenset({"but", "however", "though", "although", "except", "yet"})
# The customer takes back what they reported ("false alarm", "that was me").
RETRACTIONS = frozenset({RETRACTION, POSITION["own_activity"]})
# A modal before a retraction makes it a hedge: "it may well be my mistake".
_HEDGES = frozenset({"may", "might", "could", "probably", "maybe", "perhaps", "possibly", "if"})
# Words before a resolution that make it a wait: "tell us when it works again".
_WAITING = frozenset({"when", "once", "until", "till", "if", "after", "whether"})
# The customer sends their own earlier message again: "forwarding this again".
_AGAIN = frozenset({"again", "resending", "resend", "reminder", "second", "third"})
# Words after which a retraction's reach ends: a new matter follows
# ("False alarm about the login. But there is a charge I didn't make").
_NEW_MATTER = CONTRASTS | {"separately", "also", "still", "meanwhile", "unrelated", "another"}
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


def framed_subject(parts: list, subject_end: int) -> list:
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


def retracted(
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
            return [m for m in active if m[0] not in RETRACTIONS], parts
    subject_only = {m for start, m in strong_at if start < subject_end} - {
        m for start, m in strong_at if start > subject_end
    }
    if subject_only:
        active = [m for m in active if m not in subject_only]
    return active, [p for p in parts if p[0] > subject_end]


def hedged(tokens: list[str], start: int) -> bool:
    """Whether a retraction follows a modal within three words ("it may well
    be my mistake", "could be a false alarm"): a hedge, not a retraction."""
    return not _HEDGES.isdisjoint(tokens[max(0, start - 3) : start])


def pending(tokens: list[str], start: int) -> bool:
    """Whether a resolution is awaited ("let us know when it works again"),
    a waiting word within three words before it."""
    return not _WAITING.isdisjoint(tokens[max(0, start - 3) : start])


def sent_again(own: list[str]) -> bool:
    """Whether the customer's own words say the forwarded message is their
    own, sent again ("Forwarding this again", "second time", "no reply")."""
    if not _AGAIN.isdisjoint(own):
        return True
    pairs = set(pairwise(own))
    return bool(pairs & {("no", "reply"), ("no", "response"), ("still", "waiting")})


def asks_if_we(tokens: list[str], start: int) -> bool:
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


def controller_asks(tokens: list[str], start: int) -> bool:
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


def named_words(text: str) -> list[tuple[int, int]]:
    """The token ranges of the quoted names of reports, fields and views
    in ``text`` (``classifier_names``)."""
    return [
        (len(tokenise(normalise(text[:a]))), len(tokenise(normalise(text[:b]))))
        for a, b in quoted_names(text)
    ]
