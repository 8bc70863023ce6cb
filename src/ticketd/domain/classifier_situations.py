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
may share words. A ``Situation`` here
holds when one part of each of its groups matched within the same sentence,
two neighbouring sentences, or the ticket. Several situations feed
intermediate parts (a lost device, then a lost device that is still signed
in).
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
from ticketd.domain.classifier_parts_scope import SCOPE_PARTS
from ticketd.domain.classifier_rules import NEAR, SENTENCE, TICKET, Rule, Situation
from ticketd.domain.classifier_situations_impact import IMPACT_OUTCOMES, IMPACT_SITUATIONS

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
)

SITUATIONS: tuple[Situation, ...] = (
    # Denials built from parts feed the situations below.
    Situation("not_me", "", (("everyone_none",), ("denial_tail",)), SENTENCE),
    Situation("account_takeover", "activity not made by the customer",
              (("who_stranger", "not_me", "not_me_account", "not_mine"), ("account_event",)),
              NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("not_touched", "not_touched_any", "nobody_changed"), ("sensitive_detail",)),
              NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("new_device", "who_stranger"), ("only_mine",)), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("blanket_denial",), ("account_event",)), TICKET),
    Situation("account_takeover", "former member still active",
              (("former_member",), ("still_active",)), NEAR),
    Situation("unauthorised_charge", "payment not authorised",
              (("who_stranger", "not_me", "not_me_money", "not_mine", "family_member"),
               ("money_event",)),
              NEAR),
    Situation("refund_demand", "money back",
              (("claim_back",), ("back",), ("money_event",)), SENTENCE),
    Situation("refund_demand", "money back",
              (("return_money",), ("money_amount",), ("money_destination",)), SENTENCE),
    Situation("refund_demand", "money back",
              (("claim_back",), ("return_money",), ("money_amount",)), SENTENCE),
    # "You billed my Amex 79.00 ... I want it reversed": the wish in one
    # sentence, the money in it or the one next to it.
    Situation("wants_reversed", "", (("claim_back",), ("return_money",)), SENTENCE),
    Situation("refund_demand", "money back", (("wants_reversed",), ("money_event",)), NEAR),
    Situation("unauthorised_charge", "charged after cancelling",
              (("cancelled",), ("money_taken",)), SENTENCE),
    Situation("unauthorised_charge", "charged after cancelling",
              (("cancelled",), ("still_charged",)), NEAR),
    Situation("money_withheld", "money held back",
              (("money_owed",), ("held_back",)), NEAR),
    Situation("money_withheld", "money held back",
              (("money_owed",), ("not_arrived",), ("days_running",)), NEAR),
    Situation("bank_threat", "going to the bank", (("bank_threat_phrase",),), SENTENCE),
    Situation("device_missing", "", (("device",), ("device_gone",)), SENTENCE),
    Situation("unauthorised_charge", "stolen card used", (("card",), ("device_gone",)), SENTENCE),
    Situation("lost_device", "lost device still signed in",
              (("device_missing",), ("still_signed_in",)), TICKET),
    Situation("data_exposed", "credentials exposed",
              (("secret",), ("exposed", "exposed_weak")), SENTENCE),
    Situation("data_exposed", "credentials given to a fake site",
              (("secret",), ("gave_away",), ("fake_site",)), NEAR),
    Situation("data_exposed", "credentials given to a fake site",
              (("login_through",), ("fake_site",)), NEAR),
    Situation("account_takeover", "account details changed",
              (("identity_swapped",),), SENTENCE),
    Situation("cross_customer_data", "another person's details",
              (("sensitive_personal",), ("can_view", "see"), ("audience_all",)), SENTENCE),
    Situation("data_exposed", "data exposed publicly",
              (("data_object", "secret", "personal_info"), ("exposed",)), NEAR),
    Situation("double_charge", "charged more than once",
              (("money_act",), ("repeated_act",)), SENTENCE),
    Situation("double_charge", "charged more than once",
              (("money_done",), ("money_amount",), ("repeated_twice",)), SENTENCE),
    Situation("cross_customer_data", "another customer's data",
              (("other_party", "not_mine"), ("see",)), NEAR),
    Situation("cross_customer_data", "records reached by editing a link",
              (("url_tamper",), ("see", "watch")), NEAR),
    Situation("url_tampered", "", (("id_change",), ("in_link",)), SENTENCE),
    Situation("cross_customer_data", "records reached by editing a link",
              (("url_tampered",), ("see", "watch", "can_view")), NEAR),
    # "The API response includes every user's password hash".
    Situation("data_exposed", "credentials exposed",
              (("others_data",), ("secret",), ("see", "can_view", "exposed")), SENTENCE),
    # "My login email was replaced with another one ... now I cannot get in".
    Situation("account_takeover", "activity not made by the customer",
              (("changed_behind",), ("locked_out",)), NEAR),
    Situation("detail_changed", "", (("passive_change",), ("sensitive_detail",)), SENTENCE),
    Situation("account_takeover", "activity not made by the customer",
              (("detail_changed",), ("locked_out",)), NEAR),
    Situation("cross_customer_data", "another person's details",
              (("another",), ("personal_info",), ("see",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone",
              (("everyone_none",), ("happening",)), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("everyone_none", "everyone_all"), ("failure",)), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("whole_org",), ("failure", "affected", "down_word")), NEAR),
    Situation("stopped_for_everyone", "stopped for everyone", (("nothing_happening",),),
              SENTENCE),
    Situation("stopped_for_everyone", "scheduled jobs not running",
              (("scheduled",), ("not_run",)), SENTENCE),
    Situation("stopped_for_everyone", "scheduled jobs not running",
              (("stale_run",), ("days_long", "days_ago")), SENTENCE),
    Situation("stopped_for_everyone", "people cannot use it", (("people_cannot",),), SENTENCE),
    Situation("stopped_for_everyone", "nothing coming in", (("zero_count",),), SENTENCE),
    Situation("data_destroyed", "data lost", (("data_object",), ("gone",)), SENTENCE),
    Situation("data_exposed", "private data seen by a stranger",
              (("who_stranger", "not_me"), ("watch",), ("private_thing",)), NEAR),
    Situation("outage", "down for hours",
              (("site_down",), ("days_long", "hours_long", "days_running")), NEAR),
    Situation("stopped_for_everyone", "service lost for days",
              (("service_gone",), ("days_long",)), NEAR),
    Situation("stopped_for_everyone", "broken for everyone",
              (("whole_org",), ("service_gone",)), NEAR),
    Situation("data_protection_request", "erasure",
              (("dp_erase",), ("all_about_me",)), NEAR),
    Situation("data_protection_request", "erasure for good",
              (("wish",), ("dp_erase",), ("for_good",)), SENTENCE),
    Situation("sarcasm", "sarcasm", (("praise_word",), ("harm_done",)), NEAR),
    Situation("sarcasm", "sarcasm", (("sarcasm_marker",),), SENTENCE),
    Situation("wrong_result", "wrong result", (("see",), ("wrong_output",)), SENTENCE),
    Situation("data_protection_request", "personal data request",
              (("dp_erase", "dp_access", "dp_share"), ("about_me",)), SENTENCE),
    Situation("data_protection_request", "personal data request",
              (("dp_erase", "dp_access"), ("all_mine",), ("data_word",)), SENTENCE),
    Situation("data_protection_request", "personal data shared",
              (("dp_share",), ("my_contact",)), SENTENCE),
    Situation("data_protection_request", "personal data shared",
              (("data_flow",), ("recipient",), ("about_me", "my_contact", "dp_share")), NEAR),
    Situation("data_protection_request", "personal data shared",
              (("dp_refuse",), ("data_flow", "recipient", "dp_share")), SENTENCE),
    Situation("data_shared_without_consent", "personal data shared without consent",
              (("dp_share",), ("not_me", "not_me_money", "not_me_account")), NEAR),
    # --- broad concepts (classifier_parts_concepts, classifier_parts_claims) ----------
    # Joined concepts: "nobody in" ... "our house" is an actor who is not the
    # customer; "anybody in" ... "our office" a whole group.
    Situation("actor_other", "", (("nobody_at",), ("group_place",)), SENTENCE),
    Situation("scope_group", "", (("anyone_at",), ("group_place",)), SENTENCE),
    # security: an actor who is not the customer x an action on the account.
    Situation("account_takeover", "activity not made by the customer",
              (("actor_other",), ("account_thing", "account_event")), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("not_me_account", "not_mine"), ("account_thing",)), NEAR),
    Situation("account_takeover", "account taken over", (("taken_over",),), SENTENCE),
    Situation("account_takeover", "access from places not ours",
              (("foreign_origin",), ("account_thing", "account_event")), TICKET),
    Situation("data_exposed", "private data seen by another person",
              (("viewer_other",), ("can_view", "see", "watch"), ("my_things",)), SENTENCE),
    Situation("cross_customer_data", "records that are not ours",
              (("not_me_account", "not_mine"), ("people_record",)), SENTENCE),
    Situation("refund_demand", "money back", (("off_my_bill",), ("this_amount",)), NEAR),
    Situation("data_protection_request", "erasure",
              (("dp_erase",), ("privacy_content",)), SENTENCE),
    Situation("data_protection_request", "erasure",
              (("none_mine",), ("stays_with_you",)), SENTENCE),
    Situation("account_takeover", "sign-in prompt answered no",
              (("prompt_you",), ("answered_no",)), TICKET),
    Situation("data_exposed", "credentials exposed",
              (("secret",), ("unmasked",), ("shown_where",)), SENTENCE),
    Situation("money_withheld", "money held back",
              (("money_frozen",), ("money_inside", "money_amount", "stored_value")), NEAR),
    Situation("data_protection_request", "personal data request",
              (("dont_want_you",),), SENTENCE),
    Situation("data_protection_request", "erasure", (("dp_erase",), ("about_self",)), SENTENCE),
    Situation("data_protection_request", "personal data request",
              (("dp_access",), ("about_self",)), SENTENCE),
    Situation("data_exposed", "credentials given to a fake request",
              (("ask_secret",), ("gave_it", "gave_away"), ("doubt_sender", "fake_site")), NEAR),
    Situation("unauthorised_charge", "payment not authorised",
              (("actor_other",), ("money_event",)), SENTENCE),
    Situation("unauthorised_charge", "payment not authorised",
              (("not_me_money", "actor_other"), ("paying_for",)), NEAR),
    Situation("double_charge", "charged more than once",
              (("many_payments", "money_act"), ("only_one",)), NEAR),
    Situation("money_withheld", "money held back",
              (("money_due", "money_owed"), ("still_held", "held_back", "not_arrived"),
               ("duration", "days_ago", "days_running")), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("access_trace",), ("only_mine",)), NEAR),
    Situation("device_missing", "", (("device", "device_plural"), ("device_taken",)), SENTENCE),
    Situation("lost_device", "lost device still signed in",
              (("device_missing",), ("device_open",)), TICKET),
    Situation("account_takeover", "former member still active",
              (("former_role",), ("still_active", "still_in")), NEAR),
    Situation("account_takeover", "former member still active",
              (("former_member",), ("still_in",)), NEAR),
    # exposure: a viewer x another person's data x seeing it.
    Situation("cross_customer_data", "another person's details",
              (("others_data",), ("personal_data", "personal_info"), ("can_view", "see")),
              SENTENCE),
    Situation("data_exposed", "private data made public",
              (("private_ish",), ("can_view", "see"), ("made_public",)), SENTENCE),
    Situation("data_exposed", "credentials exposed", (("secret",), ("made_public",)), SENTENCE),
    Situation("data_exposed", "data open without a login",
              (("open_link",), ("sensitive_stuff", "personal_data", "data_object")), NEAR),
    # money: cancelled x still taken; wanting it back; charged more than agreed.
    Situation("unauthorised_charge", "charged after cancelling",
              (("cancel_done", "cancelled"), ("charged_anyway", "still_charged")), NEAR),
    Situation("refund_demand", "money back",
              (("want_back",), ("money_event", "money_amount", "amount_owed")), NEAR),
    Situation("refund_demand", "money back", (("reverse_money",), ("amount_owed",)), SENTENCE),
    Situation("money_withheld", "money gone from the account",
              (("stored_value",), ("emptied",)), SENTENCE),
    # data protection: consent withdrawn, being forgotten, what is held about me.
    Situation("data_protection_request", "consent withdrawn", (("consent_withdrawn",),),
              SENTENCE),
    Situation("data_protection_request", "erasure", (("forget_me",),), SENTENCE),
    Situation("data_protection_request", "personal data request",
              (("data_which", "held_by_you"), ("about_self",)), SENTENCE),
    # impact: a key job failed; data ruined (at scale for the weaker words).
    Situation("stopped_for_everyone", "scheduled jobs not running",
              (("key_job",), ("job_failed",)), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("scope_group", "whole_org"), ("not_functioning", "failure", "blank_word")),
              SENTENCE),
    Situation("data_destroyed", "data lost", (("data_store",), ("data_gone",)), SENTENCE),
    Situation("data_destroyed", "data lost",
              (("scope_group",), ("data_store",), ("empty_word",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone",
              (("none_of_ours",), ("working",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone", (("nothing_can",),), SENTENCE),
    Situation("stopped_for_everyone", "people cannot work", (("people_idle",),), SENTENCE),
    Situation("stopped_for_everyone", "service lost for a whole group",
              (("scope_group",), ("service_gone",)), NEAR),
    Situation("cross_customer_data", "another person's details",
              (("belongs_other",), ("personal_data", "data_store", "personal_info")), SENTENCE),
    Situation("data_destroyed", "data corrupted", (("data_store",), ("corrupted",)), SENTENCE),
    Situation("data_destroyed", "data corrupted",
              (("scope_all", "whole_org"), ("data_store",), ("corrupted_weak",)), SENTENCE),
    # --- plain words (classifier_parts_plain) ---------------------------------------
    Situation("account_takeover", "activity not made by the customer",
              (("family_member", "household"), ("intruded",)), NEAR),
    Situation("data_exposed", "credentials exposed",
              (("real_secret",), ("docs_place",)), SENTENCE),
    Situation("erase_wished", "", (("erase_all",), ("wish",)), SENTENCE),
    Situation("data_protection_request", "erasure", (("erase_wished",), ("about_me",)), NEAR),
    Situation("stopped_for_everyone", "broken for everyone",
              (("whole_org", "scope_group"), ("access_lost",)), SENTENCE),
    Situation("stopped_for_everyone", "nothing coming in", (("none_created",),), SENTENCE),
    Situation("stopped_for_everyone", "people cannot use it", (("nothing_sold",),), SENTENCE),
    Situation("cross_customer_data", "another person's session", (("as_other",),), SENTENCE),
    Situation("data_destroyed", "data lost", (("all_gone",),), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("not_just_me",), ("failure", "not_functioning", "locked_out")), NEAR),
    Situation("stopped_for_everyone", "nothing coming in",
              (("none_in",), ("since_time", "hours_long", "days_long")), SENTENCE),
    Situation("data_destroyed", "data lost", (("wiped_all",),), SENTENCE),
    Situation("data_destroyed", "figures wiped", (("zeroed",), ("used_to_be",)), NEAR),
    Situation("money_withheld", "money held back", (("money_owed",), ("zeroed",)), SENTENCE),
    Situation("stopped_for_everyone", "people cannot work", (("production_stopped",),),
              SENTENCE),
    Situation("stopped_for_everyone", "nothing coming in", (("none_reaching",),), SENTENCE),
    Situation("lost_device", "signed in on a shared computer",
              (("public_computer",), ("not_logged_out",)), NEAR),
    Situation("double_charge", "charged more than once", (("added_twice",),), SENTENCE),
    Situation("data_exposed", "data exposed publicly",
              (("personal_info", "sensitive_personal"), ("public_place",)), SENTENCE),
    Situation("stopped_for_everyone", "people cannot use it",
              (("group_cannot",), ("any_work",)), SENTENCE),
    Situation("data_destroyed", "data lost",
              (("scope_all", "whole_org"), ("data_store",), ("data_gone_weak",)), SENTENCE),
    Situation("data_protection_request", "personal data kept", (("still_have_mine",),),
              SENTENCE),
    Situation("stopped_for_everyone", "messages not going out",
              (("recipients_not_getting",), ("outbound", "data_store")), NEAR),
    Situation("stopped_for_everyone", "broken for everyone",
              (("our_fleet",), ("failure", "not_functioning")), SENTENCE),
    Situation("refund_demand", "compensation demanded",
              (("demand_verb",), ("compensation_thing",)), SENTENCE),
    Situation("unauthorised_charge", "payment not authorised",
              (("unknown_money",),), SENTENCE),
    Situation("unauthorised_charge", "money gone from the account",
              (("money_vanished",), ("from_mine",)), SENTENCE),
    Situation("double_charge", "charged more than once",
              (("same_period",), ("money_act",), ("again_word",)), SENTENCE),
    Situation("stopped_for_everyone", "messages not going out",
              (("outbound",), ("stopped_going_out",)), SENTENCE),
    Situation("stopped_for_everyone", "messages not going out",
              (("outbound",), ("not_going_out",), ("all_of_them",)), NEAR),
    Situation("stopped_for_everyone", "people cannot use it", (("cant_any",),), SENTENCE),
    *IMPACT_SITUATIONS,
)
# fmt: on
