"""Resolution, retraction, information only, offers, requests and
questions: the rules that tell whether a ticket asks support to do
something (``classifier_verdict.requires_action_for``). They close the
tone table (``classifier_tone.TONE_RULES``), in this order.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import ASK, FYI, QUIET, RESOLVE, Rule, combine, kw

__all__ = ["PROBLEMS", "REQUEST_RULES"]

# Problems that are over once the customer says so ("working again").
PROBLEMS = (
    "outage", "business_impact", "bug_report", "access_problem", "performance",
    "billing_error", "stopped_for_everyone", "team_stopped",
)  # fmt: skip

# fmt: off
REQUEST_RULES: tuple[Rule, ...] = (
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
                  " | working fine now"
                  # The symptom told as gone: "the crash is gone", "the error went away".
                  " | " + combine("the crash | the error | the bug | the problem | the issue"
                                  " | the glitch | the warning | the error message | crash | error"
                                  " | bug | glitch | warning | it",
                                  "is gone | has gone | went away | has disappeared | disappeared"
                                  " | is no longer there | no longer appears | no longer shows"
                                  " | has stopped appearing | stopped appearing | stopped happening"
                                  " | has stopped happening | is gone now | seems to be gone")
                  # Back in: "the reset link worked and I'm back in".
                  + " | im back in | i am back in | back in now | were back in | we are back in"
                  " | got back in | can log in now | can login now | able to log in now"
                  " | been working perfectly | have been working perfectly"
                  " | has been working perfectly")),
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
        " | that is helpful | thats very helpful | that was helpful | thats really helpful"
        # Content to wait: "ok no problem, we'll just wait for the next release".
        " | ok no problem | okay no problem | no problem then | no worries | well wait"
        " | well just wait | we will wait | ill wait for | i will wait for | we can wait"
        " | happy to wait | fine to wait | ill just wait | we will just wait")),
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
                 "cross_customer_data", "data_exposed", "legal_threat", "double_charge",
                 "security_breach", "security_report", "lost_device")),
    Rule("for_information", kw(
        fyi=("fyi | just letting you know | just so you know | for your information | heads up"
             " | just flagging | just a heads up | thought you should know | for your records"
             " | just to let you know | please note | please be advised | be advised"
             " | kindly note | kindly be advised | kindly be informed | please be informed"
             " | for your awareness | for awareness | for your files | for your reference"
             " | for reference | for the record | for info | to inform you | writing to inform"
             " | writing to let you know | this is to inform | this is to let you know"
             " | this is to confirm | just to confirm | i can confirm | we can confirm"
             " | confirming that | just confirming | confirming we | confirming i | confirming our"
             " | wanted to let you know | just so youre aware"
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
                         # Wishes in any English: "will be very useful if ...".
                         " | will be very useful | would be very useful | would be useful"
                         " | will be useful | it would be good if | it will be good if"
                         " | would be cool"
                         " | wed love | id love | wed really love | id really love"
                         # A wish however it is put: "it'd be nice if", "would be
                         # amazing if", "I would find it very helpful if", "one idea:".
                         " | " + combine("would be | itd be | it would be",
                                         "amazing if | awesome if | fantastic if | brilliant if"
                                         " | lovely if | wonderful if | perfect if | ideal if"
                                         " | handy if | very nice | really nice | so nice")
                         + " | " + combine("itd be", "nice | great | amazing | awesome | cool"
                                                     " | handy | useful | helpful | lovely | good"
                                                     " | brilliant | fantastic")
                         + " | find it helpful if | find it very helpful if | find it useful if"
                         " | find it really helpful if | one idea | just an idea | an idea for"
                         " | a small idea | a quick idea | a little idea | small suggestion"
                         " | one suggestion | maybe make | maybe add | maybe you could add"
                         " | would have been a 10 if | would have been perfect if"
                         " | would have been 5 stars if")),
        role=ASK, report=False),
)
# fmt: on
