"""What a cue word means as written, and how a ticket is written.

- ``names_a_field``, ``is_person_name`` and ``after_naming``: whether a
  cue word, as written, names a report, a field, a person or a thing
  rather than saying the cue; ``their_customer``: whether a money cue is
  the customer's own customers' business ("one of our customers disputes");
  ``asks_how_to_use``: a how-to question about the customer's own use.
- ``shouting``: two or more all-capitals words that are not acronyms, or
  "!!", "??"; ``asked``: whether a word's sentence ends with a question
  mark; ``scare_quoted``: a word of praise alone in quotation marks.
"""

from __future__ import annotations

import re

from ticketd.domain.classifier_rules import ACRONYMS, FIELD_NOUNS, NAME_LEADS, OBJECTS
from ticketd.domain.classifier_text import SENTENCE_ENDS

__all__ = [
    "after_naming",
    "asked",
    "asks_how_to_use",
    "is_person_name",
    "names_a_field",
    "scare_quoted",
    "shouting",
    "their_customer",
]

# An all-capitals word of three or more letters (\b[A-Z]{3,}\b), written
# to start with the letters so the regex engine scans for them quickly.
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")
# Capital letters as "A", every other byte as "a": a ticket whose UTF-8
# form mapped so (a byte of a multibyte character is never ASCII) holds no
# "AAA" has no three capitals in a row, so no all-capitals word.
_CAPITALS = bytes(0x41 if 0x41 <= b <= 0x5A else 0x61 for b in range(256))
_NAMING_LINKS = frozenset({"for", "called", "named", "titled", "labelled"})
_LISTS = frozenset({"list", "export", "total", "summary", "overview", "csv", "count", "column"})


def shouting(text: str) -> bool:
    """Two or more all-capitals words that are not acronyms, or "!!" (also
    "??", "?!", "!?")."""
    if ("!" in text or "?" in text) and (
        "!!" in text or "??" in text or "?!" in text or "!?" in text
    ):
        return True
    if b"AAA" not in text.encode("utf-8", "surrogatepass").translate(_CAPITALS):
        return False  # most tickets: no need to look for the words
    loud = 0
    for word in _CAPS_WORD.findall(text):
        if word not in ACRONYMS:
            loud += 1
            if loud == 2:
                return True
    return False


def asked(tokens: list[str], start: int) -> bool:
    """Whether the sentence holding ``tokens[start]`` ends with a question mark."""
    for token in tokens[start:]:
        if token in SENTENCE_ENDS:
            return token == "?"
    return False


def names_a_field(tokens: list[str], start: int, length: int) -> bool:
    """Whether the cue at ``tokens[start:start + length]`` is part of the
    name of a report, metric, field, setting or view ("the SLA breach
    report", "Refund reason field", "Disputes & Chargebacks report"): a
    field noun follows it, possibly after one more word."""
    end = start + length
    if end < len(tokens) and tokens[end] in FIELD_NOUNS:
        return True
    # "a column for Refund amount", "a field called Breach date", "the list
    # of disputed invoices".
    if start >= 2:
        link, noun = tokens[start - 1], tokens[start - 2]
        if (link in _NAMING_LINKS and noun in FIELD_NOUNS) or (link == "of" and noun in _LISTS):
            return True
    return end + 1 < len(tokens) and tokens[end].isalpha() and tokens[end + 1] in FIELD_NOUNS


def is_person_name(tokens: list[str], cased: list[str], start: int) -> bool:
    """Whether the one-word cue at ``tokens[start]`` is written as a
    person's name ("ask Sue", "Emily Hacker", "Thanks, Sue", "Sue in
    accounts"): capitalised but not all capitals (that is shouting), inside
    a sentence of a line that is not in Title Case, or at a sentence start
    followed by a surname or a word that follows names; never when an
    object follows ("Sue you")."""
    if len(cased) != len(tokens):
        return False
    word = cased[start]
    if not word[:1].isupper() or word.isupper():
        return False
    end = start + 1
    following = tokens[end] if end < len(tokens) else ""
    if following in OBJECTS:
        return False
    in_subject = "." not in tokens[:start]
    if in_subject and _named_in_message(cased, start):
        return True
    previous = tokens[start - 1] if start else "."
    if (previous in SENTENCE_ENDS or not start) and following in SENTENCE_ENDS | {""}:
        return True  # a capitalised word on its own: a greeting or a signature
    if previous in SENTENCE_ENDS or previous in (",", ":", ";"):
        if previous == "," and start >= 2 and tokens[start - 2] in NAME_LEADS:
            return True
        after = cased[end] if end < len(cased) else ""
        return (
            bool(after[:1].isupper() and not after.isupper())
            or following in _NAME_FOLLOWERS
            or _told_of(following)
        )
    # Title Case is a subject-line habit ("Account Hacked Last Night"); in
    # the message (after the subject's sentence break) capitals mark names.
    return not (in_subject and _title_case_line(cased, start))


def _named_in_message(cased: list[str], index: int) -> bool:
    """Whether the message writes a capitalised subject word as a name too:
    capitalised inside a sentence ("is your 'Brilliant' plan ..."), or with
    the same capitalised neighbour ("Importing from Great Plains" / "Great
    Plains accounting"): a name the message confirms."""
    word = cased[index]
    after = cased[index + 1] if index + 1 < len(cased) else ""
    pair = after[:1].isupper() and not after.isupper()
    body = cased.index(".") if "." in cased else len(cased)
    for i in range(body + 1, len(cased)):
        if cased[i] != word:
            continue
        if cased[i - 1] not in SENTENCE_ENDS or (pair and cased[i + 1 : i + 2] == [after]):
            return True
    return False


_NAME_FOLLOWERS = frozenset({
    "in", "from", "at", "said", "says", "asked", "mentioned", "told", "wrote", "who", "on",
    "and", "s", "has", "was", "will", "is", "here", "thinks", "called", "sent", "cant",
    "can", "cannot", "couldnt", "could", "would", "needs", "wants", "tried", "does",
    "doesnt", "isnt", "got", "gets", "should", "did", "didnt", "had",
})  # fmt: skip


def _told_of(word: str) -> bool:
    """Whether ``word`` is a verb in the past tense or the third person, which
    follows a person's name and never the verb "sue" ("Sue left the agency",
    "Sue moved to accounts", "Sue handles our invoices")."""
    return (len(word) > 3 and word.endswith("ed")) or word in _PAST_OR_THIRD


_PAST_OR_THIRD = frozenset({
    "left", "went", "quit", "took", "made", "came", "gave", "became", "found", "knew",
    "paid", "bought", "brought", "kept", "lost", "met", "spent", "sold", "held", "felt",
    "thought", "forgot", "ran", "rang", "saw", "put", "won", "works", "handles", "manages",
    "runs", "looks", "uses", "leads", "takes", "keeps", "deals", "sorts", "knows", "helps",
    "checks",
})  # fmt: skip


def _title_case_line(cased: list[str], index: int) -> bool:
    """Whether the line around ``cased[index]`` is written in Title Case
    (a subject line such as "Account Hacked Last Night"), where capitals
    say nothing about names."""
    start = index
    while start > 0 and cased[start - 1] not in SENTENCE_ENDS:
        start -= 1
    end = index
    while end + 1 < len(cased) and cased[end + 1] not in SENTENCE_ENDS:
        end += 1
    words = [w for w in cased[start : end + 1] if w.isalpha() and len(w) > 3]
    if len(words) < 2:
        return True
    return sum(w[0].isupper() for w in words) * 3 >= len(words) * 2


_NAMING = frozenset({"called", "named", "titled", "entitled", "call", "calls", "labelled"})
# A capitalised cue at most this many words after a naming word is part of
# the name ("a report called Terminations & Breaches").
_NAME_REACH = 3
# A money cue whose subject is the merchant's own customer ("when one of our
# customers disputes an invoice"): the customer's business, not a demand.
_THEIR_CUSTOMERS = frozenset({
    "customer", "customers", "client", "clients", "buyer", "buyers", "shopper", "shoppers",
    "guest", "guests", "patient", "patients", "member", "members", "tenant", "tenants",
})  # fmt: skip
_OWNERS = frozenset({"our", "my", "of", "a", "one"})
# "The chargebacks my own shoppers have filed", "refunds our store issued":
# a money cue followed, in its sentence, by the merchant's own customers or
# business as the ones who act on it.
_THEIR_SIDE = _THEIR_CUSTOMERS | frozenset({"store", "shop", "business", "restaurant", "team"})
_FOLLOW_REACH = 4
_CLAUSE_ENDS = frozenset({",", ";", ":", "-", "and", "but", "because", "as", "so"})
_THEIR_ACTS = frozenset({
    "have", "has", "had", "filed", "file", "files", "issued", "issue", "issues", "made",
    "make", "opened", "open", "raised", "raise", "requested", "request", "gave", "give",
    "processed", "process", "submitted", "claimed", "received", "got", "get",
})  # fmt: skip
# "How do refunds show up", "how are chargebacks handled": a question about
# the topic, not a demand ("how can I get a refund" and "where is my money"
# are not).
_ASKING_HOW = frozenset({"how"})
_AUXILIARIES = frozenset({"do", "does", "are", "the", "to", "can", "i", "we", "would"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def after_naming(tokens: list[str], start: int) -> bool:
    """Whether a cue follows a naming word ("called", "we call") within a
    few words of the same sentence: capitalised, it is part of a name."""
    for j in range(start - 1, max(-1, start - 1 - _NAME_REACH), -1):
        if tokens[j] in _NAMING:
            return True
        if tokens[j] in SENTENCE_ENDS:
            return False
    return False


def their_customer(tokens: list[str], start: int) -> bool:
    """Whether a money cue has the merchant's own customer as its subject
    ("one of our customers disputes an invoice"), with no first-person
    subject of its own between, or the merchant's own customers or business
    just after it ("the chargebacks my own shoppers filed", "refunds our
    store issued"), or is the topic of a how question ("how do refunds show
    up in the report")."""
    for j in range(start - 1, max(0, start - 6), -1):
        token = tokens[j]
        if token in SENTENCE_ENDS or token in _FIRST_PERSON:
            break
        if token in _THEIR_CUSTOMERS:
            if tokens[j - 1] in _OWNERS or tokens[j - 1] in _THEIR_CUSTOMERS:
                return True
            break
    for j in range(start + 1, min(len(tokens) - 1, start + 1 + _FOLLOW_REACH)):
        token = tokens[j]
        if token in SENTENCE_ENDS or token in _CLAUSE_ENDS:
            break
        if token in {"my", "our"}:
            k = j + 2 if tokens[j + 1] == "own" else j + 1
            return k + 1 < len(tokens) and tokens[k] in _THEIR_SIDE and tokens[k + 1] in _THEIR_ACTS
    j = start - 1
    while j >= 0 and tokens[j] in _AUXILIARIES:
        j -= 1
    return j >= 0 and tokens[j] in _ASKING_HOW


_OWN_HOW = frozenset({"how", "where"})


def asks_how_to_use(tokens: list[str], start: int) -> bool:
    """A how-to question about the customer's own use ("how do I",
    "how can we", "where do I"), as opposed to a seller's "can I send you"
    or "how can we help you": words a newsletter or pitch does not ask."""
    if tokens[start] not in _OWN_HOW:
        return False
    window = tokens[start + 1 : start + 3]
    return len(window) == 2 and window[0] in {"do", "can", "should"} and window[1] in {"i", "we"}


# A word of praise or progress alone in quotation marks says the opposite:
# the "improved" categories, the 'smart' inbox, the “new and better” editor.
_SCARE_WORDS = re.compile(
    r"(?:[\"\u201c\u201d]|(?<!\w)['\u2018])"
    r"(?:new and )?(?:improved|better|upgraded|smart|smarter|intelligent|helpful|fixed|great"
    r"|amazing|awesome|simplified|streamlined|easier|faster|modern|user[- ]friendly|seamless"
    r"|enhanced|optimi[sz]ed)"
    r"(?:[\"\u201c\u201d]|['\u2019](?!\w))",
    re.IGNORECASE,
)


def scare_quoted(text: str) -> bool:
    """A word of praise or progress alone in quotation marks ("thanks for
    the "improved" categories"): sarcasm. Cheap without a quotation mark."""
    if '"' not in text and " '" not in text and text.isascii():
        return False
    return _SCARE_WORDS.search(text) is not None
