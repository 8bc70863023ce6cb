"""The rule-based classifier: each rule, negation, word boundaries,
inflections, shouting, repeated contact, requires_action, the labelled
corpus floors, determinism and re-classification on a rule-set bump."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest

from ticketd.domain.changes import plan_change
from ticketd.domain.classifier import RULES, RULESET_VERSION, classify, requires_action_for
from ticketd.domain.ticket import SENTIMENTS, URGENCIES, Classification, ProviderTicket, Ticket

CORPUS = Path(__file__).resolve().parent.parent / "data" / "classification_cases.jsonl"


def _cases() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


# --- contract ---------------------------------------------------------------


def test_returns_a_classification_with_the_ruleset_version() -> None:
    result = classify("Refund please", "We were charged after cancelling.", "open")
    assert isinstance(result, Classification)
    assert result.version == RULESET_VERSION
    assert result.urgency in URGENCIES
    assert result.sentiment in SENTIMENTS
    assert isinstance(result.requires_action, bool)
    assert isinstance(result.rules, tuple)
    assert isinstance(result.keywords, tuple)


@pytest.mark.parametrize(
    ("subject", "message", "status"),
    [("", "", "open"), ("?", "", "closed"), ("🔥🔥", "\u200b\u00a0", "pending"), ("x", "y", "")],
)
def test_any_text_classifies_without_error(subject: str, message: str, status: str) -> None:
    result = classify(subject, message, status)
    assert result.urgency in URGENCIES and result.sentiment in SENTIMENTS


def test_empty_ticket_is_low_and_neutral() -> None:
    result = classify("", "")
    assert (result.urgency, result.sentiment, result.rules, result.keywords) == (
        "low", "neutral", (), ()
    )  # fmt: skip


def test_rules_are_listed_in_table_order_and_keywords_once_each() -> None:
    result = classify("Refund", "Refund, refunds, refunded: I want a refund now!! Outage again.")
    order = [rule.id for rule in RULES]
    assert list(result.rules) == sorted(result.rules, key=order.index)
    assert result.keywords.count("refund") == 1
    assert result.keywords.count("outage") == 1


# --- every rule fires on a typical phrasing --------------------------------

RULE_EXAMPLES = {
    "refund_demand": ("Refund", "Please refund the charge on INV-1."),
    "chargeback": ("Bank", "I am filing a chargeback today."),
    "disputed_charge": ("Card", "I have disputed the payment with my bank."),
    "double_charge": ("Billing", "You charged us twice for May."),
    "legal_threat": ("Contract", "Our attorney will contact you."),
    "gdpr_request": ("Privacy", "Under GDPR, send me my data."),
    "security_breach": ("Account", "Our account was hacked last night."),
    "security_report": ("Report", "I found an XSS vulnerability in the console."),
    "outage": ("Prod", "Production is down for all of us."),
    "benign_mention": ("Terms", "Is your EU region GDPR compliant?"),
    "refund_received": ("Thanks", "I got the refund, thank you."),
    "own_activity": ("Re: new sign-in", "Yes, that was me on my new laptop."),
    "settled_reply": ("Re: refund request", "It arrived this morning, thank you so much."),
    "urgent_language": ("Invoice", "Need a corrected invoice asap."),
    "escalation": ("Manager", "Escalate this to a manager."),
    "business_impact": ("Login loop", "This is blocking our whole team."),
    "bug_report": ("Export", "The export button is broken."),
    "access_problem": ("Login", "I am locked out of my account."),
    "performance": ("Dashboard", "The dashboard is very slow today."),
    "billing_error": ("Invoice", "Why was I charged $49 this month?"),
    "deadline": ("Report", "We need the report by Friday."),
    "repeated_contact": ("Hello?", "Still waiting for an answer."),
    "recurring_problem": ("Sync", "The sync failed again."),
    "follow_up": ("Ticket 12", "Following up on my question from Monday."),
    "negative_emotion": ("Service", "We are very disappointed with the service."),
    "churn_risk": ("Renewal", "We are switching providers next month."),
    "calm": ("Footer", "No rush, the footer has a typo."),
    "gratitude": ("Thanks", "Thanks for the quick fix yesterday."),
    "praise": ("Release", "The new filters are excellent and fast."),
    "praise_interjection": ("Sync", "Great, the sync works."),
    "politeness": ("Done", "Thanks"),
    "courtesy": ("Ideas", "It would be great to have dark mode."),
    "negated_praise": ("Handling", "Not happy with how this was handled."),
    "shouting": ("HELLO", "WHERE IS MY INVOICE"),
    "question": ("Seats", "Can seats be moved between workspaces?"),
    "resolved": ("Update", "The app is working again."),
    "no_action_needed": ("FYI", "Just letting you know, no action needed."),
    "request": ("Invoice copy", "Could you send a copy of INV-7."),
    "account_request": ("Seats", "Please add three seats to our subscription."),
    "how_to": ("Filters", "How do I save a filter?"),
    "account_takeover": ("Login", "There is a sign-in on my account that I didn't make."),
    "unauthorised_charge": ("Card", "I see a payment on my card I never authorised."),
    "bank_threat": ("Charge", "I will call my bank about this charge."),
    "lost_device": ("Phone", "My phone was stolen and the app is still logged in."),
    "data_exposed": ("Key", "Our API key was posted in a public repo."),
    "cross_customer_data": ("Export", "The export contains another company's contacts."),
    "stopped_for_everyone": ("Emails", "None of our emails have been sent since Monday."),
    "data_destroyed": ("Notes", "All our notes are gone."),
    "team_stopped": ("Editor", "None of us can open the editor since the update."),
    "rest_working": ("Backup", "Backup for one server failed, all other servers backed up fine."),
    "connector_stopped": ("Zap", "Our Zap to the spreadsheet stopped triggering on Monday."),
    "outage_lookalike": ("Battery", "The app drains the battery even when I'm offline."),
    "dead_slow": ("Map", "The map in the app is dead slow since yesterday."),
    "page_layout": ("PDF", "The PDF export cuts off the footer on every page."),
    "partial_fix": (
        "Extension",
        "The extension crashes for our whole team. On one machine it works again after a rollback.",
    ),
    "data_protection_request": ("Privacy", "Please erase all my personal information."),
    "data_shared_without_consent": ("Privacy", "I never agreed to you sharing my details."),
    "data_loss": ("Sync", "The sync caused data loss."),
    "payment_fraud": ("Card", "This looks like fraud on my card."),
    "legal_process": ("Claim", "This firm represents Ms Lee in the County Court."),
    "records_demanded": ("Records", "We received a court order for these records."),
    "complaint_tone": ("Layout", "The new layout is confusing."),
    "sarcasm": ("Update", "Thanks for breaking the export."),
    "wrong_result": ("Totals", "The report shows 12 instead of 15."),
    "retraction": ("Login", "False alarm, sorry for the noise."),
    "for_information": ("Office", "FYI, we are closed on Friday."),
    "auto_reply": ("Automatic reply: ticket 9", "I will answer when I am back."),
    "auto_reply_mentioned": ("No answer", "I only got an automated reply and nothing since."),
    "away_notice": ("Away", "I am out of the office with limited access to email."),
    "sales_pitch": ("Partnership", "We help brands grow your sales. Book a call with us."),
    "refund_question": ("Plans", "If we downgrade, would we get anything back?"),
    "refund_status": ("Refund", "When will the refund you approved show on my card?"),
    "single_scope": ("Export", "The export fails for one user, everyone else is fine."),
    "money_withheld": ("Payouts", "Our payouts have been on hold for a week."),
    "malfunction": ("Reset", "The reset link says it has expired the moment I click it."),
    "harm_to_customer": ("Voicemail", "I missed a call from my doctor because of this."),
    "felt_words": ("Buffering", "The buffering every evening is getting tiresome."),
    "fix_thanked": ("Charge", "Thanks for reversing the duplicate charge so quickly."),
    "exasperation": ("Sync", "The sync failed overnight. What is going on?"),
    "reproach": ("Billing", "You promised this would be sorted last month."),
    "business_harm": ("Checkout", "The checkout errors are costing us money."),
    "worry": ("Login", "I'm worried about the login alerts I keep getting."),
    "kept_waiting": ("Ticket", "I have been waiting for days for an answer."),
    "mild_displeasure": ("Export", "Unfortunately the export takes a while."),
    "poor_verdict": ("App", "The new version is really unreliable."),
    "lost_work": ("Editor", "The editor reloaded and I lost my changes."),
    "hedge": ("Login", "Probably nothing, but is this login page new?"),
    "theft": ("Laptop", "Someone pinched my laptop; it was snatched from my bag."),
    "pressed_by_others": ("Records", "The inspectors have asked us for last year's logs."),
    "intensity": ("Again", "Seriously, the sync failed twice today."),
    "passing_praise": ("Icons", "The icons look alike, maybe recolour one. Otherwise great."),
    "good_sense": ("Plan", "The new plan is killing me in the best way."),
    "thanks_in_subject": ("Thank you!", "Quick question: can we export the log as JSON?"),
    "away_hint": ("Re: Invoice", "I'm off sick today and will reply tomorrow."),
    "bulk_hint": ("Survey", "How likely are you to recommend us? Take our 2-minute survey."),
    "acknowledged": ("Re: Export", "Got it, will do."),
    "own_how_to": ("Filters", "How do I save a filter?"),
    "minor_problem": ("Footer", "There is a typo in the footer."),
    "offer": ("Address", "Our address is now 5 Mill Lane. Let me know if you need anything."),
    "let_down": ("Plan", "For what we pay I expected a lot more than this."),
    "pressure": ("Order", "Fix my order this week or I will go to my bank."),
    "not_wanted": ("Invoice", "You charged me for a month I never signed up for."),
    "irony": ("Export", "Thanks for deleting all my saved filters."),
    "disowned": ("New admin", "There is a new admin on our account. None of us created it."),
    "says_more": (
        "Weekly report",
        "Since Monday the weekly summary lists last week's totals in this week's column, "
        "on every account we checked, and the raw data looks right. Thanks",
    ),
}


def test_every_rule_has_an_example() -> None:
    """Every verdict rule (situation parts are pinned through the
    situations they make up, below)."""
    assert set(RULE_EXAMPLES) == {rule.id for rule in RULES if not rule.part}


@pytest.mark.parametrize("rule_id", sorted(RULE_EXAMPLES))
def test_rule_matches_its_example(rule_id: str) -> None:
    subject, message = RULE_EXAMPLES[rule_id]
    assert rule_id in classify(subject, message).rules


# --- strong signals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "keyword"),
    [
        ("I demand a refund for last month.", "refund"),
        ("We are refunding nothing? Then I want my money back.", "money back"),
        ("I will initiate a chargeback on Friday.", "chargeback"),
        ("I dispute this charge.", "dispute"),
        ("We were double charged for March.", "double charge"),
        ("Expect a lawsuit.", "lawsuit"),
        ("Our lawyer has the file.", "lawyer"),
        ("My attorney is copied.", "attorney"),
        ("We will sue you.", "sue"),
        ("We are considering legal action.", "legal action"),
        ("Please erase my personal data under GDPR.", "erasure"),
        ("This is a data subject access request.", "data subject request"),
        ("This looks like a data breach.", "data breach"),
        ("Our admin account was hacked.", "hacked"),
        ("Someone got unauthorised access to our reports.", "unauthorised access"),
        ("Production is down.", "down"),
        ("There is an outage in EU-West.", "outage"),
    ],
)
def test_strong_signals_are_always_high(message: str, keyword: str) -> None:
    for status in ("open", "pending", "closed"):
        result = classify("", f"No rush, whenever you have a moment. {message}", status)
        assert result.urgency == "high"
        assert result.requires_action is True
        assert keyword in result.keywords


# --- negation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "urgency"),
    [
        ("This is not urgent, the footer has a typo.", "low"),
        ("No rush: the legend overlaps on small screens.", "low"),
        ("Nothing urgent - could you add Priya as admin?", "low"),
        ("The importer isn't broken anymore.", "low"),
        ("We no longer need a refund, the sync works now.", "low"),
        ("This is not a refund request, I need an invoice copy.", "medium"),
        ("Relax, nobody is going to sue anyone.", "low"),
        ("This is not a security issue, just a question.", "low"),
        ("We weren't hacked after all.", "low"),
    ],
)
def test_negation_cancels_the_cue(message: str, urgency: str) -> None:
    """(An invoice copy is an ordinary billing request: medium.)"""
    assert classify("Update", message).urgency == urgency


def test_negation_does_not_reach_across_punctuation_or_content_words() -> None:
    assert classify("", "No, the refund hasn't arrived.").urgency == "high"
    assert classify("", "Not sure why, but production is down.").urgency == "high"
    assert classify("", "I haven't received my refund.").urgency == "high"


def test_a_condition_is_not_a_negation() -> None:
    result = classify("", "If you don't refund me by Friday I will escalate.")
    assert result.urgency == "high"
    assert "refund_demand" in result.rules


def test_negated_praise_is_negative() -> None:
    result = classify("Support", "Not happy with how this was handled.")
    assert result.sentiment == "negative"
    assert "not happy" in result.keywords


def test_a_negation_in_the_message_outweighs_the_subject() -> None:
    result = classify("Cancel and refund", "We no longer need a refund, you can close this.")
    assert result.urgency == "low"
    assert result.requires_action is False


def test_resolution_ends_an_outage() -> None:
    result = classify("Outage", "The outage from this morning is resolved, thanks!", "open")
    assert result.urgency == "low"
    assert "outage" not in result.rules


def test_a_received_refund_is_not_a_demand() -> None:
    result = classify("Re: your refund", "Got the refund this morning, thanks!", "closed")
    assert result.urgency == "low"
    assert "refund_demand" not in result.rules


# --- word boundaries and inflections ---------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "Our streak of daily logins is unbroken.",
        "How do I prefund our API wallet?",
        "Issue ext-305: Issue with the issue tracker",
        "We pursue a multi-vendor strategy; does the API issue tokens?",
        "We track tissue samples with a custom field.",
        "Can we join your hackathon?",
        "Please downgrade us; can we pay a down payment?",
        "Refundable deposits: how are they shown on invoices?",
    ],
)
def test_look_alike_words_do_not_match(message: str) -> None:
    result = classify("Question", message)
    assert result.urgency != "high"
    assert not {"refund_demand", "legal_threat", "security_breach", "outage", "bug_report"} & set(
        result.rules
    )


@pytest.mark.parametrize("word", ["refund", "refunds", "refunded", "refunding", "REFUND"])
def test_refund_inflections(word: str) -> None:
    result = classify("", f"About the {word} for INV-9.")
    assert result.urgency == "high"
    assert result.keywords == ("refund",)


@pytest.mark.parametrize("word", ["sue", "sues", "sued", "suing"])
def test_sue_inflections(word: str) -> None:
    assert classify("", f"They {word} vendors like you.").keywords == ("sue",)


def test_phrases_match_across_case_and_extra_whitespace() -> None:
    result = classify("", "We   are considering\n\tLEGAL\u00a0ACTION.")
    assert "legal action" in result.keywords


def _full_width(text: str) -> str:
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) for c in text)


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (_full_width("Urgent"), _full_width("our server is down")),  # NFKC
        ("Refund\u200b please", "INV-1\u00a0today"),  # zero-width and no-break spaces
    ],
)
def test_unicode_is_normalised(subject: str, message: str) -> None:
    assert classify(subject, message).urgency == "high"


def test_typographic_apostrophes_are_read_as_negation() -> None:
    assert classify("", "The importer isn\u2019t broken anymore.").urgency == "low"


# --- shouting, repeated contact, praise ---------------------------------------


def test_all_caps_words_are_shouting() -> None:
    result = classify("WHY IS THIS STILL NOT FIXED", "")
    assert "shouting" in result.rules
    assert result.sentiment == "negative"


def test_exclamation_marks_are_shouting() -> None:
    assert classify("", "The export failed again!!!").sentiment == "negative"


def test_acronyms_are_not_shouting() -> None:
    result = classify("SSO and SAML", "We use SCIM and the API with CSV and PDF exports.")
    assert "shouting" not in result.rules
    assert result.sentiment == "neutral"


def test_shouted_gratitude_stays_positive() -> None:
    result = classify("", "THANK YOU SO MUCH!!! You saved our launch.")
    assert result.sentiment == "positive"
    assert "shouting" not in result.rules


@pytest.mark.parametrize(
    "message",
    [
        "This is the third time I am asking.",
        "Still waiting for a reply.",
        "I have sent four emails and got no response.",
    ],
)
def test_repeated_contact_is_negative(message: str) -> None:
    result = classify("Invoices", message)
    assert "repeated_contact" in result.rules
    assert result.sentiment == "negative"
    assert result.urgency in ("medium", "high")


def test_praise_is_positive() -> None:
    result = classify("Kudos", "Great support, thank you so much!", "closed")
    assert result.sentiment == "positive"
    assert result.requires_action is False


def test_a_stronger_negative_beats_praise() -> None:
    result = classify("", "Thanks for the reply, but the sync is still broken. Frustrating.")
    assert result.sentiment == "negative"


def test_a_polite_closing_is_not_praise() -> None:
    assert classify("Export", "The export fails with an error.\n\nThanks, Maria").sentiment == (
        "neutral"
    )


# --- requires_action -----------------------------------------------------------


def test_requires_action_rule() -> None:
    rule = requires_action_for
    assert rule("high", "neutral", "closed", asks=False, quiet=True) is True
    assert rule("medium", "negative", "closed", asks=True, quiet=False) is False
    assert rule("low", "neutral", "open", asks=True, quiet=True) is False
    assert rule("medium", "neutral", "pending", asks=False, quiet=False) is True
    assert rule("low", "negative", "open", asks=False, quiet=False) is True
    assert rule("low", "positive", "open", asks=True, quiet=False) is True
    assert rule("low", "positive", "open", asks=False, quiet=False) is False
    assert rule("low", "neutral", "open", asks=False, quiet=False) is True


def test_requires_action_is_consistent_with_the_verdicts_on_the_corpus() -> None:
    for case in _cases():
        result = classify(case["subject"], case["message"], case["status"])
        noise = {"auto_reply", "away_notice", "sales_pitch", "away_hint", "bulk_hint"}
        if set(result.rules) & noise and result.urgency == "low":
            assert result.requires_action is False, case["id"]
            continue
        asks = bool({"request", "question", "how_to", "exasperation"} & set(result.rules))
        expected = requires_action_for(
            result.urgency,
            result.sentiment,
            case["status"],
            asks=asks,
            quiet="no_action_needed" in result.rules or ("retraction" in result.rules and not asks),
            fyi=bool({"for_information", "resolved", "acknowledged"} & set(result.rules))
            and not {"recurring_problem", "minor_problem"} & set(result.rules),
        )
        assert result.requires_action is expected, case["id"]
        if result.urgency == "high":
            assert result.requires_action
        elif case["status"] == "closed":
            assert not result.requires_action


# --- the labelled corpus ----------------------------------------------------------


def test_corpus_is_large_and_covers_every_label() -> None:
    cases = _cases()
    assert len(cases) >= 200
    assert len({case["id"] for case in cases}) == len(cases)
    assert {case["urgency"] for case in cases} == set(URGENCIES)
    assert {case["sentiment"] for case in cases} == set(SENTIMENTS)
    assert sum(case["strong"] for case in cases) >= 50
    assert sum(case["subject"].startswith("Issue ext-") for case in cases) >= 15


def test_corpus_accuracy_floors() -> None:
    cases = _cases()
    results = [classify(c["subject"], c["message"], c["status"]) for c in cases]

    def accuracy(field: str) -> float:
        right = sum(getattr(r, field) == c[field] for c, r in zip(cases, results, strict=True))
        return right / len(cases)

    assert accuracy("urgency") >= 0.95
    assert accuracy("sentiment") >= 0.90
    assert accuracy("requires_action") >= 0.90
    strong_missed = [
        c["id"] for c, r in zip(cases, results, strict=True) if c["strong"] and r.urgency != "high"
    ]
    # Known miss, kept visible: "Customer A is seeing Customer B's invoices"
    # names the other customer by a letter, which no part recognises.
    assert strong_missed == ["case-383"]


# --- determinism and thread safety ----------------------------------------------


def test_classify_is_deterministic_and_thread_safe() -> None:
    texts = [(c["subject"], c["message"], c["status"]) for c in _cases()]
    first = [classify(*t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(lambda t: classify(*t), texts)) == first


# --- a new rule-set version re-classifies stored tickets -------------------------


def _provider_ticket(subject: str, message: str) -> ProviderTicket:
    return ProviderTicket.from_provider(
        {
            "id": "ext-042",
            "tenant_id": "acme",
            "source": "email",
            "customer_id": "cust-7",
            "subject": subject,
            "message": message,
            "status": "open",
            "created_at": "2026-11-01T10:00:00Z",
            "updated_at": "2026-11-02T10:00:00Z",
        }
    )


def test_a_ruleset_bump_reclassifies_an_unchanged_ticket() -> None:
    source = _provider_ticket("Issue ext-042: billing", "I have forwarded this to my attorney.")
    incoming = Ticket.classified(source, classify(source.subject, source.message, source.status))
    assert incoming.urgency == "high"
    stored = attrs.evolve(
        incoming,
        urgency="low",
        sentiment="neutral",
        rules=(),
        keywords=(),
        ruleset_version="2025.01-0",
        ingested_at=datetime(2026, 11, 2, 11, tzinfo=UTC),
    )

    change = plan_change(stored, incoming)

    assert change.action == "updated"
    assert change.notify is True
    assert change.changes["urgency"] == {"old": "low", "new": "high"}
    assert change.changes["ruleset_version"] == {"old": "2025.01-0", "new": RULESET_VERSION}
    assert "legal_threat" in change.changes["rules"]["new"]
    assert change.row is not None and change.row.ruleset_version == RULESET_VERSION
    assert change.row.updated_at == stored.updated_at


def test_same_ruleset_and_same_text_is_unchanged() -> None:
    source = _provider_ticket("Question", "How do I export reports?")
    incoming = Ticket.classified(source, classify(source.subject, source.message, source.status))
    assert plan_change(incoming, incoming).action == "unchanged"
