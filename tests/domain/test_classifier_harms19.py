"""Harms of people and money in more wordings (rulesets 2026.11-27, -31,
-34 and -36), and the word senses that read them wrong before. Every wording is written for this
test (not taken from a corpus), across kinds of business, with look-alikes
that stay below high."""

from __future__ import annotations

import pytest

from ticketd.domain.classifier import classify


def _urgency(message: str, subject: str = "") -> str:
    return classify(subject, message).urgency


# --- word senses -------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Sue left the agency last month. Please make Tom the main contact on our account.",
        "Sue moved to our Leeds branch, so who gets the invoices now?",
        "Hi, Sue handles our bookings. Can Raj have access too?",
        "Sue retired in May. Please take her off the account and keep her listings.",
    ],
)
def test_a_name_followed_by_a_past_or_third_person_verb_is_no_lawsuit(message: str) -> None:
    assert _urgency(message) != "high"


@pytest.mark.parametrize(
    "message",
    ["Sue them all, this is a scam.", "If this isn't fixed, I will sue you."],
)
def test_sue_as_a_verb_is_still_legal_pressure(message: str) -> None:
    assert _urgency(message) == "high"


def test_a_truncated_mail_address_is_not_the_customers_words() -> None:
    assert _urgency("Please add my wife to our plan. Her address is sue.marsh@... thanks") != "high"


@pytest.mark.parametrize(
    "message",
    [
        "My lawyer needs a copy of the tenancy agreement and every payment I made.",
        "Our solicitor asked for all the invoices you sent us in 2023.",
        "My attorney wants a copy of the booking confirmation and the cancellation e-mails.",
    ],
)
def test_a_lawyer_asking_for_the_customers_records_is_legal_pressure(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "Our lawyer needs a copy of your DPA before we sign.",
        "Our legal team asked for your security whitepaper and the SOC 2 report.",
    ],
)
def test_a_lawyer_reviewing_the_suppliers_papers_is_not(message: str) -> None:
    assert _urgency(message) != "high"


@pytest.mark.parametrize(
    "message",
    [
        "I lost my copies of all invoices from 2023 and need them for a case with my old"
        " landlord. Can you resend them?",
        "I've lost the receipts for my May bookings, could you email them again?",
        "I accidentally deleted the emails with my tickets, can you send them again?",
    ],
)
def test_the_customers_own_copies_lost_are_not_data_lost(message: str) -> None:
    assert _urgency(message) != "high"


def test_data_lost_in_the_service_is_still_high() -> None:
    assert _urgency("All our files are gone since this morning.") == "high"


@pytest.mark.parametrize(
    "message",
    [
        "Is it possible to add a second emergency contact with a different phone number?",
        "Where would I change the mobile number for my emergency contact?",
        "Can I update my emergency contact phone number somewhere?",
    ],
)
def test_an_emergency_contacts_details_are_not_an_account_request(message: str) -> None:
    assert _urgency(message) == "low"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Fwd: Security alert",
            "See below. Not me.\n\n---------- Forwarded message ---------\n"
            "A new device signed in to your account: Pixel 7, Lagos.",
        ),
        (
            "Fwd: New login",
            "---------- Forwarded message ---------\nFrom: alerts@bank.example\n"
            "New login to your online banking from a Windows PC in Madrid.\n\n"
            "This wasn't me, I'm in Leeds.",
        ),
    ],
)
def test_a_forwarded_alert_the_customer_denies_is_high(subject: str, message: str) -> None:
    assert _urgency(message, subject) == "high"


def test_a_forwarded_alert_reported_as_settled_is_not() -> None:
    message = (
        "FYI, sorted now.\n---------- Forwarded message ---------\n"
        "New login to your online banking from a Windows PC in Madrid. If this wasn't you,"
        " reset your password."
    )
    assert _urgency(message, "Fwd: New login") != "high"


# --- who and consent ---------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Three rides on my account on Friday night that weren't me. My account is my own.",
        "Two rentals on my account this week were not me, I never lent my login to anyone.",
        "Somebody changed the payout bank details. Nobody in our office did this.",
        "The account shows a new admin user. No one in our team added it.",
    ],
)
def test_activity_denied_in_more_wordings_is_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "Code SPRING10 says invalid. I've never ordered before, I just made the account.",
        "How do I share my trip with my husband so he can follow it?",
        "No one in my family used the app before, how do we start a shared list?",
    ],
)
def test_first_orders_and_family_sharing_are_not_denials(message: str) -> None:
    assert _urgency(message) != "high"


# --- secrets where they should not be ----------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Our admin forwarded a thread to an outside agency by accident. It had the staff"
        " passwords in it.",
        "The welcome email shows my password in normal text.",
        "Your reset confirmation has my new PIN unencrypted in the email body.",
    ],
)
def test_secrets_sent_outside_or_written_out_are_high(message: str) -> None:
    assert _urgency(message) == "high"


# --- data-protection requests in plain words ---------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Please remove me from your database, I never gave you my details.",
        "Get me out of your system for good.",
        "Could you close my old profile and delete the data on it too?",
        "Could you send me copies of my scans and treatment notes? I'm changing clinic.",
        "Can I have a copy of my dental records and x-rays before I move?",
    ],
)
def test_erasure_and_access_in_plain_words_are_high(message: str) -> None:
    assert _urgency(message) == "high"


def test_records_kept_for_the_customers_own_files_are_not_a_request() -> None:
    message = "The statements page is blank. I only want to see last year's for my records."
    assert _urgency(message) != "high"


# --- legal pressure ----------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "I have filed with the rent board over the deposit and need the inspection photos for"
        " the hearing.",
        "Je veux un remboursement ou je vais voir mon avocat.",
        "Quiero el reembolso o voy a la OMIC con la hoja de reclamaciones.",
        "If you do not refund me I will go to UFC Que Choisir.",
    ],
)
def test_legal_bodies_and_foreign_words_are_high(message: str) -> None:
    assert _urgency(message) == "high"


# --- money -------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "The supplier run was processed twice and every invoice got paid double.",
        "You charged us $480 for a renewal we cancelled. I'd like this charge reversed.",
        "It's been six weeks, we've had no refund and no reply.",
        "The tuition instalment was collected twice this month.",
    ],
)
def test_money_taken_twice_or_kept_is_high(message: str) -> None:
    assert _urgency(message) == "high"


# --- second part: who got in, what they reached ------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Our shop's homepage now links to casino sites. My nephew says someone got into the"
        " hosting.",
        "Hackers got into our WordPress last night and changed the contact form.",
        "I got two emails I never asked for. Please check who entered my account.",
        "We stopped working with a freelance developer in March, but his key is still being"
        " used against our account every night.",
        "Our former bookkeeper's login is still syncing the ledger to her laptop.",
        "Two tablets were taken from the front desk and both are still signed in.",
        "The burglars took three laptops; the admin panel was left signed in on one of them.",
    ],
)
def test_break_ins_and_leavers_still_active_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "Is there a way to see who logged in to our account this week?",
        "How do I check who entered a booking for Friday?",
        "Our designer left last month, please move her projects to me.",
    ],
)
def test_questions_about_who_and_leavers_are_not_incidents(message: str) -> None:
    assert _urgency(message) != "high"


@pytest.mark.parametrize(
    "message",
    [
        "The vendor login can open the payroll tab and see salaries.",
        "Our tenants can see the owner's bank account numbers on the statements page.",
        "A workspace for a dental clinic appeared in our switcher and I could see their"
        " patients. We have nothing to do with that clinic.",
        "You posted photos of my kids on your Facebook page. I ticked no on the consent form.",
        "My face is on your Instagram ad and I never gave permission for that.",
    ],
)
def test_data_seen_or_published_beyond_its_audience_is_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "The settlement was approved for £4,000 but only half arrived in my account.",
        "We were underpaid by £640 on this month's payout.",
    ],
)
def test_money_owed_paid_only_in_part_is_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "SLA report",
            "Tickets on hold still show as breached, the SLA timer does not pause.",
        ),
        (
            "what is 'Lost laptop' for",
            "The security page has an option called 'Lost laptop'. Does it sign out every"
            " session that is still signed in?",
        ),
    ],
)
def test_statuses_adjectives_and_named_settings_are_what_they_say(
    subject: str, message: str
) -> None:
    assert classify(subject, message).urgency != "high"


def test_an_adjective_after_my_is_no_retraction() -> None:
    message = "My seat was taken and I stood all the way with my bad back. I will complain to"
    message += " the consumer office."
    assert _urgency(message) == "high"


def test_my_bad_still_owns_up() -> None:
    result = classify("", "Sorry, my bad, I ordered the wrong size. Ignore my last message.")
    assert "retraction" in result.rules


# --- third part --------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "The club put the tournament photos on its public page and two of them show my two"
        " sons by name. We ticked no on the photo form.",
        "Your Facebook page now has a picture where my little daughter is clearly visible. I"
        " never gave consent for that.",
        "Last night the baby monitor turned on by itself and the app log shows a viewer from"
        " a tablet that is not our device.",
    ],
)
def test_private_images_and_a_strangers_device_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "thanks to Malik",
            "I want to thank Malik for his help getting our account back after it was hacked."
            " All good since.",
        ),
        (
            "Re: refund for booking 5521",
            "The refund Dana arranged has now landed in my bank account. Thank you!",
        ),
    ],
)
def test_thanks_for_a_harm_put_right_are_not_high(subject: str, message: str) -> None:
    assert classify(subject, message).urgency != "high"


@pytest.mark.parametrize(
    "message",
    [
        "The nursery sent a list with every child's medical conditions to the wrong parent by"
        " accident.",
        "The insurer approved £1,500 for the repair but only paid £400.",
    ],
)
def test_records_sent_by_mistake_and_money_paid_short_are_high(message: str) -> None:
    assert _urgency(message) == "high"


@pytest.mark.parametrize(
    "message",
    [
        "I sent the wrong invoice to a client by mistake, can I recall it?",
        "Two payments for the same invoice show in the report, one is marked failed. Is that"
        " normal?",
    ],
)
def test_their_own_slips_and_a_failed_retry_are_not_high(message: str) -> None:
    assert _urgency(message) != "high"
