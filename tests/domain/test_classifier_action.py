"""requires_action on wordings written from the labelling rubric
(``action_wordings``): tickets that need no action (thanks, "all sorted
now", FYI notes and notifications, automatic replies and receipts,
newsletters, surveys, pitches, link-building spam, job applications) and
their look-alikes that do; plus the mechanisms they rely on."""

from __future__ import annotations

import pytest

from tests.domain.action_wordings import (
    ACTION,
    FOURTH_ACTION,
    FOURTH_NO_ACTION,
    LATER_ACTION,
    LATER_NO_ACTION,
    NO_ACTION,
    THIRD_ACTION,
    THIRD_NO_ACTION,
)
from ticketd.domain.classifier import classify


def _cases(table: dict[str, list[tuple[str, str]]]) -> list:
    return [
        pytest.param(subject, message, id=f"{kind}-{n}")
        for kind, items in table.items()
        for n, (subject, message) in enumerate(items)
    ]


@pytest.mark.parametrize(
    ("subject", "message"),
    _cases(NO_ACTION)
    + _cases({"later": LATER_NO_ACTION, "third": THIRD_NO_ACTION, "fourth": FOURTH_NO_ACTION}),
)
def test_a_ticket_that_asks_nothing_and_reports_no_problem_needs_no_action(
    subject: str, message: str
) -> None:
    result = classify(subject, message, "open")
    assert (result.urgency, result.requires_action) == ("low", False), result.rules


@pytest.mark.parametrize(
    ("subject", "message"),
    _cases(ACTION)
    + _cases({"later": LATER_ACTION, "third": THIRD_ACTION, "fourth": FOURTH_ACTION}),
)
def test_a_request_or_a_problem_inside_thanks_or_noise_needs_action(
    subject: str, message: str
) -> None:
    assert classify(subject, message, "open").requires_action is True


def test_noise_hints_do_not_hide_a_problem() -> None:
    """Two newsletter shapes in a ticket that reports a malfunction: a
    complaint about the newsletter, not a newsletter."""
    result = classify(
        "Newsletter links",
        "The 'manage your preferences' link in your mail gives a 500 error and "
        "'view in browser' opens a blank page.",
    )
    assert (result.urgency, result.requires_action) == ("medium", True)
    assert "bulk_hint" not in result.rules


def test_a_strong_pitch_cue_with_a_hint_is_a_pitch_even_with_alarming_words() -> None:
    result = classify(
        "Security",
        "We found a vulnerability on your website. Our team of experts can fix it, "
        "worth a 15-minute call?",
    )
    assert (result.urgency, result.requires_action) == ("low", False)


def test_a_retraction_next_to_a_request_does_not_silence_it() -> None:
    result = classify("Never mind", "Never mind the invoice. Could you reset my 2FA instead?")
    assert result.requires_action is True
    alone = classify("Never mind", "Never mind, I found the invoice in my downloads.")
    assert alone.requires_action is False


def test_a_reply_subject_names_the_thread_and_does_not_ask() -> None:
    result = classify("Re: How do I export the report?", "Got it, thank you!")
    assert (result.sentiment, result.requires_action) == ("positive", False)
    again = classify("Re: How do I export the report?", "Thanks, but where is the button?")
    assert again.requires_action is True


def test_one_away_cue_in_a_ticket_that_asks_nothing_needs_no_action() -> None:
    result = classify("Away", "OOO until the 14th.")
    assert result.requires_action is False
    assert "away_hint" in result.rules  # listed: it decided requires_action


def test_an_offer_of_more_information_is_not_a_request() -> None:
    result = classify("Thanks", "Thanks for the help! Let me know if you need anything else.")
    assert (result.sentiment, result.requires_action) == ("positive", False)
    # An account change told with an offer still needs doing.
    change = classify(
        "Billing address",
        "Our billing address is now 5 Mill Lane. Let me know if you need anything.",
    )
    assert (change.urgency, change.requires_action) == ("medium", True)


def test_thanks_closing_a_problem_report_are_politeness() -> None:
    result = classify("Export", "The export fails with error 500. Thanks so much!")
    assert result.sentiment == "neutral"
    praised = classify(
        "Export", "The export fails with error 500, but the new editor is excellent."
    )
    assert praised.sentiment in ("neutral", "positive")


def test_a_problem_that_came_back_is_not_information() -> None:
    result = classify("FYI", "Just so you know, the printer integration dropped out again.")
    assert result.requires_action is True


def test_hints_do_not_make_a_how_to_question_noise() -> None:
    """An event organiser asking how to use promo codes on early-bird
    tickets uses two promotion words, and asks how to use the product."""
    result = classify("Codes", "How do I add a promo code to the early bird tickets?")
    assert result.requires_action is True


def test_a_problem_after_the_resolution_and_a_but_is_not_over() -> None:
    result = classify("Closing the loop", "The fix works, but the totals still don't match.")
    assert (result.urgency, result.requires_action) == ("medium", True)
    over = classify("Re: totals", "The totals didn't match, but the fix works now.")
    assert over.requires_action is False


# --- categories read from blind5's misses (2026.11-13, phase 2), in new words ---


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Renewal notice",
            "FINAL NOTICE: your domain registration expires tomorrow. Failure to renew "
            "means losing your website and email. Renew your domain now.",
        ),
        (
            "More ratings",
            "Bad ratings hurting your installs? Buy reviews from real accounts, packages "
            "from $49, delivered in 3 days.",
        ),
        (
            "Is your data safe?",
            "Breaches cost companies millions on average. Our certified ethical hackers "
            "find the holes before criminals do. Worth a short call?",
        ),
        (
            "Custom tote bags",
            "Loved your products on Instagram! We print custom tote bags for small brands, "
            "low minimums and free samples. Want a quote?",
        ),
        (
            "Closed for the holidays",
            "Thank you for your message. Our office is closed until 3 January. In case of "
            "emergency call 0800 000 000.",
        ),
        ("thank you", "thank you for help me with the invoice yesterday, all is good now"),
    ],
)
def test_bulk_mail_and_thanks_in_other_words_need_no_action(subject: str, message: str) -> None:
    result = classify(subject, message, "open")
    assert (result.urgency, result.requires_action) == ("low", False), result.rules


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("FYI", "Just FYI, small typo on your checkout page: 'Delivary' instead of 'Delivery'."),
        ("Alerts", "I don't get notifications anymore when a booking comes in."),
        ("Email change", "My old address is closed and I need the account moved to my new email."),
        ("Orders", "Since 8am no orders can be closed on the tills, the sync failed again."),
    ],
)
def test_small_defects_and_needs_told_without_a_request_word_need_action(
    subject: str, message: str
) -> None:
    assert classify(subject, message, "open").requires_action is True


def test_planned_downtime_told_ahead_is_not_an_outage() -> None:
    result = classify(
        "sensors offline next week",
        "FYI the sensors will be offline for a few days while we renovate. Don't think "
        "something is broken if they stop reporting.",
    )
    assert (result.urgency, result.requires_action) == ("low", False), result.rules


# --- 2026.11-21: wishes, praise to pass on, thanks said, a new question ------------


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "great app, one thing",
            "Been using it daily for months. It'd be nice if the weekly summary showed "
            "last week's numbers next to this week's. Otherwise great!",
        ),
        (
            "idea",
            "Love it! Would be amazing if we could share a playlist with a friend who "
            "isn't on premium.",
        ),
        (
            "Bigger buttons",
            "Good afternoon, I would find it very helpful if the buttons on the booking "
            "page were bigger, my hands shake these days. Thank you for considering.",
        ),
        (
            "Romanian language",
            "Hello, it would be very nice if the receipts can be in Romanian also. Most of "
            "my clients are from Romania. Thank you.",
        ),
        (
            "one idea",
            "Love the new calendar. One idea: a week view that starts on Monday would be "
            "brilliant for us.",
        ),
        (
            "Survey answer",
            "Gave you an 8. Would have been a 10 if the invoices could go out in Welsh too.",
        ),
    ],
)
def test_a_wish_however_it_is_put_is_a_feature_request_that_needs_action(
    subject: str, message: str
) -> None:
    result = classify(subject, message, "open")
    assert (result.urgency, result.requires_action) == ("low", True), result.rules
    assert "how_to" in result.rules  # the feature request's rule


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Thank you Priya",
            "Priya on your phone line sorted out my booking in five minutes and made me "
            "laugh while doing it. Please pass this on to her manager!",
        ),
        (
            "Great help from Tom",
            "Tom helped us move our whole team over on Saturday, very patient. Please let "
            "his manager know.",
        ),
        (
            "thank you",
            "Hello, I want to say big thank you for the man in the chat who helped my "
            "father to pay his bill. Very kind.",
        ),
        (
            "Three years",
            "Three years now I use your app to send money home to my parents in Accra. "
            "Never a problem. God bless.",
        ),
    ],
)
def test_praise_to_pass_on_and_thanks_said_need_no_action(subject: str, message: str) -> None:
    result = classify(subject, message, "open")
    assert (result.urgency, result.sentiment, result.requires_action) == (
        "low",
        "positive",
        False,
    ), result.rules


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (
            "Thanks + one question",
            "Thanks so much for fixing the duplicate invoices, all good now. One question "
            "while I have you: can we get invoices in euros?",
        ),
        (
            "Re: delivery sorted",
            "Thank you, the parcel arrived today, lovely packaging. Do you ship to Norway as well?",
        ),
    ],
)
def test_a_closed_ticket_that_thanks_and_asks_something_new_needs_action(
    subject: str, message: str
) -> None:
    assert classify(subject, message, "closed").requires_action is True


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Re: delivery sorted", "Thank you, the parcel arrived today, lovely packaging."),
        ("API question", "Does the API accept dates in ISO format?"),
    ],
)
def test_a_closed_ticket_with_only_thanks_or_only_a_question_needs_no_action(
    subject: str, message: str
) -> None:
    assert classify(subject, message, "closed").requires_action is False
