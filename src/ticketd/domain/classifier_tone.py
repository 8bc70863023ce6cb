"""Everyday problems, account and billing requests, emotion and calm cues
(thanks, praise and politeness are in ``classifier_praise``; resolution,
retraction, information only, offers, requests and questions in
``classifier_requests``; auto-replies and sales pitches in
``classifier_noise``).

None of these rules is strong: they set medium or low urgency, sentiment
and requires_action. Urgency language ("URGENT", "ASAP") is recorded but
moves nothing: urgency follows the situation a ticket describes, not its
volume.
"""

from __future__ import annotations

from ticketd.domain.classifier_praise import PRAISE_RULES
from ticketd.domain.classifier_requests import PROBLEMS, REQUEST_RULES
from ticketd.domain.classifier_rules import ASK, Rule, combine, kw

__all__ = ["PROBLEMS", "TONE_RULES"]

# "It doesn't sync", "stopped sending", "won't load": a function that does
# not do its job. A product of auxiliaries and function verbs.
_NOT_DOING = (
    "doesnt | dont | isnt | arent | wont | cant | cannot | not | no longer | stopped | unable to"
    " | fails to | failed to | failing to | didnt | never | refuses to | keeps failing to"
)
_FUNCTIONS = (
    "load~ | sync~ | send~ | save~ | open~ | update~ | import~ | show~ | display~ | appear~"
    " | arrive~ | connect~ | upload~ | download~ | render~ | deliver~ | run~ | respond~"
    " | refresh~ | trigger~ | fire~ | process~ | print~ | start~ | launch~ | submit~ | match~"
    " | validate~ | calculate~ | redirect~ | install~ | authenticate~ | post~ | complete~"
    " | generate~ | populate~ | reflect~ | go through | come through | let me | let us | allow~"
    " | accept~ | stick | persist | clear | change | apply | record~ | notify | notifying"
    " | return~ | read | click | select | edit | scroll | play | hear | stay | add~"
)

# fmt: off
TONE_RULES: tuple[Rule, ...] = (
    Rule("data_loss", kw(data_loss="data loss | lost data | data you lost | lost all our data"),
         sentiment=-2, strong=True, family="impact"),
    # --- recorded, moves nothing: urgency follows the situation -----------------
    Rule("urgent_language", kw(
        urgent="urgent | urgently | urgency", asap="asap | as soon as possible",
        emergency="emergency", critical="critical",
        immediately="immediately | right away | right now | now please",
        time_sensitive="time sensitive | top priority | high priority"),
        on_negation="calm", report=False),
    # --- medium urgency: something is wrong --------------------------------------
    Rule("escalation", kw(escalate="escalate~ | escalation | speak to a manager | to a manager"),
         urgency=1, sentiment=-1, proper=True),
    Rule("business_impact", kw(
        blocked="blocked | blocking | is blocking | stopping our whole | from working",
        cannot_work="cant work | cannot work | cant log any",
        losing_revenue="losing money | losing sales | losing revenue | losing customers",
        customers_affected=("customers are affected | customers affected | customers calling"
                            " | flying blind")),
        urgency=1, sentiment=-1),
    Rule("bug_report", kw(
        bug="bug~ | buggy | regression",
        error=("error~ | exception | typeerror | http 500 | http 502 | http 503 | error 500"
               " | 500 error | 500s | 500 internal | internal server error | bad gateway"
               " | 403 | 404 | 429 | too many requests | forbidden | permission denied"
               " | access denied | not authorised to | not permitted | dont have access"
               " | do not have access | no access to"
               " | do not have permission | dont have permission | no permission"
               " | not allowed to | invalid | rejected | rejects | declined | mismatch~"
               " | out of sync"
               " | inconsistent | discrepanc~ | prohibited | greyed out | grayed out"),
        broken="broken | broke | breaks",
        not_working=("not working | doesnt work | does not work | isnt working | stopped working"
                     " | nothing happens | does nothing | went wrong | fails silently"
                     " | doesnt do anything | does not do anything | wont do anything"
                     " | will not do anything"
                     " | dont work | wont work | no longer works | not getting | no longer getting"
                     " | stopped getting | not receiving | no longer receiving | stopped receiving"
                     " | havent been getting | havent been receiving | arent getting"
                     " | arent receiving | "
                     + combine("dont get | doesnt get | dont receive | doesnt receive"
                               " | no longer get | never get | cant get",
                               "notifications | notification | emails | email | messages"
                               " | alerts | texts | sms | reminders | codes | the code"
                               " | any notifications | any emails | any messages | any alerts")
                     + " | "
                     + combine("not being | arent being | isnt being | no longer being"
                               " | werent being | wasnt being",
                               "sent | delivered | saved | synced | processed | applied"
                               " | triggered | created | generated | updated | recorded"
                               " | imported | exported | shown | displayed | received | charged"
                               " | posted | published | printed | uploaded | downloaded")
                     + " | "
                     + combine(_NOT_DOING, _FUNCTIONS)),
        crash=("crash~ | keeps crashing | freez~ | frozen | hangs | unresponsive | "
               + combine("keeps | keep | kept | keeps on | constantly",
                         "dropping | disconnecting | freezing | failing | timing out | restarting"
                         " | reloading | resetting | closing | cutting out | buffering | glitching"
                         " | dropping out | losing connection | dropping the call")),
        failure="fail~ | failure~",
        timeout="timeout~ | timed out", stopped="stopped | stuck",
        missing=("missing | blank | disappeared | disappear | disappears | disappearing"
                 " | vanishes | vanished | keep vanishing | only the header row | empty file"
                 " | cuts off"
                 " | cut off | cuts out | wrong | duplicate~ | twice | still shows | still there"
                 " | still the same"
                 " | still showing | still appears | keeps coming back | reverts | off again"
                 " | flips back | flipped back | switches back | switched back | resets to"
                 " | reset to | resets itself to | goes back to"
                 " | spam folder | spam folders | going to spam | landing in spam | marked as spam"
                 " | end up in spam | ends up in spam | in junk | logs me out | logging me out"
                 " | logged me out | kicks me out | kicked me out | kicking me out | kicks us out"
                 " | kicked us out | kicking us out | turns itself off"
                 " | logged out for | keep getting logged out | keeps logging out"
                 " | get logged out | getting logged out"
                 " | switches itself off | resets itself"),
        wrong_data="wrong totals | wrong data | double counts | incorrect",
        delay=("delayed | arrive late | arrives late | arriving late | arrived late"
               " | minutes to arrive | hours to arrive | ages to arrive | forever to arrive"
               " | long to arrive | minutes to come | hours to come | minutes to come through"
               " | running late | hours late | days late | minutes late | comes late | late by"
               " | hours behind | minutes behind | days behind | "
               + combine("an | one | two | 1 | 2 | few | several",
                         "hour off | hours off | hour out | hours out | hour later | hours later"
                         " | hour early | hours early | hour ahead | hours ahead | hour behind")
               + " | says delivered | shows delivered | marked as delivered | marked delivered"
               " | shows as delivered | hasnt turned up | never turned up | didnt turn up"
               " | not turned up")),
        urgency=1),
    Rule("access_problem", kw(
        locked_out=("locked out | lock out | account is blocked | account was blocked"
                    " | account has been blocked | account blocked | is blocked after"),
        cannot_log_in=("cant log in | cannot log in | cant login | unable to log in"
                       " | cant access | cannot access | cant reach | unable to access"
                       " | cant get in | cannot get in"),
        password_reset="no email yet | bounce~",
        account_disabled="account is disabled | disabled",
        lost_access="regain access | lost access | lost my phone"),
        urgency=1),
    Rule("performance", kw(
        slow="slow | slower | slowed down | slowness | sluggish | laggy | lag~",
        long_load=("takes over a minute | takes minutes | takes 3 minutes | minutes to load"
                   " | takes about | ages to load | takes forever")),
        urgency=1),
    Rule("billing_error", kw(
        billing_error=("charged | still billed | were billed | bills us | wrong amount"
                       " | wrong invoice | invoice is wrong | has been wrong")),
        urgency=1, sentiment=-1),
    Rule("account_request", kw(
        # A merchant refunding its own customers, not a demand.
        refund_policy=("refund a customer | refund customers | refund my customers"
                       " | refund our customers | refund a client | refund clients"
                       " | refund a buyer | refund an order | issue a refund | process a refund"
                       " | processing refunds | refund policy | refund terms | pro-rata refund"
                       " | refunds issued | refund issued | issued refunds | refunds we issue"
                       " | refunds we process | refunds processed | refunds we make"
                       " | offer refunds"
                       " | give refunds | do refunds | issue refunds | refunds on | refundable"
                       " | would i get a refund | would we get a refund | do i get a refund"
                       " | do we get a refund | will i get a refund | will we get a refund"
                       " | would i be refunded | would we be refunded | refund question"
                       " | refund questions | question about refunds | question about a refund"),
        billing=("invoice~ | receipt~ | billing | bill | billed | payment method | credit card"
                 " | card details | vat | tax id | tax number | po number | purchase order"
                 " | pricing | price | prices | quote | renewal | subscription~"
                 " | our plan | my plan | the plan | plan change | change plan | seat~ | charge"
                 " | charges | statement | fee | fees | extra charge | direct debit | balance"
                 " | outstanding balance | outstanding invoice~ | outstanding amount"
                 " | outstanding payment~ | outstanding credit | outstanding fee~"
                 " | upgrade us | upgrade our | upgrade my | upgrade to | downgrade~ | cancel~"
                 " | cancellation | licence~ | license~ | credit note"),
        account=("account owner | ownership | change my email | change the email | mobile number"
                 " | phone number | billing address | company name | username | user name"
                 " | close my account | close our account | delete my account | transfer limit"
                 " | reset my 2fa | reset 2fa | two factor | 2fa | email address"
                 " | add a user | remove a user | add users | remove users | admin rights"
                 " | from our account | from my account | to our account | to my account"
                 " | merge them | merge two | merge our | merge my | two accounts | two workspaces"
                 " | in my name | into my name | in his name | in her name | name on the account"
                 " | account holder | change the name | update my details | update our details")),
        report=False, proper=True),
    Rule("deadline", kw(
        today=("needed today | need it today | needs it today | by today | by tonight"
               " | end of day | today for"),
        tomorrow="tomorrow | tomorrow morning",
        deadline="deadline | by friday | by monday | in an hour | before our"),
        report=False),
    Rule("repeated_contact", kw(
        repeated_contact=(
            "second time | third time | fourth time | 3rd time | second reminder | fifth time"
            " | sixth time | tenth time | umpteenth time | 4th time | 5th time | nth time"
            " | asked twice | asked three times | asked you twice | asked several times"
            " | asked multiple times | told you twice | asked before | already asked"
            " | again and again | still waiting | still no | still not | still nothing"
            " | still broken | still havent | still hasnt | no response | no reply | no answer"
            " | havent heard back | nobody replied | nobody responded | no one replied | ignored"
            " | last two emails | several emails | three emails | four emails | multiple emails"
            " | how many times | yet again | nothing has happened | i reported this"
            " | still failing | still fails | still happening | still having the same"
            " | still having this | still have the same problem | still have this problem"
            " | didnt fix | did not fix | didnt help | did not help | doesnt fix | hasnt fixed"
            " | havent fixed | not fixed yet"
            # Time waited, said as a fact: "It's been a week", "it's been
            # like this for weeks and nobody seems to be fixing it".
            " | its been a week | its been two weeks | its been weeks | its been days"
            " | its been over a week | its been a month | its been months"
            " | been like this for | nobody seems to | no one seems to | nobody has fixed"
            " | no one has fixed")),
        urgency=1, sentiment=-2),
    Rule("recurring_problem", kw(again=(
        "again | every single | three times | four times | five times | several times"
        " | multiple times | many times | numerous times | countless times | so many times")),
        sentiment=-1,
         report=False),
    Rule("follow_up", kw(follow_up="following up | followed up | follow up | any update"),
         report=False),
    Rule("negative_emotion", kw(
        frustrated="frustrate~ | frustration",
        disappointed="disappoint~ | very disappointed", annoyed="annoy~",
        angry="angry | furious | upset | outraged | outrageous | disgrace~ | appalling",
        unacceptable="unacceptable | not acceptable | not ok | not okay | isnt ok | isnt okay",
        terrible="terrible | awful | horrible | worst | pathetic | useless | ridiculous",
        fed_up="fed up | sick of | sick and tired | waste of time | waste of money",
        scam="scam | rip off"),
        urgency=1, sentiment=-2),
    Rule("complaint_tone", kw(
        complaint=("confusing | clunky | painful | painfully | killing me | driving me"
                   " | up the wall | nightmare | i hate | hate it | a mess | not a fan | oh no"
                   " | fed up with | hard to use | so frustrating | rubbish"
                   " | step backwards | step backward | not impressed | unimpressed | ugh"
                   " | disgusted | disgusting | unfair | dismissive | expected better | let down"
                   " | letting us down | appalled | shocking | poor service | poor support"
                   " | not good enough | unprofessional | a joke | made my week | why on earth"
                   " | how on earth | would it kill | too much to ask | 21st century"
                   " | this century | every other app | every other site | every other tool"
                   # Worse than before: "more difficult to find", "before was
                   # more easy", "less intuitive".
                   " | more difficult | more complicated | more confusing | harder to"
                   " | less intuitive | less clear | was easier | was more easy | used to be easier"
                   " | used to be better | was better before | before was better | much harder"
                   # Refusing how one's data is used: "I don't accept this",
                   # "I never agreed to you having it", "full stop".
                   " | i dont accept | i do not accept | we dont accept | we do not accept"
                   " | never agreed | never consented | full stop | stop it | sloppy"
                   " | careless"
                   # How one was treated: "the agent was rude and hung up on me".
                   " | was rude | were rude | so rude | very rude | really rude | rude to me"
                   " | rude to us | impolite | hung up on | hang up on | hangs up on"
                   " | unhelpful | condescending | patronising | patronizing | arrogant"
                   " | unplayable"
                   # Waiting told as a joke: "at some point this decade", "in the
                   # distant future", "on your roadmap since 2021".
                   " | this decade | distant future | before i retire | in my lifetime"
                   " | revolutionary idea | groundbreaking idea | only been on your"
                   " | been on your roadmap | been on the roadmap | planned board since"
                   # Asked to do the job this time, and a product from another
                   # age: "please actually look at it", "copying it by hand
                   # like it's 1998", "I'd sell my soul for a button".
                   " | please actually | " + combine("can | could | will | would | is | does",
                                                     "someone actually | anyone actually")
                   + " | " + combine("like its | like it is | like we are in | like were in"
                                   " | as if its | as if it is",
                                   " | ".join(str(year) for year in range(1985, 2011))
                                   + " | the stone age | the dark ages | the 90s | the nineties")
                   + " | sell my soul | sold my soul | im begging | i am begging | begging you")),
        sentiment=-2, report=False),
    Rule("churn_risk", kw(
        switching_provider=("switching providers | switch providers | switching vendors"
                            " | another vendor | another provider | a competitor"
                            " | moving to another | considering other options | other options"
                            " | looking at alternatives | look elsewhere"
                            " | take our business elsewhere"),
        cancel_threat=("considering cancelling | thinking of cancelling | will cancel"
                       " | going to cancel | not renewing")),
        urgency=1, sentiment=-2),
    # A question about what one would get back is a policy question.
    Rule("refund_question", kw(refund_question=combine(
        "would | will | do | does | could | can",
        combine("i get | we get | i receive | we receive",
                "anything back | something back | money back | any money back | that back"
                " | it back | a partial refund | a prorated refund | credit back"))),
        report=False, role=ASK, cancels=("refund_demand",)),
    # --- scope: one person or one thing, so not "broken for everyone" ---------------
    Rule("single_scope", kw(single_scope=(
        "everyone else | everybody else | all the others | all other users | only me"
        " | only for me | just me | just for me | only affects me | only one user | for one user"
        " | one of our users | for one of our | only on my | only happens on my | only my account"
        " | for one employee | one person | one user | except one | only one of | only for one"
        " | the rest of the team | rest of us | my colleague | other listings | other accounts"
        " | works fine on my | works on my | fine on my | one of my users | one of my staff"
        " | one of my team | the others are fine | others are fine | the rest are fine"
        " | the others can | the others work | everyone else can | all the others can"
        # The rest work: "the other pipelines still post fine", "all the other 31
        # stores are on it", "in the web browser it works", "only our team's".
        " | " + combine("all the other | all our other | every other | the other | all other"
                        " | other",
                        combine("rows | stores | customers | pipelines | episodes | events | users"
                                " | sites | branches | teams | clients | pharmacies | accounts"
                                " | devices | products | locations | shops",
                                "are fine | work fine | work | are working | still work"
                                " | went through | go through | are ok | are on it | post fine"
                                " | still post | play fine | arrive fine | receive fine"
                                " | look right | are normal | plays fine | receive ours fine"))
        + " | the rest went through | the others went through | others went through"
        " | only our team | only our teams | iphone is fine | android is fine | desktop is fine"
        " | laptop is fine | my other phone is fine | on my android phone | on my iphone"
        " | moving normally | working normally")),
        report=False, cancels=("stopped_for_everyone",)),
    # --- calm: lowers urgency one level, never a strong signal ---------------------
    Rule("calm", kw(
        no_rush=("no rush | no hurry | whenever you have a moment | whenever you have time"
                 " | when you get a chance | whenever"),
        low_priority="low priority | not a priority | not a big deal | nothing urgent",
        just_curious="just curious | just planning ahead | just want to understand"),
        urgency=-1, report=False),
    # A small defect reported: calm, and still something to fix ("just FYI,
    # a typo on your pricing page"), so an FYI around it does not make it
    # information only.
    Rule("minor_problem", kw(minor="minor | small bug | tiny | cosmetic | glitch | typo"),
         urgency=-1, report=False),
    # --- positive (classifier_praise) ---------------------------------------------
    *PRAISE_RULES,
    # --- matched by code or by situations, not by patterns -------------------------
    Rule("negated_praise", (), urgency=1, sentiment=-2),  # praise under a negator
    Rule("sarcasm", (), urgency=1, sentiment=-4, cancels=("gratitude", "praise", "politeness")),
    Rule("shouting", (), sentiment=-1),  # 2+ all-caps words or "!!"; ignored in pure thanks
    Rule("question", (), role=ASK),  # a question mark
    # "how do I", "where can we": a how-to question about the customer's
    # own use, which no newsletter or pitch asks (classifier_text).
    Rule("own_how_to", (), role=ASK),
    *REQUEST_RULES,
)
# fmt: on
