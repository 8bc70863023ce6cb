"""The replies that end a strong topic: a fix thanked, a refund received,
the customer owning up to the activity, a reply that says the thing came,
a refund status question. They follow the look-alikes
(``classifier_lookalikes``) at the end of the strong topics' table.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import ASK, QUIET, RESOLVE, Rule, combine, kw
from ticketd.domain.classifier_tone import PROBLEMS

__all__ = ["REPLY_RULES"]

# fmt: off
REPLY_RULES: tuple[Rule, ...] = (
    # Thanks for putting a problem right: the problem is over ("thank you
    # for sorting out the double charge", "thanks for fixing it so fast").
    Rule("fix_thanked", kw(fix_thanked=combine(
        "you | you guys | your team | support",
        combine("sorted | sorted out | fixed | resolved | reversed | refunded | corrected"
                " | cleared up | reimbursed",
                "the | my | our | it | this | that | everything"))
        + " | " + combine(
        "thanks for | thank you for | cheers for | thanks so much for | thank you so much for"
        " | thanks again for | grateful for",
        combine("sorting out | sorting | fixing | resolving | reversing | correcting | refunding"
                " | restoring | recovering | cancelling | removing | handling | dealing with"
                " | getting",
                "the | my | our | it | this | that | everything | things | them"))
        # Thanks for someone's help putting it right: "to thank Aisha for her
        # help getting my account back".
        + " | " + combine(
            "for her help | for his help | for their help | for your help | for the help"
            " | for helping me | for helping us",
            "getting | get | recovering | recover | restoring | restore | sorting | sort | fixing"
            " | fix | reversing | reverse | securing | secure")),
        sentiment=2, report=False,
        # Thanks for putting an incident right ends it too: "thanks for
        # resolving the unauthorised login issue so quickly".
        cancels=(*PROBLEMS, "refund_demand", "double_charge", "unauthorised_charge",
                 "disputed_charge", "data_destroyed", "malfunction", "outage",
                 "security_breach", "security_report", "account_takeover", "data_exposed",
                 "stopped_for_everyone")),
    # The customer owns up to the activity they reported: "yes that was
    # me", "turns out it was my son", "it was our new VPN". It ends the
    # security and money incidents it answers (a "but" and a new incident
    # after it are not answered: ``classifier.py``).
    Rule("own_activity", kw(own_activity=(
        combine("that was | it was | this was | those were | these were | that login was"
                " | the login was | the sign in was | the charge was | the payment was"
                " | the sign ins were | the logins were | the log ins were | the charges were"
                " | the payments were | the activity was | the access was | the session was"
                " | the sessions were | those logins were | those sign ins were | they were",
                "me | us | just me | only me | me after all | us after all | actually me"
                " | actually us | really me | mine | ours | my own | my husband | my wife"
                " | my partner | my son | my daughter | my kid | my kids | my colleague"
                " | our new | our own | our vpn | my vpn | one of our | one of us | our contractor"
                " | a contractor | a colleague | our it | our intern | our developer"
                " | our accountant")
        + " | " + combine("turns out it was | turned out it was | it turns out it was"
                          " | it turned out it was | it turned out to be | turns out that was"
                          " | turned out that was",
                          "me | us | my | our | a | the | just | only")
        + " | it was just me | it was only me | it was just my | it was only my | it was just us")),
        urgency=-1, role=QUIET, report=False,
        cancels=("account_takeover", "unauthorised_charge", "security_breach",
                 "security_report", "lost_device", "double_charge")),
    # A reply that says the thing asked for has come: "Re: refund request"
    # over "It arrived this morning, thank you" (``classifier.py`` then
    # reads the reply subject as the earlier message's).
    Rule("settled_reply", kw(settled_reply=(
        "arrived this morning | arrived today | arrived yesterday | arrived now | arrived ,"
        " | arrived . | arrived ! | arrived thanks | arrived thank | has arrived , | has arrived ."
        " | has arrived thanks | received it , | received it . | received it thanks | got it now"
        " | is in my account now | is on my card now | landed in my account"
        " | all received | received everything")),
        role=RESOLVE, report=False),
    # A status question about a refund already agreed is a billing question,
    # not a money dispute: "When will my refund show?", "has the refund you
    # approved gone through?". It takes the refund word from the demand;
    # waiting for weeks is still money held back (a situation).
    Rule("refund_status", kw(refund_status=(
        combine(
            "when | when will | when does | when do | when should | when can i expect"
            " | when can we expect | when is | when would | how long will | how long does"
            " | how long do | how long until | how long till | how long for | how long before"
            " | how long is | how long should | how long would | how many days will"
            " | how many days does | has | have | did | is | was | any update on | any news on"
            " | any news about | status of | the status of | update on | an update on"
            " | checking on | check on | checking in on | follow up on | following up on"
            " | track | tracking | eta for | eta on | timeline for | can you confirm"
            " | could you confirm | please confirm",
            "my refund | the refund | our refund | my refunds | the refunds | this refund"
            " | that refund")
        + " | " + combine("how long does | how long do | how long will | how long is | how long for"
                          " | how long until | how long before | how many days for"
                          " | how many days does | how quickly | how fast",
                          "a refund | refunds | a refund usually | refunds usually")
        + " | " + combine(
            "the refund | my refund | a refund | our refund",
            "you approved | you agreed | you promised | you confirmed | you issued"
            " | you processed | you sent | you started | you initiated | was approved"
            " | was agreed | has been approved | has been agreed | is approved"
            " | was confirmed | has been confirmed | was issued | has been issued")
        + " | " + combine("you agreed to | you approved | you confirmed | you promised to",
                          "refund me | refund us | refund it | refund the | refund my"))),
        urgency=1, role=ASK),
    Rule("refund_received", kw(
        refund_received=(
            "got the refund | got my refund | received the refund | received my refund"
            " | refund received | refunds received | refund has been received"
            " | refund was received | received refund | refund is received | refund came in"
            " | refund done | refund is done | refund completed | refund complete"
            " | got my money back | got the money back | received my money back"
            " | " + combine("thank you for | thanks for | thank you so much for"
                            " | thanks so much for",
                            "helping me get the refund | helping with the refund"
                            " | helping me get my refund | getting me the refund"
                            " | getting my refund"
                            " | your help with the refund | the help with the refund"
                            " | helping me get my money back")
            + ""
            " | got our money back | have my money back | money is back"
            " | " + combine("see it | its | it is | got it | the money is | money is | saw it"
                            " | can see it | its now | it is now | see the money | see my money"
                            " | got the money | got my money | the money is now",
                            "back on my card | back in my account | back on my account"
                            " | back to my card | back in my bank")
            + " | refunded me twice | " + combine(
                "refund | the refund | my refund | refunds | the refunds | two refunds"
                " | three refunds",
                "arrived | has arrived | went through | came through | came thru | landed"
                " | has landed | cleared | has cleared | showed up | is through | is in"
                " | was processed | has been processed | have gone through | have been processed"
                " | were processed | have arrived") + " | " + combine(
                "thanks for | thank you for | cheers for | thanks so much for",
                "the refund | my refund | the fast refund | the quick refund | sorting the refund"
                " | sorting my refund | sorting out the refund | processing the refund"
                " | processing my refund")
            # "The refund you sorted last week has landed in my account".
            + " | " + combine("has landed | has arrived | has come through | has now landed"
                              " | has now arrived | is now back",
                              "in my account | in my bank | in my bank account | on my card"
                              " | in our account | in our bank account"))),
        sentiment=2, on_negation="refund_demand", cancels=("refund_demand",)),
)
# fmt: on
