"""Everyday problems, account and billing requests, emotion, calm cues,
requests and resolution (thanks, praise and politeness are in
``classifier_praise``, auto-replies and sales pitches in
``classifier_noise``).

None of these rules is strong: they set medium or low urgency, sentiment
and requires_action. Urgency language ("URGENT", "ASAP") is recorded but
moves nothing: urgency follows the situation a ticket describes, not its
volume.
"""

from __future__ import annotations

from ticketd.domain.classifier_praise import PRAISE_RULES
from ticketd.domain.classifier_rules import (
    ASK,
    FYI,
    QUIET,
    RESOLVE,
    Rule,
    combine,
    kw,
)

__all__ = ["PROBLEMS", "TONE_RULES"]

# Problems that are over once the customer says so ("working again").
PROBLEMS = (
    "outage", "business_impact", "bug_report", "access_problem", "performance",
    "billing_error", "stopped_for_everyone",
)  # fmt: skip

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
                 " | logged me out | kicks me out | kicked me out | turns itself off"
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
        locked_out="locked out | lock out",
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
        urgency=1),
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
                   " | been on your roadmap | been on the roadmap | planned board since")),
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
        " | works fine on my | works on my | fine on my")),
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
    # --- resolution, retraction, information only ----------------------------------
    Rule("resolved", kw(
        resolved=("resolved | seems resolved | is resolved | been resolved | problem solved"
                  " | working again | works again | works now | back to normal | back up"
                  " | fixed now | is fixed | been fixed | all good now | found a workaround"
                  " | loading again | syncing again | running again | sending again | back online"
                  " | up and running again"
                  " | all sorted | is sorted | sorted now | for fixing | for sorting | for solving"
                  " | for resolving | you fixed | you sorted | you solved | got fixed"
                  # Settled by the customer: "figured it out", "found it in
                  # my spam folder", "it went through in the end".
                  " | figured it out | figured it | worked it out | found it . | found it ,"
                  " | found it ! | found it in | found them in | found the setting"
                  " | found the option | found the button | found the answer | found the solution"
                  " | found what i needed | managed to fix | managed to sort | managed to solve"
                  " | managed to get it working | managed to find | fixed it myself"
                  " | sorted it myself | solved it myself | sorted it out myself | got it working"
                  " | got it to work | sorted itself | resolved itself | fixed itself"
                  " | solved itself | cleared itself | went through in the end"
                  " | came through in the end | came through after all | went through after all"
                  " | arrived after all | turned up after all | in the end it worked"
                  " | no longer an issue | no longer a problem | not an issue anymore"
                  " | not a problem anymore | is fine now | are fine now | all fine now"
                  " | all working now | its working now | it works fine now"
                  " | problem has gone | issue has gone | problem went away | issue went away"
                  " | problem is gone | issue is gone | thanks anyway | thank you anyway"
                  " | and it went through | it went through fine | went through fine"
                  " | fixed everything | fixed it all | fixed the problem | fixed the issue"
                  " | the fix is working | the fix works | the fix worked | fix is working"
                  " | went through ok | went through okay | and it worked"
                  " | thanks all the same | thank you all the same | all fine now"
                  " | everything is fine now | everything fine now | everything works fine"
                  " | everything works now | everything is working | works fine now"
                  " | working fine now")),
        role=RESOLVE, cancels=PROBLEMS, report=False),
    # An acknowledgement that closes an exchange: "got it", "noted", "will
    # do", "that answers my question". Nothing left to do unless the
    # ticket also asks.
    Rule("acknowledged", kw(acknowledged=(
        "got it . | got it , | got it ! | got it thanks | got it thank you | noted . | noted ,"
        " | noted ! | noted with thanks | duly noted | well noted | well received"
        " | received with thanks | understood . | understood , | understood ! | ok understood"
        " | okay understood | fully understood | makes sense | that makes sense | sounds good"
        " | sounds great | will do | ill do that | i will do that | will try that | ill try that"
        " | ill give it a try | ill give that a try | ill give it a go | ill give that a go"
        " | will give it a try | ill try it | that answers my question | answers my question"
        " | that answers it | that helps | that helped | that did the trick | did the trick"
        " | that worked | it worked | that fixed it | that solved it | that sorted it"
        " | all clear now | all clear | clear now | crystal clear"
        " | ok thanks | okay thanks | ok thank you | okay thank you | thanks for letting me know"
        " | thank you for letting me know | thanks for the update | thank you for the update"
        " | thanks for the info | thank you for the info | thanks for the information"
        " | thank you for the information | thanks for the explanation"
        " | thank you for the explanation | thanks for explaining | thank you for explaining"
        " | thanks for passing | thank you for passing | thanks for forwarding"
        " | thank you for forwarding | for passing it on | for passing that on"
        " | thanks for keeping me posted | thank you for keeping me posted"
        " | thanks for keeping us posted | thank you for keeping us posted"
        " | thanks for the heads up | thank you for the heads up | thats helpful"
        " | that is helpful | thats very helpful | that was helpful | thats really helpful")),
        role=RESOLVE, report=False),
    Rule("no_action_needed", kw(
        no_action=("no action needed | no action required | nothing else needed"
                   " | no need to reply | you can close | please close | this can be closed"
                   " | ticket can be closed | it can be closed | case can be closed"
                   " | request can be closed"
                   " | close this ticket | no longer need | no need to respond"
                   " | no reply needed | not asking for anything | no action is required"
                   " | no action is needed | no further action | nothing is required"
                   " | nothing needed from | nothing required from | nothing is needed"
                   " | no need to do anything | no need to look | no need to investigate"
                   " | no need to check | no reply necessary | no response needed"
                   " | no response necessary | no need for a reply | close the ticket"
                   " | close the case | close this case | close this request"
                   " | mark it as resolved | mark this as resolved | mark it resolved"
                   " | mark this resolved")),
        urgency=-1, role=QUIET, report=False, cancels=PROBLEMS),
    Rule("retraction", kw(
        retracted=("never mind | nevermind | false alarm | sorry for the noise | my mistake"
                   " | my bad | ignore my previous | please ignore | please disregard"
                   " | disregard my | disregard the previous | disregard that"
                   " | disregard the last | disregard the earlier | ignore my last"
                   " | ignore my earlier"
                   " | ignore the previous | ignore the last | ignore that last"
                   " | ignore this ticket | scratch that | wrong inbox"
                   " | sent this by mistake | sent this in error | sent this to the wrong"
                   " | sent this message to the wrong | sent this email to the wrong"
                   # A joke owned up to: "I'm reporting you to the authorities
                   # ... jk".
                   " | jk | just kidding | only joking | just joking | im kidding | im joking")),
        urgency=-1, role=QUIET, report=False,
        cancels=(*PROBLEMS, "account_takeover", "unauthorised_charge", "data_destroyed",
                 "cross_customer_data", "data_exposed", "legal_threat")),
    Rule("for_information", kw(
        fyi=("fyi | just letting you know | just so you know | for your information | heads up"
             " | just flagging | just a heads up | thought you should know | for your records"
             " | just to let you know | please note | please be advised | be advised"
             " | kindly note | kindly be advised | kindly be informed | please be informed"
             " | for your awareness | for awareness | for your files | for your reference"
             " | for reference | for the record | for info | to inform you | writing to inform"
             " | writing to let you know | this is to inform | this is to let you know"
             " | this is to confirm | just to confirm | i can confirm | we can confirm"
             " | confirming that | wanted to let you know | just so youre aware"
             " | so youre aware | so you are aware | so you know | quick update | just an update"
             " | a quick update | small update | an update | update : | quick note | just a note"
             " | a quick note | a short note | please find attached | please see attached"
             " | attached is | attached you will find | attached please find | enclosed is"
             " | enclosed please find"
             # Announcements of what will happen: "our office will be closed",
             # "the site will be unavailable on Sunday" (a plan, not an outage).
             " | will be closed | will be unavailable | will be offline | will be down"
             " | will undergo | will be out of | will operate | will be operating"
             " | " + combine("offline | unavailable | down | closed | away",
                             "next week | tomorrow | this weekend | next month | for a few days"
                             " | over the weekend | over christmas | over the holidays")
             + " | we have received your payment | and will arrive in | will arrive within"
             " | thank you for your payment | thank you for your order | order confirmation"
             " | payment confirmation | is now available | now available in | is ready to view"
             " | has been renewed | was renewed | successfully renewed | renews automatically"
             " | will renew automatically | we confirm | i confirm | confirm receipt"
             " | acknowledge receipt | we acknowledge")),
        role=FYI, report=False),
    # Offers of more, not requests: "let me know if you need anything
    # else", "feel free to reach out", "happy to help".
    Rule("offer", kw(offer=(
        "let me know if you need | let me know if you have any | let me know if theres"
        " | let me know if there is | let me know if anything | let us know if you need"
        " | let us know if you have any | let me know if you ever | feel free to"
        " | dont hesitate | do not hesitate | if you need anything | if you need more"
        " | if you have any questions | if you need any | happy to provide | happy to share"
        " | happy to send | happy to help | glad to help")),
        report=False),
    # --- requests and questions ----------------------------------------------------------
    Rule("request", kw(
        request=("please | pls | plz | could you | can you | would you | can we | could we"
                 " | can u | is it possible | i need | we need | let me know | tell me | help me"
                 " | can i get | can i have | could i get | could i have | may i have | can we get"
                 " | can we have | could we get | could we have | cancel my | cancel our"
                 " | cancel everything | close my | close our"
                 " | help us"
                 " | need help | please help | any help | send | request | requesting"
                 " | advise | i would like | id like | wed like | we would like | i want"
                 " | we want | confirm | why | just need | only need | i just need"
                 " | we just need"
                 # A wish put politely is still a request: "we'd appreciate it
                 # if you could check".
                 " | would appreciate | wed appreciate | appreciate a | appreciate it if"
                 # What is still not possible after an answer or a fix: "thanks,
                 # but I still can't see the March report".
                 " | still cant | still cannot | still unable to | still not able to"
                 # A need stated without "I": "... and need the account moved".
                 " | need the | need my | need our | need it | need them | need this | need to be"
                 " | needs to be | needs changing | need changing")),
        role=ASK, report=False),
    Rule("how_to", kw(
        how_to=("how do | how can | how does | how to | is there a way | can i"
                " | where do i | where can i | where is | what does | do i have to | how i can"
                " | how we can | how i do | how i make"),
        feature_request=("feature request | feature idea | suggestion | any plans | would be nice"
                         " | would be great if | would love | roadmap | it would help"
                         " | wed love | id love | wed really love | id really love")),
        role=ASK, report=False),
)
# fmt: on
