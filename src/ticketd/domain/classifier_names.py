"""Names in quotation marks: a report, metric, field or view the customer
names ("the 'Data Breach Incidents' report", "a custom field "Fraud
suspected?"", "the saved search “Chargebacks over 500”") is the name of
a thing, whatever alarming words it holds; the words inside the quotation
marks are not the customer's cues or situation parts.

A quoted span is a name when a name noun stands right before it (a naming
word such as "called" may come between: "a view called "Outage
follow-ups"") or right after it, one more word allowed ("'Stolen cards -
Q3' export", "“Unauthorised logins” weekly report"). Quoted text next to
anything else (an e-mail, an alert, a message the customer received) is
what someone wrote and stays: 'I got an alert "New sign-in from Russia"'.
"""

from __future__ import annotations

import re

from ticketd.domain.classifier_rules import FIELD_NOUNS

__all__ = ["quoted_names"]

# Things a customer names in quotation marks. Not notifications or
# messages ("alert", "ticket", "status"): their quoted text is what they said.
_NAME_NOUNS = (
    FIELD_NOUNS
    - {"alert", "alerts", "ticket", "tickets", "status", "statuses", "reason", "job", "role"}
) | {
    "search", "saved", "folder", "folders", "list", "lists", "project", "projects", "board",
    "boards", "sheet", "spreadsheet", "file", "automation", "automations", "rule", "rules",
    "group", "groups", "playlist", "campaign", "campaigns", "export", "exports", "kpi",
    "pipeline", "stage", "page", "heading", "title", "header", "column", "entry", "option",
    "metric", "report", "field",
}  # fmt: skip
# Before a quote, these introduce what a message said, not a name.
_CONTENT_LEADS = frozenset({"notification", "notifications"})
_NAMING = frozenset({"called", "named", "titled", "entitled", "labelled", "labeled"})
# A quoted span: double or typographic quotes, or single quotes that are not
# apostrophes (a space or the start before the opening one).
# (Each starts with its quotation mark, so the regex engine scans for it
# quickly.)
_DOUBLE = re.compile(
    '["\u201c\u201d\u201e\u00ab]([^"\u201c\u201d\u201e\u00ab\u00bb\n]{1,80})["\u201c\u201d\u00bb]'
)
_SINGLE = re.compile("['\u2018](?<!\\w['\u2018])([^'\u2018\u2019\n]{1,80})['\u2019](?!\\w)")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _named(before: str, after: str) -> bool:
    """Whether a quoted span between ``before`` and ``after`` is the name
    of a report, field, view or other named thing."""
    previous = _WORD.findall(before[-40:].casefold())
    if previous:
        if previous[-1] in _CONTENT_LEADS:
            return False  # "your notification: 'Admin role granted to ...'" says what it said
        if previous[-1] in _NAME_NOUNS:
            return True
        if previous[-1] in _NAMING and len(previous) > 1 and previous[-2] in _NAME_NOUNS:
            return True
    # The words after it in the same sentence: "show "Service unavailable".
    # Reception queues ..." does not name a queue.
    following = _WORD.findall(_SENTENCE_END.split(after[:40], 1)[0].casefold())[:2]
    return bool(following) and (
        following[0] in _NAME_NOUNS or (len(following) > 1 and following[1] in _NAME_NOUNS)
    )


def quoted_names(text: str) -> list[tuple[int, int]]:
    """Where the quoted names of reports, fields and views are in ``text``
    (character spans of the words between the quotation marks). Cheap
    when there is no quotation mark (a few substring tests)."""
    if (
        '"' not in text
        and " '" not in text
        and (text.isascii() or not any(q in text for q in "\u201c\u2018\u201e\u00ab"))
    ):
        return []
    spans = []
    others = []  # quoted spans not named where they stand
    names: dict[str, int] = {}  # a name's words: where it is last named
    for quotes in (_DOUBLE, _SINGLE):
        for quoted in quotes.finditer(text):
            if _named(text[: quoted.start()], text[quoted.end() :]):
                spans.append(quoted.span(1))
                words = quoted.group(1).casefold()
                names[words] = max(names.get(words, 0), quoted.start())
            else:
                others.append(quoted)
    # The same quoted words before it name the same thing: the subject
    # "what does 'Stolen device' do" over "an option called 'Stolen device'".
    spans.extend(q.span(1) for q in others if q.start() < names.get(q.group(1).casefold(), -1))
    return spans
