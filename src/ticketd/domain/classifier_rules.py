"""The classification rule model and the word lists the engine reads.

The rules themselves are data, split by concern:

- ``classifier_topics``: strong topics (money, legal pressure, data
  protection, security, outages) and their look-alikes;
- ``classifier_situations``: situations composed of parts (who did it, what
  happened, whether the customer consented), for incidents described
  without a stock keyword;
- ``classifier_tone``: everyday problems, urgency language, emotion, calm
  cues, praise, requests, resolution, auto-replies and sales pitches.

Each ``Rule`` names the canonical keywords it reports and, for each, the
surface patterns that count as that keyword. A pattern is one or more words
written the way a person types them; ``classifier_text.normalise`` is applied
to it, so case, apostrophes and Unicode forms do not matter. A word ending in
``~`` also matches its simple inflections (``refund~`` matches refund,
refunds, refunded, refunding). Matching is always on whole words, so
``refund~`` never matches "prefund" and ``sue~`` never matches "issue".

Changing any rule changes verdicts: bump ``RULESET_VERSION`` in the same
commit, so the next ingestion re-classifies stored tickets (see
``docs/classification.md``).
"""

from __future__ import annotations

import attrs

__all__ = [
    "ACRONYMS",
    "ASK",
    "AUTO_REPLY",
    "CONDITIONALS",
    "FAMILIES",
    "FIELD_NOUNS",
    "FILLERS",
    "FYI",
    "NAME_LEADS",
    "NEAR",
    "NEGATION_WINDOW",
    "NEGATORS",
    "OBJECTS",
    "PITCH",
    "QUIET",
    "RESOLVE",
    "RULESET_VERSION",
    "SENTENCE",
    "TICKET",
    "Rule",
    "Situation",
    "combine",
    "each",
    "kw",
]

RULESET_VERSION = "2026.11-37"

# Roles a rule can play besides moving urgency and sentiment.
ASK = "ask"  # an explicit request or question: the customer expects an answer
QUIET = "quiet"  # the customer says no action is needed, or retracts the ticket
FYI = "fyi"  # "for your information": no action unless the ticket also asks
RESOLVE = "resolve"  # the problem is over (the rule's ``cancels`` says which)
AUTO_REPLY = "auto_reply"  # an out-of-office or automatic reply, not a request
PITCH = "pitch"  # a cold sales pitch or spam, not a request

# The kinds of harm a strong rule reports (``Rule.family``).
FAMILIES = frozenset({"security", "privacy", "legal", "money", "impact"})

# Where the parts of a situation must meet: the largest distance, in
# sentences, between the parts.
SENTENCE = 0  # in one sentence
NEAR = 1  # in one sentence or two neighbouring ones
TICKET = 10_000  # anywhere in the ticket


@attrs.frozen
class Rule:
    """One classification rule.

    ``urgency``: 2 raises the ticket to high, 1 to at least medium, -1 is a
    calm cue that lowers the result one level (never below low, never for a
    strong signal). ``sentiment``: added up; negative weights push towards
    negative, positive towards positive. ``strong``: the ticket is high
    urgency whatever else it says, calm cues included. ``on_negation``: the
    id of the rule that stands in when a negator governs the match ("not
    urgent" -> ``calm``, "not happy" -> ``negated_praise``); ``None``
    cancels the match. ``cancels``: ids of rules switched off for the whole
    ticket when this one matches ("working again" ends an outage, "the
    refund arrived" ends a refund demand).
    ``report``: the matched keywords are reported (and counted in tenant
    stats); only cues that raise urgency or name a topic are.
    ``part``: the rule is a part of a situation (``Situation``), not a
    verdict of its own; parts are matched in a layer of their own, where
    patterns may be shared and overlaps are kept, so a part and a cue (or
    two parts) may share words. A part rule with ``cancels`` is a
    neutraliser: its match removes the named parts' matches that start
    inside it ("can someone" is not "someone").
    ``proper``: naming a report, field, setting or view, the word is a name
    and not the cue ("the SLA breach report", "Fraud alerts toggle").
    ``names``: keywords whose word is also a person's name; written as a
    name ("ask Sue", "Emily Hacker") it is not the cue.
    ``family``: for a strong rule (one that makes a ticket high), the kind
    of harm it reports, one of ``FAMILIES``: ``security`` (activity the
    customer did not do, lost devices, secrets exposed), ``privacy``
    (another person's data seen, data-protection requests), ``legal``
    (courts, lawyers, regulators, formal notices), ``money`` (money taken,
    claimed back or held back) or ``impact`` (the service or a whole
    function down, data lost or corrupted). Every strong rule has one; the
    table check at import refuses a strong rule without it.
    """

    id: str  # stable id, stored with each ticket
    keywords: tuple[tuple[str, tuple[str, ...]], ...]  # (canonical keyword, surface patterns)
    urgency: int = 0  # 2 high, 1 medium, 0 none, -1 calm
    sentiment: int = 0  # summed: < 0 negative, > 0 positive
    strong: bool = False  # always high urgency
    on_negation: str | None = None  # rule id emitted when negated; None cancels
    cancels: tuple[str, ...] = ()  # rule ids switched off when this one matches
    role: str = ""  # "", ASK, QUIET, FYI, RESOLVE, AUTO_REPLY or PITCH
    report: bool = True  # report the matched keywords
    part: bool = False  # a situation part, matched in its own layer
    proper: bool = False  # may name a report, field or view instead of the cue
    names: tuple[str, ...] = ()  # keywords that may be a person's name instead
    family: str = ""  # strong rules: "security", "privacy", "legal", "money" or "impact"


@attrs.frozen
class Situation:
    """A situation composed of parts: it holds when, for every group in
    ``parts``, at least one of the group's part rules matched (not negated),
    all within one sentence (``SENTENCE``), two neighbouring sentences
    (``NEAR``) or anywhere in the ticket (``TICKET``). It then counts as a
    match of ``rule`` with ``keyword``.

    Example: (someone else or no consent) + (a sign-in, a password change,
    an export) in one sentence is an account takeover, however it is worded.
    """

    rule: str  # id of the (keyword-less) rule that the situation activates
    keyword: str  # reported keyword
    parts: tuple[tuple[str, ...], ...]  # groups of part rule ids; one of each group
    within: int = SENTENCE  # SENTENCE, NEAR or TICKET


def kw(**keywords: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Readable tables: keyword="pattern | pattern | ..."; "_" in a keyword
    is a space."""
    return tuple(
        (name.replace("_", " "), tuple(p.strip() for p in patterns.split("|") if p.strip()))
        for name, patterns in keywords.items()
    )


def each(patterns: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every pattern its own keyword, for rules that count distinct cues
    (two different pitch phrases make a pitch; one phrase twice does not)."""
    return tuple((p.strip(), (p.strip(),)) for p in patterns.split("|") if p.strip())


def combine(firsts: str, seconds: str) -> str:
    """Every "first second" pattern of two ``|`` lists, for rules whose
    phrases are a product (a negated auxiliary and a function verb)."""
    return " | ".join(
        f"{a.strip()} {b.strip()}" for a in firsts.split("|") for b in seconds.split("|")
    )


# Words that negate a cue that follows them within a short window.
# "haven't", "didn't" and "never" are deliberately absent: "you haven't
# refunded me" and "I never received it" are complaints, not negations.
NEGATORS = frozenset({
    "not", "no", "nobody", "nothing", "none", "neither", "nor", "without",
    "dont", "doesnt", "isnt", "arent", "wasnt", "werent", "wont", "aint", "nothings",
    "nobodys",
})  # fmt: skip

# Words allowed between a negator and the cue it negates ("no longer need a
# refund", "nobody is going to sue", "isn't urgent"). Any other word, or any
# punctuation, ends the negation's reach.
FILLERS = frozenset({
    "a", "an", "the", "any", "really", "very", "so", "too", "that", "this", "it", "its",
    "is", "be", "been", "being", "am", "are", "was", "were", "at", "all", "longer",
    "need", "needed", "want", "wanted", "require", "asking", "for", "going", "to",
    "looking", "expecting", "quite", "just", "exactly", "yet", "even", "actually",
    "particularly", "super", "i", "we", "you", "my", "our", "me", "us", "feel", "feeling",
    "seem", "seems", "more", "anymore", "of", "have", "has", "had", "got", "think",
    "believe", "see", "know", "something", "somethings", "anything", "anythings",
    # Intent verbs between a negator and a threat: "we won't be taking legal
    # action", "I'm not going to involve lawyers".
    "taking", "take", "involve", "involving", "pursue", "pursuing", "bring", "bringing",
    "threaten", "threatening", "planning", "plan",
})  # fmt: skip
NEGATION_WINDOW = 4  # at most this many fillers between negator and cue

# A negator right after these is a condition, not a negation: "if you don't
# refund me" is still a refund demand.
CONDITIONALS = frozenset({"if", "unless"})

# A cue word right before one of these names a report, metric, field or
# view ("the SLA breach report", "Refund reason field", "urgent tickets
# view"), not a situation.
FIELD_NOUNS = frozenset({
    "report", "reports", "metric", "metrics", "field", "fields", "column", "columns",
    "widget", "widgets", "dashboard", "dashboards", "tab", "filter", "filters", "tag",
    "tags", "label", "labels", "view", "views", "kpi", "kpis", "rate", "rates", "count",
    "counts", "counter", "chart", "charts", "graph", "template", "templates", "category",
    "categories", "queue", "queues", "macro", "macros", "dropdown", "picklist",
    "property", "attribute", "section", "panel", "button", "form", "module", "reason",
    "score", "scores", "ratio", "trend", "tile", "segment", "policy", "workflow", "tickets",
    "alert", "alerts", "toggle", "setting", "settings", "option", "options", "feature",
    "ticket", "status", "statuses", "flag", "type", "job", "role", "position", "vacancy",
    "vacancies", "advert", "ad", "listing", "posting", "procedure", "procedures",
    "playbook", "whitepaper", "training", "drill", "simulation", "episode", "episodes",
    "mission", "missions", "chapter", "chapters", "quest", "quests", "minigame", "lesson",
    "lessons", "song", "album", "film", "movie", "podcast", "notification", "notifications",
    "summary", "summaries", "digest", "digests",
})  # fmt: skip

# Before a capitalised cue word these make it a person's name ("ask Sue",
# "thanks, Sue", "cc Chase"); after it, these make it the verb ("Sue you").
NAME_LEADS = frozenset({
    "hi", "hello", "hey", "dear", "thanks", "cheers", "regards", "cc", "ask", "asked",
    "colleague", "contact", "from", "with", "by", "per", "attn", "and", "to", "named",
    "called", "manager", "agent", "me", "is", "am",
})  # fmt: skip
OBJECTS = frozenset({
    "you", "your", "them", "us", "him", "her", "it", "the", "this", "that", "over",
    "anyone", "everyone", "immediately", "now",
})  # fmt: skip

# Upper-case words that are names, not shouting.
ACRONYMS = frozenset({
    "API", "SSO", "SAML", "SCIM", "GDPR", "DSGVO", "RGPD", "DSAR", "CSV", "PDF", "HTTP",
    "HTTPS", "URL", "SSL", "TLS", "VAT", "SLA", "FAQ", "USA", "EUR", "USD", "GBP", "INV",
    "UTC", "CET", "EST", "PST", "ISO", "SOC", "CISO", "CTO", "CEO", "CFO", "DPA", "XSS", "SQL",
    "JSON", "XML", "HTML", "CRM", "ERP", "FTP", "SFTP", "SMTP", "DNS", "IOS", "MFA", "OTP",
    "CSS", "SDK", "CLI", "AWS", "GCP", "WARN", "INFO", "DEBUG", "ERROR", "IBAN", "BIC", "PIN",
    "FYI", "ASAP", "EXT", "SAP", "CCPA", "CPRA", "LGPD", "PIPEDA", "POPIA", "PDPA", "ICO",
    "CNIL", "FTC", "BBB", "CFPB", "FCA", "KPI", "ROI", "SEO", "SMS", "PTO", "OOO", "ETA",
    "EOD", "COB", "PDT", "BST", "GMT", "IMAP", "POP",
})  # fmt: skip
