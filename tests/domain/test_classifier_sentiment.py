"""How the matched rules' weights make the sentiment (classifier_sentiment):
frames that take a family's weight away, feelings that count only next to
a situation of some families.

- Legal pressure on the customer by someone else (a regulator's letter, a
  tribunal claim against the customer, examiners asking for records, "not
  against you") stays high but is no complaint of the customer's: neutral
  unless the tone says otherwise. Legal pressure on us stays negative.
- A theft that puts the account at risk (a stolen phone still signed in)
  is harm done: negative however calmly told. A device lost or left
  somewhere is a risk: neutral when told calmly. "Stolen" in a report's
  name or a how-to question is no harm.

The wordings are written for these tests, not taken from a corpus.
"""

from __future__ import annotations

import pytest

from ticketd.domain.classifier import classify


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Pensions Regulator",
            "The Pensions Regulator has written to us and wants the contribution history "
            "of two former employees by the 30th. Where can we find it?",
        ),
        (
            "Tax office",
            "Good morning, we received a notice from the tax office, they want the invoices "
            "of 2023 with the transmission receipts. How we can download all of them?",
        ),
        (
            "Tribunal - shift records",
            "A former driver has brought a claim against us at the employment tribunal. "
            "Our solicitors need the shift records for March. Can you send them?",
        ),
        (
            "Ombudsman enquiry",
            "The Financial Ombudsman has written to us about a complaint from one of our "
            "clients and wants our file notes by the 12th. Could you help us export them?",
        ),
        (
            "Inspection next week",
            "The CQC inspectors want to see who opened resident records in May. "
            "Can you pull the access log for us?",
        ),
        (
            "Auditors from the regulator",
            "Examiners from the FCA are visiting on Monday and asked us for a year of "
            "complaint logs. Can you extend our export beyond 90 days?",
        ),
        (
            "Regulator case",
            "The Pensions Regulator has opened a case about our scheme and wants the "
            "contribution records for 2023. Where can I export them?",
        ),
        (
            "Ombudsman complaints",
            "The Financial Ombudsman has received several complaints about our cancellation "
            "fees and asked for our terms. Can you send the version that was live in May?",
        ),
        (
            "Documents for our solicitor",
            "Our solicitor needs a copy of our 2023 contract for a tribunal case with a former "
            "employee, nothing against you. Could you email it?",
        ),
    ],
)
def test_legal_pressure_on_the_customer_by_others_is_high_and_neutral(
    subject: str, message: str
) -> None:
    result = classify(subject, message)
    assert result.urgency == "high"
    assert "pressed_by_others" in result.rules
    assert result.sentiment == "neutral"
    assert result.requires_action


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Court", "If this is not fixed by Friday I will take you to court."),
        (
            "Complaint to the ICO",
            "You ignored my erasure request twice, so I have filed a complaint with the "
            "ICO about your company.",
        ),
        (
            "Letter before claim",
            "We act for Harbour Bakes Ltd. Unless we receive a full refund within 14 days "
            "our client will issue proceedings against you.",
        ),
        ("Ombudsman", "I have opened a case with the ombudsman about your fees."),
        (
            "Regulator",
            "We have received a letter from the regulator because your outage stopped our "
            "payments for two days. This is unacceptable.",
        ),
    ],
)
def test_legal_pressure_on_us_stays_negative(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert (result.urgency, result.sentiment) == ("high", "negative")


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Phone nicked",
            "My phone got nicked on the bus this morning and the app is still logged in on "
            "it. Please sign me out everywhere.",
        ),
        (
            "bag snatched",
            "My bag was snatched at the station with my work laptop in it, still logged in "
            "to the admin console. Please lock my account.",
        ),
        (
            "phone",
            "yesterday a thief take my phone in metro, the app still open on it, please "
            "close all sessions",
        ),
        (
            "Stolen phone",
            "My phone was stolen at the weekend. The app is still signed in on it, please "
            "log it out.",
        ),
    ],
)
def test_a_theft_that_puts_the_account_at_risk_is_harm_done(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert result.urgency == "high"
    assert "theft" in result.rules
    assert result.sentiment == "negative"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Stolen parcel", "How do I mark a parcel as stolen in the claims form?"),
        (
            "Lost & Stolen report",
            "The 'Lost & Stolen' report shows 14 devices but we only have 9. Can you check?",
        ),
        (
            "Phone left in a cab",
            "I left my phone in a cab last night and the app is still signed in on it. "
            "Could you log it out?",
        ),
    ],
)
def test_stolen_as_a_name_or_a_question_and_a_lost_device_are_neutral(
    subject: str, message: str
) -> None:
    assert classify(subject, message).sentiment == "neutral"


# --- 2026.11-21: strong words next to praise, praise in passing and in plain words ----


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("new editor", "The new editor is insane, seriously. Whole team loves it."),
        ("wow", "I can't believe how easy the import was this time. Brilliant work."),
        ("planner", "Whoever built the route planner: unbelievable job, thank you so much."),
    ],
)
def test_strong_words_next_to_praise_are_praise(subject: str, message: str) -> None:
    assert classify(subject, message).sentiment == "positive"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Again", "Seriously? The app logged me out three times this morning."),
        ("Charges", "I can't believe you charged my card for a plan I cancelled."),
    ],
)
def test_strong_words_without_praise_stay_negative(subject: str, message: str) -> None:
    assert classify(subject, message).sentiment == "negative"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "small thing",
            "The export button is hard to find on small screens, maybe make it bigger. "
            "Apart from that, all good.",
        ),
        (
            "suggestion",
            "Could the reminders mention the room number? Love the app otherwise.",
        ),
    ],
)
def test_praise_in_passing_does_not_make_a_suggestion_positive(subject: str, message: str) -> None:
    assert classify(subject, message).sentiment == "neutral"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Setup",
            "Our new terminals went in without a hitch this morning, the guide was super "
            "clear. Cheers!",
        ),
        ("You lot", "Whoever rebooked our coach last night saved my bacon. Owe you a pint."),
        ("Year end", "Year-end close ran flawlessly for the first time ever. Thanks!"),
    ],
)
def test_praise_in_everyday_words_is_positive(subject: str, message: str) -> None:
    assert classify(subject, message).sentiment == "positive"


# Activity on the account that the customer disowns ("none of us changed
# it", "I never added it", "I was asleep then"): harm done by someone else,
# negative without an angry word, even next to a situation that only puts
# the customer at risk or in a report framed calmly.
@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Login email changed?",
            "Probably nothing, but the login email on our shop account now shows an address "
            "we do not use. None of us changed it. Could you check?",
        ),
        (
            "New phone number on my profile",
            "My profile shows a phone number that isn't mine since Friday. I never added it "
            "and I was asleep when the change was made. Please remove it.",
        ),
        (
            "Sign-in from Manila",
            "No rush, just flagging: there was a sign-in to my account from Manila at 3am. "
            "I was asleep then and I have not logged in from abroad.",
        ),
    ],
)
def test_activity_the_customer_disowns_is_negative(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert result.urgency == "high"
    assert "disowned" in result.rules
    assert result.sentiment == "negative"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        # Next to a plain malfunction, "we never changed anything" is a fact.
        (
            "Report layout shifted",
            "The monthly sales report prints with the columns shifted to the right since "
            "Tuesday. We never changed the template. Can you check?",
        ),
        # What the reporter did not do with data they saw is good faith.
        (
            "Another school's timetable",
            "When I open Timetables I can see the timetable of another school, with the "
            "teachers' names. I haven't downloaded or shared it. Thought you should know.",
        ),
    ],
)
def test_disowning_is_no_harm_without_a_security_or_money_situation(
    subject: str, message: str
) -> None:
    assert classify(subject, message).sentiment == "neutral"


# Sarcasm that praises the time a reply took, or thanks for a price rise.
@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Opening hours",
            "Great, it only took four working days to get an answer about your opening "
            "hours. Do you open on Sundays?",
        ),
        (
            "Delivery slots",
            "Wow, only took 3 weeks for someone to reply. Can I still change my delivery slot?",
        ),
        (
            "Price again",
            "Thanks so much for raising the price again without a word. Which plan is "
            "cheapest now?",
        ),
    ],
)
def test_sarcasm_about_time_taken_or_a_price_rise_is_negative(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert "irony" in result.rules
    assert result.sentiment == "negative"


# A data-protection request is neutral told as a request; strangers who
# know what only the company was told are harm done to the customer.
@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Calls from solar firms",
            "Since I used your energy comparison I get calls from solar firms who know my "
            "address and my tariff. Please stop passing my details on and tell me who has them.",
        ),
        (
            "Gym and insurers",
            "Two insurers phoned me this week and they knew I had joined your gym in March. "
            "Tell me what you hold about me and who you gave it to.",
        ),
        (
            "Where did they get this",
            "A debt advice company emailed me and said they got my details from your partner "
            "list. I want a copy of everything you hold on me.",
        ),
    ],
)
def test_strangers_who_know_the_customers_data_are_harm_done(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert result.urgency == "high"
    assert "harm_to_customer" in result.rules
    assert result.sentiment == "negative"


# Sarcasm that praises what an update took away or what is still missing,
# a burden ("love paying extra for ..."), or the work itself ("really
# impressive stuff"), with no problem word the rules read.
@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Search box",
            "Love how the new design put the search box at the bottom of the page. "
            "Can it go back to the top?",
        ),
        (
            "Offline maps",
            "Loving how the app still has no offline maps after three years of requests. Any news?",
        ),
        (
            "Premium",
            "Really love paying extra for premium and still getting the same pop-ups. "
            "Can you check my plan?",
        ),
        (
            "New checkout",
            "The new checkout asks for my address three times now. Really impressive stuff. "
            "Can I use the old one?",
        ),
    ],
)
def test_sarcastic_praise_of_an_update_or_a_burden_is_negative(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert "irony" in result.rules
    assert result.sentiment == "negative"


def test_praise_of_how_easy_an_update_made_things_stays_positive() -> None:
    result = classify("Invoices", "Love how easy the new update made the invoices. Thank you!")
    assert result.sentiment == "positive"


# Mockery without a problem word: a product from another age, bad news
# welcomed, hyperbole, being asked to do the job this time.
@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Rota export",
            "I'm retyping the staff rota into a spreadsheet like it's 1995. Is there an export?",
        ),
        (
            "Reminders",
            "Great to know your system thinks my appointment is on a Sunday. "
            "Can you check the date?",
        ),
        ("Bulk delete", "I'd sell my soul for a bulk delete button. Is one planned?"),
        (
            "Sync",
            "The calendar sync dropped the bookings again. Please actually look at the logs "
            "this time.",
        ),
    ],
)
def test_mockery_without_a_problem_word_is_negative(subject: str, message: str) -> None:
    assert classify(subject, message).sentiment == "negative"


def test_praise_that_they_actually_fix_things_stays_positive() -> None:
    result = classify("Support", "Honestly you actually fix things when I report them. Thank you!")
    assert result.sentiment == "positive"


# "Killing it", "crushing it": praise idioms. Their verb is no harm done, so
# praise next to them is no sarcasm; "killing me" and "killing our sales"
# still are.
@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Booking widget",
            "Our table booking widget is killing it, reservations up 30%! Thanks so much.",
        ),
        ("New checkout", "The new checkout is crushing it, sales doubled this week. Great job!"),
        ("Thanks", "Great work on the rota app, the team is absolutely nailing it."),
    ],
)
def test_praise_idioms_are_praise_not_sarcasm(subject: str, message: str) -> None:
    result = classify(subject, message)
    assert "sarcasm" not in result.rules
    assert (result.urgency, result.sentiment, result.requires_action) == (
        "low",
        "positive",
        False,
    )


def test_praise_next_to_harm_done_stays_sarcasm() -> None:
    result = classify("Update", "Oh great, your update is killing our sales. Thanks a lot.")
    assert "sarcasm" in result.rules
    assert result.sentiment == "negative"
