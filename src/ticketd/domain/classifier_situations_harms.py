"""Situations, fourth layer: harms of people and money in more wordings.

Security: credentials typed into a lure ("an email asking me to re-verify
my account"), sent or shown to people who should not have them ("emailed
our whole mailing list a newsletter with the admin password"), a sign-in
from a device somewhere + "I'm in Leeds", a detail changed + "I have only
ever used my gmail", an account left signed in on a borrowed computer.
Money: a wish to reverse or pay back + money near ("Please reverse it."),
a debt named ("that's £84 you owe me"), money owed that has not arrived +
chased ("I need this money released or traced"). Data protection: a wish to
stop using or sharing + the customer's data or a purpose ("stop using my
purchase history for personalised ads"). Tried after
``classifier_situations_plain``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import NEAR, SENTENCE, TICKET, Situation

__all__ = ["HARM_SITUATIONS"]

# fmt: off
HARM_SITUATIONS: tuple[Situation, ...] = (
    # --- security -----------------------------------------------------------------
    # Sensitive records sent to the wrong person: "emailed every pupil's
    # medical notes to a parent by mistake".
    Situation("data_exposed", "data sent to the wrong person",
              (("sensitive_personal", "secret"), ("sent_out",), ("by_mistake",)), NEAR),
    Situation("data_exposed", "credentials sent to others",
              (("credential",), ("sent_out", "exposed_weak"), ("wide_audience",)), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("seen_from", "new_device"), ("only_mine", "mine_differs")), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("detail_changed", "changed_behind"), ("mine_differs", "not_touched")), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("detail_changed", "changed_behind"), ("doubt_change",)), NEAR),
    # A notice of account activity + the customer questioning or denying it.
    Situation("activity_notice", "",
              (("notice_received",),
               ("security_event", "detail_changed", "changed_behind", "seen_from")), SENTENCE),
    Situation("account_takeover", "activity not made by the customer",
              (("activity_notice",),
               ("doubt_change", "not_me_account", "only_mine", "mine_differs",
                "not_touched")), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("notice_received",),
               ("security_event", "detail_changed", "changed_behind", "seen_from"),
               ("not_me",)), NEAR),
    Situation("account_takeover", "activity not made by the customer",
              (("new_detail",), ("mine_differs", "not_touched", "not_me_account")), NEAR),
    Situation("cross_customer_data", "another customer's data",
              (("other_trade",), ("see", "can_view"), ("personal_data", "people_record")),
              SENTENCE),
    Situation("account_takeover", "remote access given to a stranger",
              (("remote_access",), ("fake_site", "doubt_sender", "who_stranger", "doubt_change")),
              NEAR),
    Situation("account_takeover", "someone broke in", (("intruded_system",),), SENTENCE),
    Situation("cross_customer_data", "another customer's data",
              (("no_ties",), ("see", "can_view")), NEAR),
    Situation("account_takeover", "former member still active",
              (("former_member", "former_role", "former_any"), ("still_in_use",)), NEAR),
    Situation("account_takeover", "former member still active",
              (("former_any",), ("still_active", "still_in")), NEAR),
    # The customer's images or children published without consent: exposed,
    # the tone decides the sentiment.
    Situation("data_exposed", "data exposed publicly",
              (("images_of_me",), ("wide_audience", "public_place", "exposed_weak", "exposed"),
               ("not_me",)), NEAR),
    # Devices taken in a break-in ("two laptops were taken", a missing
    # device found in the layer before) and still signed in.
    Situation("lost_device", "lost device still signed in",
              (("device_missing",), ("still_signed_in", "left_signed_in")), TICKET),
    Situation("lost_device", "signed in on a shared computer",
              (("borrowed_computer", "public_computer"), ("left_signed_in", "not_logged_out")),
              NEAR),
    # --- money --------------------------------------------------------------------
    Situation("money_wished", "", (("wish", "demand_verb", "claim_back"), ("reverse_charge",)),
              SENTENCE),
    Situation("refund_demand", "money back",
              (("money_wished",),
               ("money_event", "money_amount", "this_amount", "money_owed", "amount_owed",
                "you_owe")), NEAR),
    Situation("refund_demand", "money back",
              (("you_owe",), ("wish", "demand_verb", "money_chase", "reverse_charge")), NEAR),
    Situation("money_withheld", "money held back",
              (("money_owed", "money_due"), ("not_arrived", "still_held", "held_back"),
               ("money_chase",)), NEAR),
    Situation("double_charge", "charged more than once", (("money_done",), ("paid_again",)),
              SENTENCE),
    Situation("money_withheld", "money held back",
              (("short_paid",), ("money_amount", "money_owed", "money_event")), SENTENCE),
    Situation("refund_demand", "compensation demanded",
              (("need_word",), ("compensation_thing",)), SENTENCE),
    # --- data protection ----------------------------------------------------------
    Situation("data_protection_request", "personal data request", (("dp_refusal",),),
              SENTENCE),
    Situation("dp_wished", "", (("wish", "demand_verb"), ("stop_use",)), SENTENCE),
    Situation("data_protection_request", "personal data request",
              (("dp_wished",), ("mine_used", "dp_purpose", "privacy_content")), NEAR),
)
# fmt: on
