"""Ruleset 2026.11-20: the boundary between severe business impact (high)
and a plain malfunction (medium), decided by how far the fault reaches.

Wordings written here for each family (no corpus ticket copied): the
business halted by the fault, people waiting in person, staff back on
paper, none of a whole set working, a whole set of places failing, the
whole team stuck, data gone with no other copy, values written over a
whole catalogue; and the other side: one thing failing while the rest
works, a note that does not save, a part of the screen gone, a figure a
widget shows, the customer offline, one file unusable, a closure
announced. Each wording was classified wrongly on ruleset 2026.11-19.
"""

from __future__ import annotations

import pytest

from ticketd.domain.classifier import classify

HALTED = [
    "We have stopped taking bookings over the phone until this is fixed.",
    "The card machines are dead so we had to stop selling at lunchtime.",
    "Reception has a queue out of the door, the check-in screens just spin.",
    "Customers are standing at the counter and the ordering tablet won't open.",
    "Our nurses are doing the drug rounds on paper forms since the tablets froze.",
    "We had to close the shop early because the tills would not start.",
]

WHOLE_SET = [
    "None of the online lessons are connecting for the pupils this morning.",
    "Not one of our couriers has been assigned a delivery since 7am.",
    "Lab results aren't arriving at any surgery since last night's release.",
    "Card payments are failing across 9 stores since opening time.",
    "0 of 120 invoices went out in last night's billing run.",
    "The dispatch queue processed nothing overnight.",
    "No shipping emails have gone out to any customer since Tuesday.",
    "our payroll system not recorded anything since 4 days",
    "Payment links we send to customers all return an error page.",
    "The door system locked everyone out of the building this morning.",
    "Half our shops can't take card payments today.",
]

TEAM = [
    "Our whole sales team lost their pipelines after the merge.",
    "Since the update our drivers are all stuck on the loading screen.",
    "We are a dental practice and the whole diary is blank for tomorrow.",
]

DATA = [
    "The bulk editor changed the weight of every item in our store to 0 kg.",
    "The import replaced every customer's phone number with the same number.",
    "After the migration about a third of our files not exist anymore.",
    "The audit log for the first quarter is gone.",
]

REST_WORKS = [
    "The nightly export for the Leeds branch failed again, all other branches exported fine.",
    "One scanner in the warehouse shows offline, the other six are fine.",
    "The nightly sync failed for one of the calendars, the other 12 calendars synced fine.",
    "The payment reminders stopped going out for one client, all my other clients still get them.",
]

NOT_DATA_LOSS = [
    "The task notes do not save: I type, press Save, and after a refresh the notes are gone.",
    "The logo has disappeared from all our invoices since yesterday.",
    "The Overdue widget shows 0 invoices since Monday even though we have plenty overdue.",
    "Open tracking shows 0% for every campaign this month although people reply.",
]

NOT_OUTAGE = [
    "The app keeps using location even when I'm offline, battery drains fast.",
    "The export puts every note on a new row, which makes the file unusable in Excel.",
]

ANNOUNCED = [
    "Heads up: we are closed next week for the holidays so you'll see no orders come"
    " through. Nothing is wrong!",
]


@pytest.mark.parametrize("text", HALTED + WHOLE_SET + TEAM + DATA)
def test_severe_impact_is_high(text: str) -> None:
    result = classify("", text)
    assert result.urgency == "high", result.rules


@pytest.mark.parametrize("text", REST_WORKS + NOT_DATA_LOSS + NOT_OUTAGE)
def test_one_thing_failing_is_a_malfunction(text: str) -> None:
    result = classify("", text)
    assert result.urgency != "high", result.rules


@pytest.mark.parametrize("text", ANNOUNCED)
def test_an_announced_closure_is_not_an_outage(text: str) -> None:
    assert classify("", text).urgency == "low"


def test_a_fix_on_one_machine_does_not_end_a_team_outage() -> None:
    text = (
        "Since this morning the browser extension crashes for all 30 people on our team."
        " I rolled back on one machine and it works again, but we cannot roll back centrally."
    )
    assert classify("", text).urgency == "high"


# Guards (high before and after): a whole team failing stays high when other
# things still work; a reach told in words the old rules knew stays high.
GUARDS_HIGH = [
    "None of us can open the planning board, the other boards are fine"
    " but that is the one we work from.",
    "The new version makes the editor crash for all 12 people in our design team.",
    "Half of the scans in the archive now open as grey boxes. We have no backup of them.",
]


@pytest.mark.parametrize("text", GUARDS_HIGH)
def test_other_things_working_do_not_shrink_a_team_outage(text: str) -> None:
    assert classify("", text).urgency == "high"


def test_nobody_as_a_purpose_is_not_a_team_outage() -> None:
    text = "Can you set the folder so that nobody can open it apart from me?"
    assert classify("", text).urgency != "high"


# Ruleset 2026.11-21: the same boundary in further wordings, written here
# from the families after 2026.11-20 (each classified wrongly on it).
SEVERE_21 = [
    "Our records from before March are completely blank now.",
    "After the restore, all the data from last month is missing.",
    "The sync overwrote the edits of the entire sales team.",
    "Every invoice in the account now shows a total of £0.",
    "Emails to our customers are not being delivered since the morning.",
    "The phones in the call centre have been dead for three hours.",
    "Every new registration fails at the payment step.",
    "We have had zero new enquiries since Saturday, normally we get fifty a day.",
    "Lines 2 and 3 are standing because the machines get no work orders.",
    "The shop has not taken a single order tonight, our busiest night of the week.",
    "The rota is empty for every department this week.",
    "We are losing thousands because the booking form shows an error.",
]

PLAIN_21 = [
    # One integration that stopped firing is a broken feature, however it
    # is worded; all of them or none of them is a function stopped.
    "The webhook to our accounting tool stopped firing this morning.",
    "The Shopify sync stopped running on Monday.",
    "Our automation stopped firing for new leads.",
    "The PDF export drops the footer on every page.",
    "My saved views reset every time I close the browser.",
    "The invoices are all missing the VAT number line.",
    "The map in the app is dead slow today.",
]


@pytest.mark.parametrize("text", SEVERE_21)
def test_severe_impact_in_further_words_is_high(text: str) -> None:
    result = classify("", text)
    assert result.urgency == "high", result.rules


@pytest.mark.parametrize("text", PLAIN_21)
def test_a_contained_fault_in_further_words_is_not_high(text: str) -> None:
    result = classify("", text)
    assert result.urgency != "high", result.rules


@pytest.mark.parametrize(
    "text",
    [
        "None of our webhooks have fired since the deploy.",
        "All our integrations stopped syncing overnight.",
        "The nightly backup did not run.",
    ],
)
def test_every_integration_or_a_key_job_stopped_stays_high(text: str) -> None:
    assert classify("", text).urgency == "high"


# Ruleset 2026.11-22: learner and terse wordings of the same families
# (each classified wrongly on 2026.11-21).
SEVERE_22 = [
    "We dont receive any booking from the website since Monday, normally we have twenty every day.",
    "The server is not responding since 3 hours and our online store is closed.",
    "The monthly statements did not generate for any of our 5 offices.",
]


@pytest.mark.parametrize("text", SEVERE_22)
def test_severe_impact_in_learner_and_terse_words_is_high(text: str) -> None:
    result = classify("", text)
    assert result.urgency == "high", result.rules


@pytest.mark.parametrize(
    "text",
    [
        "Our shop is closed on Sundays, can I pause the plan?",
        "I didn't receive any confirmation email today.",
    ],
)
def test_opening_hours_and_one_missing_email_are_not_high(text: str) -> None:
    assert classify("", text).urgency != "high"


# Ruleset 2026.11-26 (impact19): severe impact at scale, wordings written
# here for many kinds of business. Each one was classified wrongly on
# 2026.11-25.
EVERY_OUTPUT_RUINED = [
    "Every lease agreement we generated this morning comes out blank, just empty pages.",
    "All the discharge letters the clinic printed today are empty apart from the header.",
    "Every call recording since Friday is silent, we have nothing for compliance.",
    "All our outgoing invoices arrive blank at the customer end since the release.",
    "Every signed waiver in the account now shows the signature is invalid.",
    "Each shipping label we print since the update comes out blank.",
]

EVERYONE_TWICE = [
    "Each of our drivers got paid double in yesterday's pay run.",
]

WHOLE_LIST_SENT = [
    "The newsletter went to our entire mailing list instead of the test group.",
    "The promo text was sent to everyone in our database, including the unsubscribed.",
    "Our clinic reminder went out to customers who opted out years ago.",
]

CANNOT_TRADE = [
    "Since the update we can't take any card payments at the till.",
    "Can't take any bookings, the calendar just spins.",
    "No one can donate on our appeal page since 8am.",
    "The booking screen is blank for every one of us at reception.",
    "The restore left all tables in our shop database empty.",
    "Checkout keeps failing, people on your forum have the same problem.",
]


@pytest.mark.parametrize(
    "text", EVERY_OUTPUT_RUINED + EVERYONE_TWICE + WHOLE_LIST_SENT + CANNOT_TRADE
)
def test_severe_impact_at_scale_is_high(text: str) -> None:
    verdict = classify("", text)
    assert verdict.urgency == "high", (text, verdict.rules)


def test_duplicates_at_scale_are_high_and_one_duplicate_is_not() -> None:
    # Everyone a business pays or serves hit twice is severe; one customer's
    # duplicate receipt stays a malfunction.
    assert classify("", "Every one of our 41 cleaners got paid double this week.").urgency == "high"
    assert (
        "stopped_for_everyone"
        in classify("", "All our tenants got the rent invoice three times this morning.").rules
    )
    assert classify("", "One customer says she got the receipt twice.").urgency != "high"


@pytest.mark.parametrize(
    "text",
    [
        "The signature on our outgoing emails disappeared after the update.",
        "The logo on our invoices disappeared yesterday.",
        "Since Tuesday the footer at the bottom of every quote has vanished.",
    ],
)
def test_a_part_of_the_layout_gone_is_not_data_lost(text: str) -> None:
    verdict = classify("", text)
    assert verdict.urgency == "medium", (text, verdict.rules)
    assert "data_destroyed" not in verdict.rules


@pytest.mark.parametrize(
    "text",
    [
        "The PDF of my March statement is blank when I download it.",
        "My colleague has the same laptop and his app works fine.",
        "The photos in one album show as blank on my phone.",
    ],
)
def test_one_blank_file_or_one_user_stays_medium(text: str) -> None:
    assert classify("", text).urgency == "medium"


# Ruleset 2026.11-27 (impact19): the contained side in more wordings, and
# the business's own site or stream of enquiries stopped. Each wording was
# classified wrongly on 2026.11-26 (the guards below say where not).
ONE_CONNECTOR = [
    "Our webhook to the CRM stopped firing yesterday and nothing arrives.",
    "The Zap that copies new orders to our sheet stopped triggering, nothing goes across.",
]

A_MEASURE_AT_ZERO = [
    "Battery level shows 0% on both new smoke alarms.",
    "Views on my listing dropped to zero after the update.",
    "The NPS tile shows 0 since the migration.",
]

STREAM_OR_SITE_STOPPED = [
    "We haven't had a single new enquiry through the website since Friday.",
    "Not had a single donation on the appeal page since this morning.",
    "Our online shop is not opening since morning, customers are calling us.",
    "Our web shop has been suspended since yesterday even though we paid.",
]


@pytest.mark.parametrize("text", ONE_CONNECTOR)
def test_one_connector_stopped_is_a_broken_integration(text: str) -> None:
    verdict = classify("", text)
    assert verdict.urgency == "medium", (text, verdict.rules)


def test_every_connector_or_a_scheduled_sync_stopped_stays_high() -> None:
    for text in (
        "None of our webhooks have fired since the deploy.",
        "The nightly sync hasn't run, none of the orders reached the warehouse.",
        "The payment plugin is not working, none of our customers can check out.",
    ):
        assert classify("", text).urgency == "high", text


@pytest.mark.parametrize("text", A_MEASURE_AT_ZERO)
def test_a_measure_reading_zero_is_a_wrong_figure(text: str) -> None:
    verdict = classify("", text)
    assert verdict.urgency == "medium", (text, verdict.rules)


@pytest.mark.parametrize(
    "text",
    [
        "Our clients haven't stopped raving about the new booking page, the whole team loves it.",
        "Love how the app logs me out every time I take a photo, and the whole inspection form"
        " is gone.",
    ],
)
def test_a_thing_going_on_or_a_lost_session_is_not_severe(text: str) -> None:
    verdict = classify("", text)
    assert verdict.urgency != "high", (text, verdict.rules)


@pytest.mark.parametrize("text", STREAM_OR_SITE_STOPPED)
def test_the_business_site_or_its_enquiries_stopped_is_high(text: str) -> None:
    verdict = classify("", text)
    assert verdict.urgency == "high", (text, verdict.rules)


def test_a_connector_stopped_for_any_order_is_not_one_connector() -> None:
    text = (
        "Our sync to the warehouse stopped for all of our stores, nothing has shipped since Friday."
    )
    verdict = classify("", text)
    assert verdict.urgency == "high", verdict.rules
