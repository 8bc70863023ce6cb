"""Situation parts for money incidents: money moved or charged (a charge,
a payment, a transfer, an amount), asked back (claimed back, returned to
the card on file, reversed), charged again or after cancelling, and taken
to the bank.

Each part is a small vocabulary (a ``Rule`` with ``part=True``), matched in
a layer of its own where overlaps are kept; ``classifier_situations``
composes them with the *who* and *consent* parts of
``classifier_parts_incident`` ("a payee I never added" + "a transfer" is a
payment not authorised). A question about the policy ("would we get
anything back") neutralises the claim it contains.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["MONEY_PARTS"]

# Currencies written as words ("29 euro", "149 USD").
_CURRENCY = (
    "euro | euros | eur | dollar | dollars | usd | pound | pounds | gbp | quid | bucks"
    " | rupee~ | inr | peso~ | reais | zloty | pln | kr | sek | nok | dkk | chf"
    " | francs | yen | aud | cad | nzd | rand | zar | lira | naira | cents"
    # Wallets and money apps: stablecoins, crypto and more currencies by code.
    " | usdt | usdc | btc | bitcoin~ | ethereum | satoshis | cedi~ | shilling~ | kes | ngn"
    " | ghs | idr | rupiah | ringgit | myr | baht | thb | vnd | krw | yuan | rmb | cny | hkd"
    " | sgd | aed | dirham~ | riyal~ | mxn | brl | forint | huf | czk | hryvnia | uah"
)

# fmt: off
MONEY_PARTS: tuple[Rule, ...] = (
    Rule("claim_back", kw(
        claim_back=("want my | want our | want the | want it | want them | give me my"
                    " | return my | give me back | send me my | need my | get my | pay me"
                    " | pay us | put my | paid | send one | send it | could that be | can that be"
                    " | could it be | can it be | could this be | can this be | could you get"
                    " | can you get | get the"
                    " | send the money | send that | want back | give me | give us | give it"
                    " | need back | demand | i expect | we expect | need the | need it"
                    " | need them | need that | want all | id like the | id like my"
                    " | i would like the | i would like my | wed like the | wed like our"
                    " | we would like the | we would like our | like the | like my"
                    # "I'd like this charge reversed", "I want that taken off".
                    " | " + combine("id like | i would like | wed like | we would like | i want"
                                    " | we want",
                                    "this | that | it | these | those"))),
        part=True, report=False),
    Rule("back", kw(back="back"), part=True, report=False),
    # A question about the policy, not a demand: "would we get anything back".
    # ("Could I get the £12 back?" is a polite demand, not a question.)
    Rule("refund_question", kw(refund_question=combine(
        "would | do | does | will", "i get | we get | i receive | we receive")),
        part=True, report=False, cancels=("claim_back", "back", "return_money")),
    Rule("return_money", kw(
        return_money=("return | returned | refund~ | repay | repaid | reimburse~ | credit"
                      " | pay back | paid back | send back | give back | transfer back | reverse~"
                      " | pay the | pay me | pay us | pay it | pay that | refund me | credited")),
        part=True, report=False),
    Rule("money_destination", kw(
        money_destination=("to the card | to my card | to our card | card on file | to my account"
                           " | to our account | to my bank | to our bank | original payment"
                           " | same card | onto my card | onto the card | into my account"
                           " | into our account | to my paypal | to the original | returned to me"
                           " | returned to us | paid to me | refunded to me | credited to me"
                           " | into my bank | into our bank | to my bank account"
                           # Where it came from: "return the 120 euros you took".
                           " | you took | you have taken | youve taken | you charged"
                           " | you billed | you debited | you deducted | you kept | you withdrew"
                           " | taken from me | took from me | taken from my | took from my"
                           " | taken from us | took from us")),
        part=True, report=False),
    Rule("money_event", kw(
        money_event=("charge~ | payment~ | transaction~ | transfer~ | debit~ | debited"
                     " | payout~ | withdrawal~ | purchase~ | bought | order~ | card | cards"
                     " | subscription~ | renew~ | renewal | upgrade~ | took | taken | taking"
                     " | billed | invoice~ | money | funds | credit~ | went to | sent to | fee"
                     " | fees | worth of | £ | $ | € | points | loyalty points | credits | vouchers"
                     " | gift card | redeemed | prescription | loan | policy | difference"
                     " | overcharge~ | top up~ | topup~ | top-up~ | recharge~ | deduction~"
                     " | deducted | add on~ | bolt on~ | in app purchase~ | booking | bookings"
                     " | reservation~ | hotel | hotels | ride | rides | trip"
                     " | trips | rental | the rest | the remainder | the extra | the excess"
                     " | amex | visa | mastercard | paypal | apple pay | google pay | "
                     + _CURRENCY)),
        part=True, report=False),
    Rule("money_amount", kw(money_amount=(
        "£ | $ | € | money | amount | i paid | we paid | what i paid | fee | fees | deposit"
        " | balance | credit | charge | payment | the difference | overpayment | " + _CURRENCY)),
        part=True, report=False),
    Rule("cancelled", kw(
        cancelled=("after i cancelled | after we cancelled | i cancelled | we cancelled"
                   " | we closed | i closed | after we closed | after i closed | closed it"
                   " | closed our account | we ended | i ended | we terminated | i terminated"
                   " | had cancelled | already cancelled | despite cancelling"
                   " | after cancelling | since cancelling | cancelled on | cancelled before"
                   " | i canceled | we canceled | after i canceled | closed my account"
                   " | cancelled it | canceled it | cancelled my | cancelled our | cancelled the"
                   " | canceled my | canceled the | unsubscribed"
                   " | after cancellation | after our cancellation | after the cancellation"
                   " | cancellation took effect | since we cancelled | since i cancelled"
                   " | even though i cancelled | even though we cancelled | i unsubscribed"
                   # Learner English: "i cancel already".
                   " | i cancel already | i already cancel | we cancel already | we already cancel"
                   " | i cancel it | i cancel before | i cancel my | already cancel"
                   # A plan changed before the charge: "even though I switched to monthly".
                   " | even though i switched | even though we switched | although i switched"
                   " | despite switching | even though i downgraded | despite downgrading"
                   " | even though we downgraded | even though i changed my plan")),
        part=True, report=False),
    Rule("still_charged", kw(still_charged=(
        "still took | still taking | still take | still takes | still charged | still charging"
        " | still charge | still charges | still billed | still billing | still bills"
        " | still debited | still debiting | still deducting | still deducted | kept charging"
        " | keep charging | keeps charging | kept taking | keep taking | keeps taking"
        " | continued to charge | continue to charge | charged me again | took another"
        " | another charge | another payment | charge me more | charged more"
        # "Why did you charge me?" next to a cancellation.
        " | why you charge | why do you charge | why did you charge | why you take"
        " | why did you take | why are you charging | why are you still")),
        part=True, report=False),
    Rule("bank_threat_phrase", kw(bank=combine(
        "ring~ | call~ | phone | phoning | contact~ | go to | going to | speak to | speaking to"
        " | asked | asking | ask | told | tell | notified | notify | informed | inform"
        " | talk to | report it to | report this to | complain to | take it up with"
        " | raise it with | raise this with | get it back from | get my money back from"
        " | dispute it with | dispute this with | claim it back from | claim from",
        "my bank | our bank | the bank | my card issuer | the card issuer | my card company"
        " | my credit card company | the credit card company | my card provider | paypal"
        " | amex | american express | visa | mastercard")
        # The bank already acting on it: "my credit card company is looking into
        # these charges".
        + " | " + combine(
            "my bank | our bank | my card issuer | our card issuer | my card company"
            " | my credit card company | our credit card company | my card provider"
            " | my credit card provider | my banks fraud team | my banks fraud department",
            "is looking into | are looking into | is investigating | are investigating"
            " | has opened | opened a | is disputing | has blocked | blocked the | flagged"
            " | has flagged | is reversing | reversed | is handling | is dealing with"
            " | has a case | opened a case | opened an investigation | told me to | advised me"
            " | is already | are already | has already | have already")),
        part=True, report=False),
    # Money owed to the customer and held back: "payouts haven't hit our
    # bank", "my salary is in there and I can't touch it", "funds frozen".
    Rule("money_owed", kw(money_owed=(
        "payout~ | pay out~ | funds | salary | salaries | wages | wage | earnings | settlement~"
        " | my money | our money | takings | proceeds | my pension | my benefits | my savings"
        " | withdrawal~ | transfer~ | deposit~ | the money | refund | refunds | my refund"
        " | the refund | cashback | cash back | my commission | commissions | commission"
        " | my bonus | bonuses | tips | my tips | winnings | my winnings | my rewards")),
        part=True, report=False),
    Rule("held_back", kw(held_back=(
        "withheld | withholding | held back | vanished | disappeared | went missing"
        " | gone missing | has gone missing"
        " | holding back | holding our | holding my | on hold | frozen | froze | freezing"
        " | blocked | held | been held | being held | held up | sitting in | stuck in | stuck at"
        " | cant touch | can not touch"
        " | cannot touch | cant get to | cant get my | cannot get my | cant withdraw"
        " | cannot withdraw | can not withdraw | unable to withdraw | not paid out"
        " | havent been paid | hasnt been paid | not been paid | never paid out"
        " | cant access my money | cannot access my money | no access to my money"
        # Kept and refused: "keeps my deposit and refuses to give it back".
        " | keeps my | kept my | is keeping my | keeping my | keeps our | kept our"
        " | is keeping our | keeping our | refuses to give | refused to give | refusing to give"
        " | refuses to return | refused to return | refusing to return | refuses to refund"
        " | refused to refund | refusing to refund | refuses to pay | refused to pay"
        " | refusing to pay | wont give | wont return | will not return | will not give"
        " | wont pay out | will not pay out"
        # "Payouts paused for review".
        " | paused | suspended | put on hold | under review | in review | on pause")),
        part=True, report=False),
    # Money owed that has not come, said as a fact: "our payouts haven't
    # arrived", "the bank says nothing came in" (for days: below).
    # Chasing money owed: "I need this money released or traced", "please
    # send it or tell me where it is", "pay it".
    Rule("money_chase", kw(money_chase=(
        "released | release it | release the | release my | release our | release this"
        " | traced | trace it | trace the | trace my | trace this | pay it | pay me | pay us"
        " | pay out | send it | send the money | send my money | send our money | transfer it"
        " | where is my money | where is the money | where is it | where it is | where are my"
        " | where did it go | where has it gone | where did my money go | where is the rest"
        " | where is the other | where are the | i need this money | i need that money"
        " | i need the money | we need this money | we need that money | we need the money"
        " | i need my money | we need our money | need it paid | want it paid | need it now")),
        part=True, report=False),
    Rule("not_arrived", kw(not_arrived=(
        "havent arrived | hasnt arrived | have not arrived | has not arrived | not arrived"
        " | never arrived | didnt arrive | did not arrive | not received | havent received"
        " | hasnt been received | never received | nothing came in | nothing has come in"
        " | nothing arrived | not come through | hasnt come through | havent come through"
        " | not landed | hasnt landed | havent landed | never landed | not reached"
        " | hasnt reached | havent reached | not hit | hasnt hit | havent hit | not come in"
        " | hasnt come in | havent come in | has not come in | have not come in | not paid in"
        " | not been paid in | not shown up | hasnt shown up | havent shown up"
        # "I still haven't got my deposit back".
        " | havent got | havent gotten | still havent got | not got | still not got"
        " | never got | still waiting for | still waiting on | still no sign of | hasnt come"
        " | has not come | havent come | have not come | never came | still hasnt come"
        " | not come | nothing arrive | nothing arrived yet | not arrive | no arrive"
        " | nothing come | nothing came | say processing | says processing | status processing"
        " | shows processing")),
        part=True, report=False),
    Rule("card", kw(card="card | credit card | debit card | bank card | card details"),
         part=True, report=False),
    Rule("money_act", kw(
        money_act=("charged | billed | debited | took | taken | deducted | withdrawn | charging"
                   " | two payments | two charges | two debits | two transactions"
                   " | three payments | three charges | both charges | two identical | take"
                   " | takes | take money | took money | i paid | we paid | ive paid | weve paid"
                   " | i have paid | we have paid"
                   # Learner English drops the ending: "i was charge 2 time".
                   " | was charge | were charge | been charge | got charge | get charge"
                   " | was debit | was bill"
                   # A payment run or a batch that went out again: "the payroll
                   # file was processed twice", "got paid double".
                   " | processed | collected | got paid | were paid | was paid | paid out")),
        part=True, report=False),
    # Money that went out twice: "submitted our payment twice", "paid
    # twice" (with a money word in the sentence; trying three times is not).
    Rule("money_done", kw(money_done=(
        "paid | processed | went through | gone through | submitted | left our account"
        " | left my account | left the account | went out | taken | collected | debited")),
        part=True, report=False),
    Rule("repeated_twice", kw(repeated_twice="twice | a second time | two times"),
         part=True, report=False),
    # Money owed paid only in part: "only half the approved amount paid",
    # "we were underpaid", "I received less than agreed".
    Rule("short_paid", kw(short_paid=(
        "only half | only part of | only a part of | only partly | only partially"
        " | only a fraction | only a portion | partially paid | part paid | short paid"
        " | shortpaid | underpaid | under paid | paid short | paid less than"
        " | received less than | got less than | less than approved | less than the approved"
        " | less than agreed | less than the agreed | half the approved | half of the approved"
        " | only paid | only paid out | only refunded | only transferred | only credited")),
        part=True, report=False),
    Rule("repeated_act", kw(
        repeated_act=("twice | two times | three times | 2 times | 3 times | a second time"
                      " | 2 time | 3 time | 4 time | two time | three time | four time"
                      " | only ordered once | only bought once | only paid once | only once"
                      " | only made one | only placed one | for both | double | in duplicate")),
        part=True, report=False),
)
# fmt: on
