"""The classification rule set, as data. ``classifier.py`` compiles it once.

Each ``Rule`` names the canonical keywords it reports and, for each, the
surface patterns that count as that keyword. A pattern is one or more words
written the way a person types them; ``classifier.normalise`` is applied to
it, so case, apostrophes and Unicode forms do not matter. A word ending in
``~`` also matches its simple inflections (``refund~`` matches refund,
refunds, refunded, refunding; ``sue~`` matches sue, sues, sued, suing).
Matching is always on whole words, so ``refund~`` never matches "prefund"
and ``sue~`` never matches "issue".

Changing anything here changes verdicts: bump ``RULESET_VERSION`` in the same
commit, so the next ingestion re-classifies stored tickets (see
``docs/classification.md``).
"""

from __future__ import annotations

import attrs

__all__ = [
    "ACRONYMS",
    "CONDITIONALS",
    "FILLERS",
    "NEGATORS",
    "RULES",
    "RULESET_VERSION",
    "Rule",
]

RULESET_VERSION = "2026.11-1"

# Roles a rule can play besides moving urgency and sentiment.
ASK = "ask"  # an explicit request or question: the customer expects an answer
QUIET = "quiet"  # the customer says no action is needed, or retracts the ticket
RESOLVE = "resolve"  # the problem is over (the rule's ``cancels`` says which)


@attrs.frozen
class Rule:
    """One classification rule.

    ``urgency``: 2 raises the ticket to high, 1 to at least medium, -1 is a
    calm cue that lowers the result one level (never below low, never for a
    strong signal). ``sentiment``: added up; negative weights push towards
    negative, positive towards positive. ``strong``: the ticket is high
    urgency whatever else it says. ``on_negation``: the id of the rule that
    stands in when a negator governs the match ("not urgent" -> ``calm``,
    "not happy" -> ``negated_praise``); ``None`` cancels the match.
    ``cancels``: ids of rules switched off for the whole ticket when this
    one matches ("working again" ends an outage, "the refund arrived" ends
    a refund demand).
    ``report``: the matched keywords are reported (and counted in tenant
    stats); politeness and request markers are not.
    """

    id: str  # stable id, stored with each ticket
    keywords: tuple[tuple[str, tuple[str, ...]], ...]  # (canonical keyword, surface patterns)
    urgency: int = 0  # 2 high, 1 medium, 0 none, -1 calm
    sentiment: int = 0  # summed: < 0 negative, > 0 positive
    strong: bool = False  # always high urgency
    on_negation: str | None = None  # rule id emitted when negated; None cancels
    cancels: tuple[str, ...] = ()  # rule ids switched off when this one matches
    role: str = ""  # "", ASK, QUIET or RESOLVE
    report: bool = True  # report the matched keywords


def _kw(**keywords: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Readable tables: keyword="pattern | pattern | ..."; "_" in a keyword is a space.
    return tuple(
        (name.replace("_", " "), tuple(p.strip() for p in patterns.split("|")))
        for name, patterns in keywords.items()
    )


# Problems that are over once the customer says so ("working again").
PROBLEMS = (
    "outage", "business_impact", "bug_report", "access_problem", "performance",
    "billing_error",
)  # fmt: skip

# The table. Order matters only for how ``rules`` are listed on a verdict
# (table order: strong signals first). Where patterns overlap, the leftmost,
# then longest match wins ("refund policy" over "refund", "breach of
# contract" over "breach").
# fmt: off
RULES: tuple[Rule, ...] = (
    # --- strong signals: always high urgency --------------------------------
    Rule("refund_demand", _kw(
        refund=("refund~ | refund request | havent received my refund"
                " | havent received the refund | havent got my refund | never received my refund"
                " | never got my refund | didnt receive my refund | didnt get my refund"
                " | still no refund | no refund yet"),
        money_back="money back",
        reimbursement="reimburse~ | reimbursement~"),
        sentiment=-1, strong=True),
    Rule("chargeback", _kw(chargeback="chargeback~ | charge back | charge-back~"),
         sentiment=-2, strong=True),
    Rule("disputed_charge", _kw(dispute="dispute~ | disputing"),
         sentiment=-1, strong=True),
    Rule("double_charge", _kw(
        double_charge=(
            "charged twice | charged me twice | charged us twice | billed twice | billed us twice"
            " | billed me twice | double charge~ | double billed | double billing"
            " | duplicate charge~ | duplicate payment~ | charged three times | charged 3 times"
            " | charged 2 times | two identical payments | two pending authorisations"
            " | charged for the same invoice"),
        overcharge="overcharge~ | overbilled"),
        sentiment=-1, strong=True),
    Rule("legal_threat", _kw(
        lawsuit="lawsuit~ | litigation | legal proceedings",
        lawyer="lawyer~ | solicitor~", attorney="attorney~", sue="sue~",
        legal_action="legal action | take you to court | see you in court | to court",
        regulator_complaint="report you to | formal complaint",
        breach_of_contract="breach of contract"),
        sentiment=-2, strong=True),
    Rule("gdpr_request", _kw(
        gdpr="gdpr | dsgvo | rgpd | gdpr request",
        data_subject_request=("data subject access request | subject access request | dsar"
                              " | copy of all personal data | copy of my personal data"
                              " | all personal data | all my personal data"),
        erasure=("erasure | erase~ | right to be forgotten | right to erasure | delete my data"
                 " | delete my personal data | delete all my data | my personal data"),
        withdraw_consent="withdraw~ my consent | withdraw consent",
        data_protection_authority="data protection authority | data protection request"),
        strong=True),
    Rule("security_breach", _kw(
        data_breach="data breach~ | security breach~ | breach~",
        hacked="hack~ | hacker~", compromised="compromise~",
        unauthorised_access=("unauthorised access | unauthorized access | unauthorised"
                             " | unauthorized"),
        data_exposed="data was exposed | data exposed | exposed data", leak="leak~",
        malware="malware | ransomware"),
        sentiment=-2, strong=True),
    Rule("security_report", _kw(
        vulnerability="vulnerability | vulnerabilities | xss | sql injection | exploit~",
        security_issue="security issue | security incident | security hole | security flaw",
        phishing="phishing", suspicious_login="suspicious login~ | suspicious activity",
        credential_leak="stolen credentials | password leaked | api key was leaked"),
        strong=True),
    Rule("outage", _kw(
        outage="outage~ | unplanned downtime",
        down=("is down | are down | been down | went down | goes down | was down | completely down"
              " | is it down | production down | prod down | server down | site down"
              " | everything is down | all down | down for everyone"),
        unavailable="unavailable | service unavailable | offline",
        nobody_can_log_in=("nobody can log in | nobody can login | no one can log in"
                           " | nobody on our team can log in"),
        pipeline_stopped=("pipeline has stopped | pipeline stopped | pipeline is down"
                          " | stopped processing | nothing is being processed"
                          " | none of our webhooks | no webhooks"),
        nothing_works=("nothing loads | nothing works | every request | every page | all requests"
                       " | all api requests")),
        sentiment=-1, strong=True),
    # --- look-alikes that must not count as strong signals ------------------
    Rule("benign_mention", _kw(
        refund_policy="refund policy | refund terms | pro-rata refund | offer refunds",
        compliance=("gdpr compliant | gdpr compliance | data protection officer"
                    " | data processing agreement | personal data fields | count as personal data"),
        memory_leak="memory leak~", hackathon="hackathon~"),
        report=False),
    Rule("refund_received", _kw(
        refund_received=("got the refund | got my refund | received the refund"
                         " | received my refund | refund arrived | refund went through"
                         " | refund came through | thanks for the refund | refunded me twice")),
        on_negation="refund_demand", cancels=("refund_demand",)),
    # --- high urgency, not strong ---------------------------------------------
    Rule("urgent_language", _kw(
        urgent="urgent | urgently | urgency", asap="asap | as soon as possible",
        emergency="emergency", critical="critical",
        immediately="immediately | right away | right now | now please",
        time_sensitive="time sensitive | top priority | high priority"),
        urgency=2, sentiment=-1, on_negation="calm"),
    Rule("escalation", _kw(escalate="escalate~ | escalation | speak to a manager | to a manager"),
         urgency=2, sentiment=-1),
    Rule("business_impact", _kw(
        blocked="blocked | blocking | is blocking | stopping our whole | from working",
        cannot_work="cant work | cannot work | cant log any",
        losing_revenue="losing money | losing sales | losing revenue | losing customers",
        customers_affected=("customers are affected | customers affected | all customers"
                            " | all our customers | customers calling | all agents | all our agents"
                            " | whole team | entire team | whole company"),
        data_loss="data loss | were deleted | lost data | data you lost"),
        urgency=2, sentiment=-1),
    # --- medium urgency: something is wrong ------------------------------------
    Rule("bug_report", _kw(
        bug="bug~ | buggy",
        error=("error~ | exception | typeerror | http 500 | http 502 | http 503 | error 500"
               " | 500 error | 500s | 500 internal | internal server error | bad gateway"),
        broken="broken | broke | breaks",
        not_working=("not working | doesnt work | does not work | isnt working | stopped working"
                     " | nothing happens | does nothing | went wrong | fails silently"),
        crash="crash~ | keeps crashing", failure="fail~ | failure~",
        timeout="timeout~ | timed out", stopped="stopped | stopped updating",
        missing=("missing | blank | disappeared | only the header row | empty file | cuts off"
                 " | cut off"),
        wrong_data="wrong totals | wrong data | double counts | duplicated | incorrect",
        delay="delayed | late | behind"),
        urgency=1),
    Rule("access_problem", _kw(
        locked_out="locked out | lock out",
        cannot_log_in=("cant log in | cannot log in | cant login | unable to log in"
                       " | cant access | cannot access | cant reach | unable to access"),
        password_reset="never arrives | no email yet | bounce~",
        account_disabled="account is disabled | disabled",
        lost_access="regain access | lost access | lost my phone"),
        urgency=1),
    Rule("performance", _kw(
        slow="slow | slower | slowed down | slowness | sluggish",
        long_load=("takes over a minute | takes minutes | takes 3 minutes | minutes to load"
                   " | takes about | ages to load")),
        urgency=1),
    Rule("billing_error", _kw(
        billing_error=("charged | still billed | were billed | bills us | wrong amount"
                       " | wrong invoice | invoice is wrong | has been wrong")),
        urgency=1),
    Rule("deadline", _kw(
        today=("needed today | need it today | needs it today | by today | by tonight"
               " | end of day | today for"),
        tomorrow="tomorrow | tomorrow morning",
        deadline="deadline | by friday | by monday | in an hour | before our"),
        urgency=1),
    Rule("repeated_contact", _kw(
        repeated_contact=(
            "second time | third time | fourth time | 3rd time | second reminder"
            " | again and again | still waiting | still no | still not | still nothing"
            " | still broken | still havent | still hasnt | no response | no reply | no answer"
            " | havent heard back | nobody replied | nobody responded | no one replied | ignored"
            " | last two emails | several emails | three emails | four emails | multiple emails"
            " | how many times | yet again | nothing has happened | i reported this")),
        urgency=1, sentiment=-2),
    Rule("recurring_problem", _kw(again="again | every single | three times"),
         urgency=1, sentiment=-1),
    Rule("follow_up", _kw(follow_up="following up | followed up | follow up | any update"),
         urgency=1),
    Rule("negative_emotion", _kw(
        frustrated="frustrate~ | frustration",
        disappointed="disappoint~ | very disappointed", annoyed="annoy~",
        angry="angry | furious | upset | outraged | outrageous",
        unacceptable="unacceptable | not acceptable",
        terrible="terrible | awful | horrible | worst | pathetic | useless | ridiculous",
        fed_up="fed up | sick of | sick and tired | waste of time | waste of money",
        scam="scam | rip off"),
        urgency=1, sentiment=-2),
    Rule("churn_risk", _kw(
        switching_provider=("switching providers | switch providers | switching vendors"
                            " | another vendor | another provider | a competitor"
                            " | moving to another"),
        cancel_threat=("considering cancelling | thinking of cancelling | will cancel"
                       " | going to cancel | not renewing")),
        urgency=1, sentiment=-2),
    # --- calm: lowers urgency one level ----------------------------------------
    Rule("calm", _kw(
        no_rush=("no rush | no hurry | whenever you have a moment | whenever you have time"
                 " | when you get a chance | whenever"),
        low_priority="low priority | not a priority | not a big deal | nothing urgent",
        minor="minor | small bug | tiny | cosmetic | glitch | typo",
        just_curious="just curious | just planning ahead | just want to understand"),
        urgency=-1),
    # --- positive --------------------------------------------------------------
    Rule("gratitude", _kw(
        thanks=("thanks for | thank you for | thanks so much | thank you so much | many thanks"
                " | thanks a lot | big thanks | wanted to say thanks | thank the"
                " | pass our thanks"),
        appreciate="appreciate~ | much appreciated | grateful"),
        sentiment=2),
    Rule("praise", _kw(
        great="great | great service | great support",
        excellent="excellent | fantastic | amazing | awesome | brilliant | superb | outstanding",
        love="love~", happy="happy | pleased | delighted | satisfied | happy customer",
        helpful="helpful | quick help", perfect="perfect | perfectly | works perfectly",
        good_job=("good job | good work | well done | kudos | keep up the good work"
                  " | looks good | best helpdesk | the best | good news | all good")),
        sentiment=2, on_negation="negated_praise"),
    Rule("politeness", _kw(
        thanks="thanks | thank you | thx | ty | cheers | danke | merci | gracias | vielen dank"),
        sentiment=1, report=False),
    Rule("courtesy", _kw(
        thanks_in_advance="thanks in advance | thank you in advance",
        happy_to="happy to | would be great | would love",
        would_appreciate="would appreciate | wed appreciate | appreciate a | appreciate it if"),
        report=False),
    # --- matched by code, not by patterns ------------------------------------
    Rule("negated_praise", (), urgency=1, sentiment=-2),  # praise under a negator
    Rule("shouting", (), sentiment=-2),  # 2+ all-caps words or "!!"; ignored in pure thanks
    Rule("question", (), role=ASK),  # a question mark
    # --- resolution and retraction ---------------------------------------------
    Rule("resolved", _kw(
        resolved=("resolved | seems resolved | is resolved | been resolved | problem solved"
                  " | working again | works again | works now | back to normal | back up"
                  " | fixed now | is fixed | been fixed | all good now | found a workaround")),
        role=RESOLVE, cancels=PROBLEMS),
    Rule("no_action_needed", _kw(
        no_action=("no action needed | no action required | nothing else needed"
                   " | no need to reply | just letting you know | fyi | you can close"
                   " | please close | can be closed | close this ticket | no longer need"),
        retracted="never mind | nevermind | false alarm | sorry for the noise"),
        urgency=-1, role=QUIET, report=False, cancels=PROBLEMS),
    # --- requests and questions --------------------------------------------------
    Rule("request", _kw(
        request=("please | pls | could you | can you | would you | can we | could we | can i"
                 " | how do | how can | how does | is there | is it possible | i need | we need"
                 " | let me know | tell me | help | send | request | requesting | suggestion"
                 " | any plans | advise")),
        role=ASK, report=False),
)
# fmt: on

# Words that negate a cue that follows them within a short window.
# "haven't", "didn't" and "never" are deliberately absent: "you haven't
# refunded me" and "I never received it" are complaints, not negations.
NEGATORS = frozenset({
    "not", "no", "nobody", "nothing", "none", "neither", "nor", "without",
    "dont", "doesnt", "isnt", "arent", "wasnt", "werent", "wont", "aint",
})  # fmt: skip

# Words allowed between a negator and the cue it negates ("no longer need a
# refund", "nobody is going to sue", "isn't urgent"). Any other word, or any
# punctuation, ends the negation's reach.
FILLERS = frozenset({
    "a", "an", "the", "any", "really", "very", "so", "too", "that", "this", "it", "its",
    "is", "be", "been", "being", "am", "are", "was", "were", "at", "all", "longer",
    "need", "needed", "want", "wanted", "require", "asking", "for", "going", "to",
    "looking", "expecting", "quite", "just", "exactly", "yet", "even", "actually",
    "particularly", "super", "i", "we", "you", "my", "our", "me", "us", "feel", "feeling",
    "seem", "seems", "more", "anymore", "of",
})  # fmt: skip
NEGATION_WINDOW = 4  # at most this many fillers between negator and cue

# A negator right after these is a condition, not a negation: "if you don't
# refund me" is still a refund demand.
CONDITIONALS = frozenset({"if", "unless"})

# Upper-case words that are names, not shouting.
ACRONYMS = frozenset({
    "API", "SSO", "SAML", "SCIM", "GDPR", "DSGVO", "RGPD", "DSAR", "CSV", "PDF", "HTTP",
    "HTTPS", "URL", "SSL", "TLS", "VAT", "SLA", "FAQ", "USA", "EUR", "USD", "GBP", "INV",
    "UTC", "CET", "EST", "PST", "ISO", "SOC", "CISO", "CTO", "CEO", "CFO", "DPA", "XSS",
    "SQL", "JSON", "XML", "HTML", "CRM", "ERP", "FTP", "SFTP", "SMTP", "DNS", "IOS", "MFA",
    "OTP", "CSS", "SDK", "CLI", "AWS", "GCP", "WARN", "INFO", "DEBUG", "ERROR", "IBAN",
    "BIC", "PIN", "FYI", "ASAP", "EXT", "SAP",
})  # fmt: skip
