"""The classifier's rule table: every rule in verdict order, and the table
positions the engine refers to by name.

``RULES`` is the whole table in verdict order (strong topics first, then
situation outcomes, tone rules and, last, the parts); matches, situations
and the verdict name a rule by its position in it. ``POSITION`` maps a rule
id to its position; ``CANCELS`` holds, per position, the positions of the
rules it cancels. The positions that both ``classifier`` and
``classifier_verdict`` read are defined here once.
"""

from __future__ import annotations

from ticketd.domain.classifier_feeling import FEELING_RULES
from ticketd.domain.classifier_malfunction import MALFUNCTION_RULES
from ticketd.domain.classifier_noise import NOISE_RULES
from ticketd.domain.classifier_rules import Rule
from ticketd.domain.classifier_situations import OUTCOME_RULES, PART_RULES
from ticketd.domain.classifier_tone import TONE_RULES
from ticketd.domain.classifier_topics import TOPIC_RULES

__all__ = [
    "AWAY",
    "CANCELS",
    "HOW_TO",
    "INTERJECTION",
    "POSITION",
    "RETRACTION",
    "RULES",
    "SARCASM",
    "SAYS_MORE",
    "SHOUTING",
]

# Table order is the order rules are listed on a verdict: strong first.
RULES: tuple[Rule, ...] = (
    TOPIC_RULES
    + OUTCOME_RULES
    + TONE_RULES
    + NOISE_RULES
    + MALFUNCTION_RULES
    + FEELING_RULES
    + PART_RULES
)
POSITION = {rule.id: position for position, rule in enumerate(RULES)}
CANCELS = tuple(frozenset(POSITION[name] for name in rule.cancels) for rule in RULES)

# Rules the engine adds or reads by name.
SHOUTING = POSITION["shouting"]
SARCASM = POSITION["sarcasm"]
HOW_TO = POSITION["how_to"]
INTERJECTION = POSITION["praise_interjection"]
AWAY = POSITION["away_notice"]
SAYS_MORE = POSITION["says_more"]
RETRACTION = POSITION["retraction"]
