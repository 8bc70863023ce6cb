"""Harms of people and money told in more wordings (ruleset 2026.11-20):
credentials typed into a lure or sent to people who should not have them,
a detail changed that is not the customer's, an account left signed in on
a borrowed computer; a wish to reverse or pay back a charge, a debt named,
money owed chased; a wish to stop a use of the customer's data; regulators
by their kind and solicitors instructed. Each wording is written for this
test (not taken from a corpus), with look-alikes that stay below high."""

from __future__ import annotations

import pytest

from ticketd.domain.classifier import classify


def _urgency(message: str, subject: str = "") -> str:
    return classify(subject, message).urgency


@pytest.mark.parametrize(
    "message",
    [
        # credentials typed into a lure
        "A text said my account would be suspended unless I confirmed my details, so I typed"
        " my password into the page it linked.",
        "Got a mail asking me to re-verify my shop and I entered my login and password there."
        " The web address was strange, I only noticed later.",
        # credentials sent or shown to people who should not have them
        "By mistake I forwarded the thread with our shop login and password to a supplier.",
        # a detail changed that the customer did not make or does not recognise
        "The phone number on my profile has been updated to one ending 552. Mine ends in 917.",
        "I got an email saying my password was changed. Is that normal?",
        "My recovery email was changed to a yahoo address. I have only ever used hotmail.",
        "password of my account was changed yesterday but i didnt changed nothing",
        # signed in on a computer that is not the customer's
        "Used my friend's laptop to sign in last night and didn't log out, can you end that"
        " session?",
    ],
)
def test_security_incidents_in_more_wordings_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "You charged me a £40 admin fee that was never mentioned anywhere. Please reverse it.",
        "Your app shows £52 in tips that never reached my account. That is money you owe me,"
        " please pay it.",
        "I sent 200 USDT and the fee was 30 instead of 1. I want the 29 USDT back.",
        "Could I get the £8 delivery fee back? The parcel came a week late.",
        "My withdrawal of 300 euro shows completed but has not arrived in my bank. I need this"
        " money released today.",
    ],
)
def test_money_claimed_back_or_chased_is_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "I don't want my voice recordings used to train your AI. Please opt me out.",
        "pls delete my account and my id photo and selfie, i not use the app anymore",
    ],
)
def test_data_protection_requests_in_more_wordings_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "The General Dental Council has asked us for all records of this patient's"
        " appointments by Friday.",
        "HMRC has written to us about the sales figures your platform reported for our shop.",
        "My wife and I have now instructed Carter & Lowe Solicitors about the missed medication.",
    ],
)
def test_regulators_and_solicitors_in_more_wordings_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        # the customer paying, not claiming money back
        "What is my outstanding balance? I'd like to pay it before the end of the month.",
        "We've run out of storage, please raise our limit to 2 TB, happy to pay the difference.",
        # a guarantee in a pitch
        "Guaranteed five-star reviews in 30 days or your money back! Book a demo today.",
        # a document about money, not money held back
        "I haven't received my weekly earnings statement email for two weeks. Can you check?",
        # thanks passed on, not data passed on
        "Please pass on my thanks to the driver, she was lovely.",
        # a product "case with", not a case with a regulator
        "Is there a limit on variants? My product is a phone case with many colours.",
        # each receiving their own message
        "Every patient is getting their appointment reminder twice since Monday.",
        # a discount code is no credential
        "I'm trying to use the discount code from your newsletter and it says expired.",
        # a password reset is routine, not a secret sent out
        "Please send the password reset email to all our new users, they never got it.",
    ],
)
def test_look_alikes_of_these_harms_are_not_high(message: str) -> None:
    assert _urgency(message, "Question") != "high"


@pytest.mark.parametrize(
    "message",
    [
        # data kept against the customer's wish
        "I don't want my location history stored on your servers. Remove it.",
        "do not want my photos kept after I close the account",
        # another business's records, told by its trade
        "My billing page shows invoices for a hairdresser in Glasgow. We are a garage in Leeds.",
        # legal pressure in plain words
        "I'm passing this to whoever handles legal on our side.",
        # charged more than once, told without "twice"
        "Statement shows 3 x 9.99 from you this morning. I only ordered one thing.",
        "The March invoice was paid by direct debit and again by card a day later.",
        # control of a device given to an impostor
        "A man saying he was from your bank told me to install TeamViewer and I let him into"
        " my laptop.",
        # records from another business
        "Search results show orders that aren't from our store, and I can open them and see"
        " the buyers' addresses.",
        # a fee to be taken off
        "The £25 late fee is wrong, I paid on time. Please take it off.",
    ],
)
def test_harms_told_in_plain_words_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Question", "Sue me, but I preferred the old dashboard colours."),
        ("Leads", "Guaranteed leads in 14 days or your money back. Reply YES for a demo."),
        # a merchant refunding their own customers
        (
            "Stock sync",
            "Our stock sync broke so we have to refund customers by hand. Any idea when it"
            " will be fixed?",
        ),
        # a family member added, not acting
        ("Policy", "Can I add my husband as a second driver on our policy?"),
        # a code routed to an old number, not data passed on
        ("Phone", "The login code goes to my old phone number, how do I change it?"),
        # a threat taken back
        (
            "Re: refund",
            "Thanks, the refund arrived. Please ignore what I said about the ombudsman.",
        ),
        # sent for the support team's files
        ("FYI", "Forwarding the maintenance notice just so you have it on file, nothing to do."),
        # the merchant's own customer, reported by the merchant
        (
            "Payment check",
            "A customer says she was charged twice but I only see one payment in the dashboard.",
        ),
        # the activity owned up to as a colleague's
        (
            "Re: strange sign-ins",
            "All good, the sign-ins were our new contractor in Lisbon. You can close this.",
        ),
    ],
)
def test_look_alikes_of_money_legal_and_account_harms_are_not_high(
    subject: str, message: str
) -> None:
    assert _urgency(message, subject) != "high"


@pytest.mark.parametrize(
    "message",
    [
        # a relative's or friend's job is a role, not legal pressure
        "My cousin is an attorney and recommended your app. Do you have a plan for two people?",
        "my girlfriend is a solicitor and uses this every day, can I get the same discount?",
    ],
)
def test_a_relatives_legal_job_is_not_legal_pressure(message: str) -> None:
    verdict = classify("Discount", message)
    assert verdict.urgency != "high", verdict.rules
    assert "legal_threat" not in verdict.rules


def test_a_relative_who_is_a_lawyer_can_still_threaten() -> None:
    verdict = classify("", "My husband is a solicitor and we will take you to court over this.")
    assert verdict.urgency == "high"


def test_an_emergency_field_is_not_urgent_language() -> None:
    verdict = classify("", "How do I change the emergency contact number on my profile?")
    assert "urgent_language" not in verdict.rules
