"""Ruleset 2026.11-17: high urgency in wordings written from the rubric.

tests/data/classification_probes17.jsonl holds 836 tickets written for this
round from the labelling rubric alone (docs/classification.md), in seven
batches (a to g), each written before the rules for it and measured first:
security incidents, data-protection requests, legal pressure, money taken
or held back and severe business impact in many sentence shapes (passive,
outcome first, split over subject and message, questions, learner English
and misspellings, very short tickets, long ones with signatures and quoted
text, calm wording), and look-alikes that are not high (retractions,
budgeting, metrics that fell, a card updated, how-to questions about
privacy laws, refunds received). ``was_missed``: wrong on ruleset
2026.11-14; ``still_missed``: wrong on this ruleset too (pinned as expected
failures, so a rule that fixes one shows up).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ticketd.domain.classifier import RULES, classify
from ticketd.domain.classifier_rules import FAMILIES

_BY_ID = {rule.id: rule for rule in RULES}
_CASES = [
    json.loads(line)
    for line in (Path(__file__).resolve().parent.parent / "data" / "classification_probes17.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]
_KNOWN = pytest.mark.xfail(strict=True, reason="a known miss of this ruleset")


def _param(case: dict) -> object:
    marks = (_KNOWN,) if case["still_missed"] else ()
    return pytest.param(case["subject"], case["message"], id=case["id"], marks=marks)


@pytest.mark.parametrize(
    ("subject", "message"), [_param(c) for c in _CASES if c["urgency"] == "high"]
)
def test_a_probe_wording_of_a_high_situation_is_high(subject: str, message: str) -> None:
    verdict = classify(subject, message)
    assert verdict.urgency == "high", verdict.rules
    strong = [_BY_ID[rule] for rule in verdict.rules if _BY_ID[rule].strong]
    assert strong and all(rule.family in FAMILIES for rule in strong)


@pytest.mark.parametrize(
    ("subject", "message"), [_param(c) for c in _CASES if c["urgency"] != "high"]
)
def test_a_probe_look_alike_is_not_high(subject: str, message: str) -> None:
    assert classify(subject, message).urgency != "high"


def test_the_probe_file_counts_what_the_old_rules_missed() -> None:
    high = [c for c in _CASES if c["urgency"] == "high"]
    assert len(high) == 527
    assert sum(c["was_missed"] for c in high) == 102  # 2026.11-14 caught 425 of 527
    assert sum(c["still_missed"] for c in high) == 8


# --- retractions reach the report they answer, not a new one --------------------------


def test_a_retraction_in_a_reply_takes_back_the_report_its_subject_names() -> None:
    verdict = classify("Re: hacked?", "False alarm, it was my husband on his laptop. Sorry!")
    assert verdict.urgency != "high", verdict.rules
    assert not verdict.requires_action


def test_a_retraction_in_a_reply_takes_back_a_money_subject_too() -> None:
    verdict = classify("Re: charged twice", "My bad, the second charge was for my other account.")
    assert verdict.urgency != "high", verdict.rules


def test_a_retraction_does_not_take_back_a_new_incident_told_after_it() -> None:
    verdict = classify(
        "Re: hacked?",
        "False alarm about the login, it was my son. But there is still a charge of"
        " 50 dollars I didn't make.",
    )
    assert verdict.urgency == "high"
    assert "unauthorised_charge" in verdict.rules


def test_the_customer_owning_up_to_the_activity_ends_the_incident() -> None:
    verdict = classify("Re: strange login", "That was me, I was on holiday in Spain. Thanks!")
    assert verdict.urgency != "high", verdict.rules
    assert "own_activity" in verdict.rules


def test_the_customer_who_noticed_the_activity_does_not_own_up_to_it() -> None:
    verdict = classify(
        "", "It was me who spotted it: a login from Brazil on my account. I've never been there."
    )
    assert verdict.urgency == "high", verdict.rules


def test_a_reply_that_says_the_money_arrived_is_not_the_subjects_demand() -> None:
    verdict = classify("Re: refund request", "It arrived this morning, thank you so much.")
    assert verdict.urgency != "high", verdict.rules
    assert classify("", "Thanks, I got my money back.").urgency != "high"
    assert classify("", "I still haven't got my money back.").urgency == "high"


# --- look-alikes by mechanism ---------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "I want to know where my money is going each month.",
        "Where did my money go this month? I want a spending report.",
        "No-shows are down 30% since we started using the reminders!",
        "Our churn is down 12% this quarter.",
        "Our website traffic is down since we moved, is SEO affected?",
        "Does your service comply with HIPAA?",
        "How do I delete a customer's data under GDPR?",
        "What is the right way to handle a CCPA deletion request from one of our users?",
        "Refund received, you can close this.",
        "If my phone gets stolen, can I sign out remotely?",
        "Could you add a right to be forgotten button to the customer portal?",
        "Your competitor was down all morning, glad we use you!",
        "Our solicitor loves the new templates.",
        "One of my users can't log in, the others are fine.",
        "Two of our drivers can't see the map layer.",
        "I'd like to know how reimbursement works for cancelled events.",
        "My wife bought me the annual plan as a gift. How do I change the email?",
    ],
)
def test_a_look_alike_by_mechanism_is_not_high(message: str) -> None:
    assert classify("", message).urgency != "high", classify("", message).rules


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("None of the drivers see their routes this morning.", "stopped_for_everyone"),
        ("None of our agents see incoming chats since this morning.", "stopped_for_everyone"),
        ("Our emails aren't going out. At all.", "stopped_for_everyone"),
        ("Text reminders stopped being sent to patients.", "stopped_for_everyone"),
        ("We can't process any orders.", "stopped_for_everyone"),
        ("Since the update our tills can't take cards at all.", "stopped_for_everyone"),
        ("everything deleted after update, all my customers list", "data_destroyed"),
        ("I demand compensation.", "refund_demand"),
        ("Unknown debit from your company on my bank statement.", "unauthorised_charge"),
        ("You debited me on the 1st and again on the 2nd for the same month.", "double_charge"),
        ("The shop keeps my 200 dollar deposit and refuses to give it.", "money_withheld"),
        ("We will pursue all legal remedies available to us.", "legal_threat"),
        ("We reserve all rights, including the right to seek damages.", "legal_threat"),
        ("i will make complain to the goverment office for consumers", "legal_threat"),
        ("My teenage son got into my account and changed the password.", "account_takeover"),
        (
            "The email on my account is now jf82@mail.example."
            " That's not an address I've ever used.",
            "account_takeover",
        ),
        ("somone chang my pasword and email, i cant acces my acount", "account_takeover"),
        (
            "When I opened the app it was logged in as a certain Mark Delaney.",
            "cross_customer_data",
        ),
        ("Why do you still have my card and address? Delete it.", "data_protection_request"),
        (
            "I object to you processing my data for marketing and profiling.",
            "data_protection_request",
        ),
    ],
)
def test_a_situation_in_plain_words_is_high_by_its_rule(message: str, rule: str) -> None:
    verdict = classify("", message)
    assert verdict.urgency == "high"
    assert rule in verdict.rules, verdict.rules


# --- phase 2: the families blind6 and blind7 still missed, in wordings written here ---


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("", "Not just me, every courier in our depot gets 'server error' when they open the app."),
        ("", "We haven't had a single new booking come in since 9 this morning."),
        ("", "The update deleted all our client notes."),
        ("", "The totals page shows $0 now. Yesterday it was over 12,000."),
        ("", "Our kitchen has come to a halt, the order screen is frozen."),
        ("", "No online orders are coming through to the tills since lunch."),
        ("", "I used the library computer to check my account and forgot to log out."),
        ("", "The service charge was added twice to our bill."),
        ("", "We expect you to cover the fine, it was your system's delay."),
        ("", "Every parent gets an error when booking a slot."),
        ("", "It may be my mistake, but I don't remember ordering the 3-month pass you charged."),
        ("", "Please let us know when it works again, the portal has been unreachable since 7."),
        ("", "None of us are in Spain, yet there's a login from Madrid on our account."),
        ("", "The login and password for our shared mailbox went out in the newsletter we sent."),
        ("", "Our employees' phone numbers are publicly visible on the staff page."),
        ("", "i dont want you sell my informations to anyone"),
        ("", "Please clear all my informations from your system."),
        ("", "My ride history shows trips in Lisbon but I live in Leeds."),
        ("", "We received a penalty notice from HMRC because your system filed late."),
        ("", "I haven't touched my password but got an email saying it was changed."),
        ("", "All invoices we imported have the amounts shifted by one row."),
        (
            "Re: your email address was changed",
            "I didn't change it!\n\nOn Mon, Security wrote:\n> Your email address was changed.",
        ),
        (
            "Fwd: Erasure request",
            "Sending this again, still no reply after a month.\n\n"
            "---------- Forwarded message ---------\nPlease delete all my personal data.",
        ),
    ],
)
def test_a_phase2_family_in_other_words_is_high(subject: str, message: str) -> None:
    verdict = classify(subject, message)
    assert verdict.urgency == "high", verdict.rules


@pytest.mark.parametrize(
    "message",
    [
        "The leak under the bathroom sink is getting worse, can a plumber come?",
        "Our API calls return 401 Unauthorized since we rotated the key on our side.",
        "Will the unused days be credited or refunded?",
        "I called my bank and they said the payment is fine, so what's blocking it?",
        "What's the difference between a refund and a void?",
        "Reports are printed in A4 instead of letter size.",
        "I thought I'd lost my notes but found them in the archive, thanks!",
        "We'll send the formal notice of termination next month, just a heads-up.",
        "Our FCA reference number has changed, please update it on our profile.",
        "The Data Breach episode of your podcast was great.",
        "The other stores work fine, only the Leeds store can't print labels.",
        "Can you put the banner back at the top of the page?",
    ],
)
def test_a_phase2_look_alike_is_not_high(message: str) -> None:
    verdict = classify("", message)
    assert verdict.urgency != "high", verdict.rules


# --- 2026.11-18: an outside tester's false highs from negated or incidental legal words ---


@pytest.mark.parametrize(
    "message",
    [
        "We won't be taking legal action, I just need to update my billing address.",
        "I'm not going to involve lawyers, I just want to know how to change my billing address.",
        "Our accountant, who is also a lawyer, wants an export of invoices for 2025.",
    ],
)
def test_a_negated_or_incidental_legal_word_is_not_high(message: str) -> None:
    assert classify("", message).urgency != "high", classify("", message).rules


def test_legal_action_still_threatened_is_high() -> None:
    assert classify("", "If this isn't fixed I will be taking legal action.").urgency == "high"
