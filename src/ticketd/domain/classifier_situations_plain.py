"""Situations, third layer: the same harms in plain everyday words.

Composed mostly of ``classifier_parts_plain``: "my son got into my
account", "every number is zero where it used to be 400", "nothing sold
since the morning". Tried after ``classifier_situations_concepts``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import NEAR, SENTENCE, Situation

__all__ = ["PLAIN_SITUATIONS"]

# fmt: off
PLAIN_SITUATIONS: tuple[Situation, ...] = (
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
)
# fmt: on
