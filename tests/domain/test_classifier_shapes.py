"""Ruleset 2026.11-12, phase 1: high situations in wordings and sentence
shapes the rules did not read before, written here from the rubric alone
(no corpus ticket read): passive voice and the outcome before the actor
("my login email was replaced ... now I cannot get in"), a situation split
over two sentences ("Three new payees. None of them added by me."),
questions ("Who changed my ...?", "Was that real?"), non-native grammar
("i not do this"), and the same situations in other word families. Each
wording below was not high on ruleset 2026.11-11; the look-alikes were
high on it and are not high now.
"""

from __future__ import annotations

import pytest

from ticketd.domain.classifier import classify

SECURITY = [
    "A new phone number was added to my account on Sunday. I have no idea where it came from.",
    "Somebody has been reading my mails. Three are marked as read that I never opened.",
    "Who placed an order for four gift cards on my account last night?"
    " It wasn't anyone in our house.",
    "An unfamiliar laptop shows up in my list of trusted devices.",
    "My login email was replaced with another one overnight and now I cannot get in.",
    "The API response includes every user's password hash.",
    "My neighbour told me she can see my delivery address and phone number in her app.",
    "Our Stripe key is visible in the page source of the checkout.",
    "Someone called saying they were from your bank security and I read them"
    " the code from my texts.",
    "A man claiming to be your support asked for my PIN and I gave it to him. Now I'm worried.",
    "I typed my card details into a site that I thought was yours. It wasn't.",
    'Got a text from "your team" with a link, I logged in through it. Was that real?',
    "did i just get phished? put my password into a page from an email, now there is a new device",
    "my account send spam to my friends, i not do this",
    "My profile now has a different name and photo.",
    "Who is Daniel? He is listed as an owner on our workspace and we don't know him.",
    "Why is my store now selling items I never listed?",
]

PRIVACY = [
    "Please take my name and phone number out of your database, I don't want to be contacted.",
    "By changing the invoice ID in the link I could download invoices of other businesses.",
    "Stop sending my data to Facebook.",
    "Under GDPR article 15 I request access.",
    "The shared link to our board shows the client's passport scans to anyone.",
    "do not share my information with anyone, i do not give permission",
    "Our employees' salaries appear in the search results for all staff.",
]

LEGAL = [
    "The matter has been referred to our legal team.",
    "You are in violation of consumer law and I will be pursuing this.",
]

MONEY = [
    "Please return the 120 euros you took from me.",
    "I want my 3.99 back, the app never worked.",
    "There's 3 payments of 14.99 on my statement but I only subscribed once.",
    "We paid this invoice already on the 3rd and you took it again today.",
    "My credit card company is already looking into these charges.",
    "I want to make a claim for compensation for the lost luggage.",
]

IMPACT = [
    "Since the update all the prices in our shop show as 0.00.",
    "The SMS reminders stopped going out to patients a week ago.",
    "Customer data has been mixed up between accounts after the migration.",
    "Our inventory numbers are all wrong since the sync, everything shows double.",
    "The payment page isn't working for any customer. We lose orders every minute.",
    "Total blackout of the platform in Europe.",
    "Half the team can't log in and the other half get kicked out.",
]


@pytest.mark.parametrize(
    ("family", "message"),
    [
        (family, message)
        for family, messages in (
            ("security", SECURITY),
            ("privacy", PRIVACY),
            ("legal", LEGAL),
            ("money", MONEY),
            ("impact", IMPACT),
        )
        for message in messages
    ],
)
def test_a_high_situation_in_new_words_or_shapes_is_high(family: str, message: str) -> None:
    verdict = classify("", message)
    assert verdict.urgency == "high", (family, verdict.rules)


LOOK_ALIKES = [
    "Our lawyer asked whether your DPA covers subprocessors, where can I find it?",
    "The export of all users is missing the phone number column.",
    "Please remove the old address from my profile, I moved.",
    "We have a new lawyer joining our firm, please add her as a user.",
    "Can you tell me how your fraud checks work? A customer asked.",
    "We are a solicitors' firm, how do I add clients?",
]


@pytest.mark.parametrize("message", LOOK_ALIKES)
def test_a_look_alike_of_a_high_situation_is_not_high(message: str) -> None:
    assert classify("", message).urgency != "high"


# Phase 2: categories the sixth blind batch (blind5) still missed, read by
# category after the phase-1 rules and written here in other words.
PHASE2_HIGH = [
    # a retraction word asked as a question is a hedge, not a retraction
    'Got a "new device signed in" email for a PC in Lagos. I only use my phone.'
    " Probably a false alarm?",
    # a whole group counted: "all 37 of our staff"
    "All 37 staff get an error when they open the rota this morning.",
    # "never was in" as a denial of the place
    "My login history shows Santiago last night. I never was in Chile.",
    # counts in learner English: "take 3 time", "I only click 1 time"
    "the app take my money 3 time for premium, i only click 1 time",
    # access requests with formal verbs and a dependant
    "Please furnish me with all the information you are holding on my ward.",
    # a customer-facing function failing for anyone who uses it
    "Our booking page times out for anyone trying to pay since lunchtime.",
]


@pytest.mark.parametrize("message", PHASE2_HIGH)
def test_a_phase2_category_in_other_words_is_high(message: str) -> None:
    verdict = classify("", message)
    assert verdict.urgency == "high", verdict.rules


def test_a_retraction_still_retracts_when_it_is_not_asked() -> None:
    message = "False alarm, sorry: the sign-in from Lagos was my husband on his work trip."
    assert classify("", message).urgency != "high"


# A control that "doesn't do anything" is a malfunction report like one that
# "does nothing": at least medium, whatever the rest of the app does.
@pytest.mark.parametrize(
    "message",
    [
        "The print button doesn't do anything when I tap it on the iPad. Android is fine.",
        "Clicking Send on the invoice does not do anything, no error either.",
        "the upload button wont do anything since yesterday",
    ],
)
def test_a_control_that_does_not_do_anything_is_a_malfunction(message: str) -> None:
    result = classify("Button", message)
    assert result.urgency == "medium"
    assert "bug_report" in result.rules


def test_asking_us_not_to_do_anything_is_no_malfunction() -> None:
    result = classify("Hold", "Please don't do anything with the account until I call back.")
    assert "bug_report" not in result.rules
