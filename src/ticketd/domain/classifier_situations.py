"""Situations composed of parts: incidents told in the customer's own words.

A keyword list cannot catch "there is a payment to a payee I never added"
or "none of our reminders have gone out since Monday". These rules describe
the situation instead: *who* acted (someone else, a former employee, "not
me"), *what* happened (a sign-in, a password or email change, a payment, an
export) and *whether the customer consented* ("I didn't", "I was asleep",
"without my permission"). Each part is a small vocabulary of its own, kept
by job in ``classifier_parts_incident`` (security incidents: who, consent,
account events, devices, secrets), ``classifier_parts_money`` (money moved,
claimed back or charged again) and ``classifier_parts_impact`` (severe
impact, data loss, data-protection requests, sarcasm, wrong results);
parts are matched in a layer separate from the cues, so a part and a cue
may share words. A ``Situation`` holds when one part of each of its groups
matched within the same sentence, two neighbouring sentences, or the
ticket. Several situations feed intermediate parts (a lost device, then a
lost device that is still signed in).

This module holds what the engine reads besides the situations: the part
vocabularies joined (``PART_RULES``), the question and wish frames, and the
outcome rules. The situations are kept in layers, tried in this order:
``classifier_situations_core`` (the first compositions),
``classifier_situations_concepts`` (broad concepts) and
``classifier_situations_plain`` (plain everyday words),
``classifier_situations_impact`` (severe impact against a plain
malfunction) and ``classifier_situations_harms`` (the harms of people and
money in more wordings: credentials handed over or sent out, money
chased).
"""

from __future__ import annotations

from ticketd.domain.classifier_parts_claims import CLAIM_PARTS
from ticketd.domain.classifier_parts_concepts import CONCEPT_PARTS
from ticketd.domain.classifier_parts_consent import CONSENT_PARTS
from ticketd.domain.classifier_parts_contained import CONTAINED_PARTS
from ticketd.domain.classifier_parts_dataprotection import DATA_PROTECTION_PARTS
from ticketd.domain.classifier_parts_exposure import EXPOSURE_PARTS
from ticketd.domain.classifier_parts_guards import GUARD_PARTS
from ticketd.domain.classifier_parts_impact import IMPACT_PARTS
from ticketd.domain.classifier_parts_incident import INCIDENT_PARTS
from ticketd.domain.classifier_parts_money import MONEY_PARTS
from ticketd.domain.classifier_parts_plain import PLAIN_PARTS
from ticketd.domain.classifier_parts_privacy import PRIVACY_PARTS
from ticketd.domain.classifier_parts_reach import REACH_PARTS
from ticketd.domain.classifier_parts_scale import SCALE_PARTS
from ticketd.domain.classifier_parts_scope import SCOPE_PARTS
from ticketd.domain.classifier_rules import Rule, Situation
from ticketd.domain.classifier_situations_concepts import CONCEPT_SITUATIONS
from ticketd.domain.classifier_situations_core import CORE_SITUATIONS
from ticketd.domain.classifier_situations_harms import HARM_SITUATIONS
from ticketd.domain.classifier_situations_impact import IMPACT_OUTCOMES, IMPACT_SITUATIONS
from ticketd.domain.classifier_situations_plain import PLAIN_SITUATIONS

__all__ = [
    "OUTCOME_RULES",
    "PART_RULES",
    "SENTENCE_FRAMES",
    "SITUATIONS",
    "WHOLE_SENTENCE_FRAMES",
]

# The vocabularies situations are composed of.
PART_RULES: tuple[Rule, ...] = (
    INCIDENT_PARTS
    + CONSENT_PARTS
    + MONEY_PARTS
    + IMPACT_PARTS
    + DATA_PROTECTION_PARTS
    + PRIVACY_PARTS
    + CONCEPT_PARTS
    + EXPOSURE_PARTS
    + CLAIM_PARTS
    + SCOPE_PARTS
    + PLAIN_PARTS
    + GUARD_PARTS
    + REACH_PARTS
    + CONTAINED_PARTS
    + SCALE_PARTS
)

# Question, wish and how-to frames (parts) and the parts each one holds from
# where it starts to the end of its sentence: "how can I see who logged in",
# "it would be nice if admins could see every user's ...", "how do I
# return an item and get the money back".
SENTENCE_FRAMES: dict[str, tuple[str, ...]] = {
    "access_question": (
        "actor_other",
        "others_data",
        "private_ish",
        "open_link",
        "access_trace",
        "former_role",
        "account_thing",
        "taken_over",
        "other_party",
        "another",
        "who_stranger",
        "nobody_at",
        "anyone_at",
        "viewer_other",
        "my_things",
    ),
    "money_question": ("reverse_money", "want_back", "cancel_done", "compensation_thing"),
    # "Could you add a right to be forgotten button?" is an idea.
    "feature_ask": (
        "gone",
        "data_object",
        "data_store",
        "data_gone",
        "forget_me",
        "device_gone",
        "device_taken",
        "dp_erase",
        "dp_access",
        "dp_share",
        "consent_withdrawn",
        "still_signed_in",
        "device_open",
        "secret",
        "others_data",
        "who_stranger",
        "account_event",
        "outbound",
        "failure",
        "everyone_all",
        "everyone_none",
    ),
    # "Trying to find where the settings had gone": a question of where.
    "where_gone": ("gone", "data_gone"),
    # "Should I delete everything?", "if I delete my account" are steps.
    "own_step": ("dp_erase", "erase_all", "dp_access"),
    # "If my phone gets stolen, can I sign out remotely?" is a condition.
    "if_lost": (
        "device",
        "device_plural",
        "device_gone",
        "device_taken",
        "card",
        "still_signed_in",
        "device_open",
    ),
}
# Frames that hold the parts of their whole sentence, before them too:
# "every customer sees their own invoices".
WHOLE_SENTENCE_FRAMES: dict[str, tuple[str, ...]] = {
    "own_data": ("others_data",),
    # "I cannot withdraw my earnings until I am verified": a step pending.
    "verification_wait": ("held_back", "money_frozen", "still_held"),
    # "Someone switched it on by mistake during a cleanup": a colleague's slip.
    "by_mistake": ("who_stranger", "actor_other"),
    # "The widget has shown 0 every day": a figure shown, not work stopped.
    "metric_view": ("zero_count", "zeroed", "zero_of", "people_none"),
    # "When I refresh, the note is gone": not saved, not data lost.
    "not_kept": ("gone", "data_gone", "data_object", "data_store", "all_gone", "data_broken"),
    # "The logo is gone from the invoices": a part of the screen, not data.
    "ui_gone": ("gone", "data_gone", "data_object", "data_store", "data_broken", "failure"),
    # "20 minutes of measurements gone": one stretch of work.
    "minutes_of": ("gone", "data_gone", "data_object", "data_store"),
    # "A customer says she was charged twice": the merchant's own customer,
    # reported by the merchant (a question to check, not money taken from
    # the customer writing).
    "their_customer_says": (
        "money_act",
        "repeated_act",
        "repeated_twice",
        "money_event",
        "money_taken",
        "others_data",
        "other_party",
        "another",
        "family_member",
        "who_stranger",
    ),
}

# fmt: off
# The verdicts situations produce: keyword-less rules, matched by code.
OUTCOME_RULES: tuple[Rule, ...] = (
    Rule("account_takeover", (), sentiment=-2, strong=True, family="security"),
    Rule("unauthorised_charge", (), sentiment=-2, strong=True, family="money"),
    Rule("bank_threat", (), sentiment=-2, strong=True, family="money"),
    Rule("lost_device", (), sentiment=-2, strong=True, family="security"),
    Rule("data_exposed", (), strong=True, family="security"),
    Rule("cross_customer_data", (), strong=True, family="privacy",
         cancels=("account_takeover", "unauthorised_charge")),
    Rule("stopped_for_everyone", (), sentiment=-2, strong=True, family="impact"),
    Rule("data_destroyed", (), sentiment=-2, strong=True, family="impact"),
    Rule("data_protection_request", (), strong=True, family="privacy", cancels=("data_destroyed",)),
    Rule("data_shared_without_consent", (), sentiment=-2, strong=True, family="privacy",
         cancels=("data_destroyed",)),
    Rule("money_withheld", (), sentiment=-2, strong=True, family="money"),
    Rule("wrong_result", (), urgency=1),
    Rule("device_missing", (), part=True, report=False),
    Rule("url_tampered", (), part=True, report=False),
    Rule("detail_changed", (), part=True, report=False),
    Rule("wants_reversed", (), part=True, report=False),
    Rule("erase_wished", (), part=True, report=False),
    *IMPACT_OUTCOMES,
    Rule("money_wished", (), part=True, report=False),
    Rule("dp_wished", (), part=True, report=False),
    Rule("activity_notice", (), part=True, report=False),
)
# fmt: on

# Situations are tried in table order, layer after layer: an intermediate
# situation (a denial, a missing device, a whole group) comes before the
# situations that use its outcome, and the order is the order of the
# situations' keywords on a verdict. A new layer goes at the end.
SITUATIONS: tuple[Situation, ...] = (
    CORE_SITUATIONS + CONCEPT_SITUATIONS + PLAIN_SITUATIONS + IMPACT_SITUATIONS + HARM_SITUATIONS
)
