"""Situations, second layer: the broad concepts.

Composed of ``classifier_parts_concepts``, ``classifier_parts_claims``,
``classifier_parts_exposure`` and ``classifier_parts_scope``: an actor who is
not the customer x an action on the account; a viewer x another person's
data x seeing it; cancelled x still taken; consent withdrawn; a key job
failed. Tried after ``classifier_situations_core``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import NEAR, SENTENCE, TICKET, Situation

__all__ = ["CONCEPT_SITUATIONS"]

# fmt: off
CONCEPT_SITUATIONS: tuple[Situation, ...] = (
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
)
# fmt: on
