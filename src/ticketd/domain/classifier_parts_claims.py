"""Broad concepts for money and data-protection situations: word
families, not phrases (see ``classifier_parts_concepts`` for the idea).

- money: a cancellation in any wording ("switched off auto renew", "I
  closed it", "unsubscribed") against money still taken; a wish to have
  money back ("want it back", "return the difference"); charging more
  than agreed ("instead of", "too much"); a stored value emptied ("my
  balance is now 0");
- data protection: withdrawing consent in any word ("withdraw my
  agreement", "revoke permission"); asking what is held ("which data do
  you keep about me"); being forgotten;
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["CLAIM_PARTS"]

_ME = (
    "i | we | ive | weve | i have | we have | i had | we had | id | wed | after i | after we"
    " | since i | since we | despite | even though i | even though we | although i"
    " | although we | when i | when we | i already | we already | i even | we even"
    " | i have already | we have already | i had already | we had already"
)
# Past forms only: "cancel my plan" is a request, "I cancelled" a fact.
_CANCEL = (
    "cancelled | canceled | cancelled it | canceled it | closed | ended | terminated | stopped"
    " | switched off | turned off | turned it off | switched it off | unsubscribed"
    " | opted out | disabled | deactivated | downgraded | quit | asked you to stop"
    " | told you to stop | asked to cancel | requested cancellation | gave notice"
    " | removed my card | removed the card | deleted my card | "
    + combine(
        "deleted | closed | removed | cancelled | canceled | terminated",
        "the account | my account | our account | the app | my profile | the profile"
        " | the subscription | the membership",
    )
)
_RENEWAL = (
    "auto renew | autorenew | auto renewal | automatic renewal | renewal | renewals"
    " | autopay | auto pay | recurring payment~ | subscription | membership | direct debit"
    " | plan | trial | free trial | contract | account | standing order | auto top up"
)
_TAKEN = (
    "charged | billed | debited | took | taken | take | takes | taking | deducted | collected"
    " | renewed | auto renewed | withdrew | withdrawn | payment | charge | debit | invoice"
    " | invoiced"
)
# A stored value: "my balance", "our points", "the wallet".
_VALUE = (
    "balance | wallet | points | credits | credit | savings | funds | account balance"
    " | gift card | voucher | vouchers | store credit | loyalty points | miles | coins"
    " | tokens | money"
)

_COUNTS = (
    "2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 20 | 21 | 30 | two | three"
    " | four | five | six | seven | eight | nine | ten | eleven | twelve | thirteen | fourteen"
    " | fifteen | twenty | thirty | several | many | a few | few"
)

# Cancellation told without a first-person verb: "sent you the
# cancellation letter", "switched insurer".
_CANCELLED_AS_FACT = (
    "cancelled in | cancelled on | cancelled last | cancelled back in | canceled in"
    " | canceled on | canceled last | closed it in | unsubscribed in | unsubscribed on"
    " | cancelled weeks ago | cancelled months ago | cancelled a month ago"
    " | cancelled a week ago | cancelled ages ago | cancelled long ago | "
    "cancellation letter | cancellation email | cancellation request | cancellation form"
    " | cancellation confirmation | confirmed cancellation | confirmed the cancellation"
    " | notice of cancellation | cancelled in writing | switched insurer | switched insurers"
    " | switched provider | switched providers | switched to another | moved to another provider"
    " | changed provider | changed providers | changed insurer | left you for"
)

# fmt: off
CLAIM_PARTS: tuple[Rule, ...] = (
    # --- money ---------------------------------------------------------------------
    Rule("cancel_done", kw(cancelled=(
        _CANCELLED_AS_FACT + " | " + combine(_ME, _CANCEL)
        + " | " + combine("cancelled | canceled | switched off | turned off | disabled"
                          " | stopped | ended | closed | terminated | deactivated",
                          _RENEWAL + " | it | my | our | the")
        + " | " + combine(_RENEWAL, "was cancelled | was canceled | is cancelled"
                                    " | is canceled | was closed | is closed | was ended"
                                    " | was switched off | is switched off | is turned off"
                                    " | was turned off | is off | was off | ended"))),
        part=True, report=False),
    Rule("charged_anyway", kw(still_charged=(
        combine("still | still got | still been | still being | again | yet again | anyway"
                " | nevertheless | regardless | then | but | and | yet | now | today"
                " | this month | got | have been | has been | was | were | been",
                "charged | billed | debited | taken | took | take | taking | charging | billing"
                " | collected | deducted | renewed | invoiced")
        + " | " + combine(_TAKEN, "anyway | again | regardless | still")
        + " | charged in | billed in | charged on | billed on | charged again in | taken in"
        " | debited in | debited on"
        + " | stop charging | stop taking | stop billing | stop debiting | keep charging"
        " | keeps charging | quit charging"
        + " | you took | you charged | you billed | you debited | you renewed"
        " | you keep charging | you kept charging | you keep taking"
        " | you kept taking")),
        part=True, report=False),
    # Wanting money back: "want it back", "give back the two extra".
    Rule("want_back", kw(want_back=(
        combine(combine("want | need | expect | demand | would like | id like | wed like"
                        " | give me | give us | get | send | return | pay | put | transfer"
                        " | refund | i want | please give | please send | please return"
                        " | please put | want all | want to have | give | hand | credit | wire",
                        "it | them | that | this | my money | the money | our money | everything"
                        " | all of it | all | the rest | what i paid | the amount | the difference"
                        " | the extra | the charge | the payment | my deposit | the deposit | both"
                        " | the two | all of that | every penny | every cent | my payment | those"),
                "back")
        # The part paid too much: "send us the difference".
        + " | " + combine("send us | send me | give us | give me | pay us | pay me | return"
                          " | refund | refund us | refund me | credit us | credit me",
                          "the difference | the extra | the excess | the overcharge"
                          " | the overpayment | what we overpaid | what i overpaid")
        + " | give back | send back | pay back | put back | transfer back | credit back"
        " | give me back | give us back | pay me back | pay us back | send me back"
        " | back on my card | back to my card | back into my account | back to my account"
        " | back on the card | back to the card")),
        part=True, report=False),
    # Reversing or paying what was charged or is owed: "reverse it", "refund
    # the fee", "pay what you owe", "waive the fee", "take the charge off".
    # Reversing or paying back what was charged or is owed: "reverse it",
    # "refund the fee", "waive the fee", "take the charge off", "pay what you
    # owe"; cancelling or removing only a charge ("cancel it" may be a plan).
    Rule("reverse_charge", kw(reverse_charge=(
        combine("reverse | refund | return | repay | reimburse | credit back | waive | void"
                " | pay back | give back",
                "it | this | that | them | these | those | me | us")
        + " | " + combine(
            "reverse | refund | return | repay | reimburse | credit back | waive | void"
            " | pay back | give back | cancel | remove | take off | undo",
            "the charge | this charge | that charge | the charges | these charges | the fee"
            " | this fee | that fee | the fees | these fees | the payment | this payment"
            " | the transaction | this transaction | the amount | this amount | the difference"
            " | the rest | the overcharge | what you owe | what is owed | what i am owed"
            " | what im owed | what we are owed | what i paid | what we paid | the money"
            " | my money | our money")
        + " | " + combine("take | remove", "it off | this off | that off | them off | the fee off"
                          " | the charge off | the fees off | the charges off")
        + " | charge back | credit my account | credit our account | pay what you owe"
        " | pay me what | pay us what | pay what is owed | pay what im owed")),
        part=True, report=False),
    # A debt named as the customer's: "that's £84 you owe me".
    Rule("you_owe", kw(you_owe=(
        "you owe me | you owe us | you still owe | you are owing | youre owing"
        " | owed to me | owed to us | what im owed | what i am owed | what we are owed"
        " | the money you owe | the amount you owe | money you owe")),
        part=True, report=False),
    Rule("reverse_money", kw(reverse_money=(
        "return | refund | repay | reimburse | reverse | credit back | pay back | send back"
        " | give back | transfer back | put back | undo | void | "
        # A wish in the passive: "if the extra could be returned".
        + combine("could be | can be | should be | to be | must be | be",
                  "returned | refunded | repaid | reimbursed | reversed | credited back"
                  " | paid back | sent back | given back | transferred back"))),
        part=True, report=False),
    Rule("amount_owed", kw(amount_owed=(
        "the difference | the extra | the excess | the overcharge | the money | my money"
        " | our money | the amount | the charge | the payment | my deposit"
        " | the deposit | the two extra | the extra ones | the other two | one payment"
        " | one of the payments | the duplicate | the second payment | the second charge")),
        part=True, report=False),
    # A question about money back is not a demand: "how do I return an item".
    Rule("money_question", kw(money_question=(
        "how do i | how can i | how to | is it possible to | is it possible for"
        " | would it be possible | what is your | whats your"
        " | return policy | returns policy | refund policy | will i | would i | how long"
        " | when will | if i | if we | what happens if | in case")),
        part=True, report=False),
    Rule("stored_value", kw(stored_value=combine("my | our | the | your | his | her", _VALUE)),
         part=True, report=False),
    Rule("emptied", kw(emptied=(
        "is 0 | is zero | to zero | to 0 | now 0 | now zero | shows 0 | shows zero"
        " | showing 0 | says 0 | emptied | drained | wiped | gone | disappeared"
        " | vanished | zeroed | nothing left | are gone | is gone | went missing | 0 00")),
        part=True, report=False),
    # Several payments where the customer made one: "3 payments ... I only
    # buy one thing".
    Rule("many_payments", kw(many_payments=combine(
        "2 | 3 | 4 | 5 | 6 | two | three | four | five | six | multiple | several | many",
        "payments | charges | debits | transactions | withdrawals | deductions | bills"
        " | direct debits")
        # "Saw 2 x 14.99 on my statement".
        + " | 2 x | 3 x | 4 x | two x"),
        part=True, report=False),
    Rule("only_one", kw(only_one=" | ".join((
        "i only click | only clicked once | only click 1 time | only click one time"
        " | only pressed once | only 1 time | only one time | i click 1 time | i click one time"
        " | i pay 1 time | i pay one time | i buy 1 time | i buy one time", combine(
        "i only | we only | but i only | but we only | i just | we just | only",
        combine("buy | bought | order | ordered | paid for | pay for | purchased | purchase"
                " | made | placed | booked | book | used | wanted | signed up for | asked for"
                " | subscribed | signed up | registered | joined | enrolled | renewed"
                " | subscribed to | signed up to",
                "one | once | one thing | one item | 1 item | one order | one purchase"
                " | a single | 1 | one ticket | one night | one month")),
        # "Charged for three accounts when I only have one".
        combine("i only have | we only have | i only use | we only use | i only need"
                " | we only need | but i only have | but we only have | i have only | we have only",
                "one account | one subscription | one user | one seat | one licence"
                " | one license | one plan | one membership | a single")))),
        part=True, report=False),
    # Paying for something, in any tense: "I'm paying for it since March".
    Rule("paying_for", kw(paying_for=(
        "paying | been paying | am paying | im paying | being charged | getting charged"
        " | been charged | been billed | getting billed | being billed | paying for")),
        part=True, report=False),
    # Money owed to the customer, held: "a cash out of $600 ... still says
    # processing" (for days: with a duration).
    Rule("money_due", kw(money_due=(
        "cash out | cashout | cash outs | payout~ | pay out~ | withdrawal~ | transfer~"
        " | winnings | earnings | reimbursement~ | funds | salary | wages | settlement"
        " | my pay | commission~")),
        part=True, report=False),
    Rule("still_held", kw(still_held=(
        "still processing | still says processing | still pending | still says pending"
        " | still shows pending | still showing pending | still in review | still under review"
        " | pending | processing | under review | in review | on hold | not received"
        " | not arrived | havent received | hasnt arrived | never came | never arrived"
        " | not paid | not been paid")),
        part=True, report=False),
    # Time that has passed ("eleven days ago", "for two weeks"), not an
    # expectation ("normally it takes two days").
    Rule("duration", kw(duration=(
        combine(_COUNTS, "days ago | weeks ago | months ago | days now | weeks now"
                         " | business days ago | working days ago")
        + " | " + combine("for | for over | for more than | over | more than | after | already"
                          " | for the last | for the past | in the last | the last | the past",
                          combine(_COUNTS, "days | weeks | months | business days"
                                           " | working days"))
        + " | over a week | more than a week | for weeks | for days | for ages"
        " | since last week | since last month | a week ago | a month ago | for a week"
        " | for a month | for a fortnight | "
        # "It's been 3 weeks".
        + combine("been | its been | it has been | almost | nearly",
                  combine(_COUNTS, "days | weeks | months | business days | working days"))
        + " | been a week | been a month | been weeks | been months | been a fortnight | "
        + combine("now is | is now | its now | now its",
                  combine(_COUNTS, "days | weeks | months")))),
        part=True, report=False),
    # Money taken, not the thing bought: "charged", "a payment", "£12"
    # ("I've cancelled my subscription" names what was cancelled).
    Rule("money_taken", kw(money_taken=(
        "charge~ | charged | payment~ | debit~ | debited | billed | bill | took | taken"
        " | taking | deducted | withdrawn | invoiced | renewed | £ | $ | € | euro | euros"
        " | dollars | pounds | usd | gbp | eur | fee | fees")),
        part=True, report=False),
    # An amount taken off a bill: "I need this amount removed from my bill".
    Rule("off_my_bill", kw(off_my_bill=combine(
        "removed from | taken off | take off | take it off | taken from | deducted from"
        " | credited to | credit to | refunded to | wiped from | cancelled from | remove from"
        " | off",
        "my bill | the bill | my invoice | the invoice | my account | my statement"
        " | our bill | our invoice | our account | this bill | this invoice")),
        part=True, report=False),
    Rule("this_amount", kw(this_amount=(
        "this amount | the amount | that amount | this charge | the charge | these charges"
        " | this fee | the fee | these fees | the extra | this sum | the difference"
        " | the roaming | these costs | this cost | £ | $ | € | euro | euros | dollars")),
        part=True, report=False),
    # An account or its money frozen: "account restricted and I can't get my
    # 2,300 out" (with money near).
    Rule("money_frozen", kw(money_frozen=(
        combine("account | wallet | funds | balance | money | payouts | payout | card"
                " | withdrawals | withdrawal",
                "restricted | frozen | locked | blocked | suspended | on hold | limited"
                " | is restricted | is frozen | is locked | is blocked | is suspended"
                " | was restricted | was frozen | was locked | was blocked | was suspended"
                " | has been restricted | has been frozen | has been locked | has been blocked"
                " | has been suspended")
        + " | " + combine("restricted | froze | frozen | suspended | locked | blocked | limited"
                          " | closed", "my account | our account | my wallet | my funds")
        + " | cant get my | cannot get my | cant get our | cannot get our | cant withdraw"
        " | cannot withdraw | unable to withdraw | wont let me withdraw | cant take out"
        " | cannot take out | cant cash out | cannot cash out")),
        part=True, report=False),
    Rule("money_inside", kw(money_inside=(
        "£ | $ | € | euro | euros | dollars | pounds | usd | gbp | eur | balance | my money"
        " | our money | funds | savings | earnings | winnings | payout~ | withdraw~ | cash out"
        " | salary | wages")),
        part=True, report=False),
    # --- data protection --------------------------------------------------------------
    Rule("consent_withdrawn", kw(consent_withdrawn=combine(
        "withdraw~ | withdrew | revoke~ | retract~ | take back | taking back | took back"
        " | rescind~",
        "my consent | consent | my agreement | my permission | my approval"
        " | my authorisation | my authorization | my opt in | the consent | any consent"
        " | all consent | all consents | consents")
        # "Stop tracking me", "don't track me".
        + " | " + combine("stop | please stop | dont | do not | quit",
                          "tracking me | tracking us | spying on me | spying on us | monitoring me"
                          " | profiling me | track me | spy on me | monitor me | profile me")),
        part=True, report=False),
    Rule("forget_me", kw(forget_me=(
        "forget me | forget about me | be forgotten | being forgotten | want be forgotten"
        " | right to be forgotten | forget everything about me | erase me | wipe me"
        " | remove all trace | remove every trace | delete every trace | no trace of me"
        # "I want you to delete me. Every record with my name on it."
        " | delete me | remove me completely | every record with my name | every record of me"
        " | all records of me | all records with my name | every trace of me")),
        part=True, report=False),
    # "I don't want you to have my data anymore".
    Rule("dont_want_you", kw(dont_want_you=combine(
        "dont want | do not want | no longer want | dont wish | do not wish | dont like",
        combine("you to have | you to keep | you to store | you to hold | you to use"
                " | you to process | you having | you keeping | you storing | you using"
                # Learner English drops "to": "I don't want you sell my data".
                " | you sell | you selling | you to sell | you share | you to share | you sharing"
                " | you give | you to give | you pass | you to pass | you keep | you use"
                " | you to retain | you retaining",
                "my data | my details | my information | my info | my personal | my photos"
                " | my number | my email | my address | any of my | our data | my stuff"
                " | my id | my id scan | my passport | my documents | my scans | my card"
                " | my recordings | my voice | my face | my fingerprints | my location"
                " | my history | my messages | my videos | my informations | my datas | my info"))),
        part=True, report=False),
    # "I don't want my voice recordings kept", "do not want my data sold".
    Rule("dp_refusal", kw(dp_refusal=combine(
        combine("dont want | do not want | dont wish | do not wish | no longer want",
                "my data | my details | my information | my info | my recordings"
                " | my voice recordings | my photos | my location | my history | my messages"
                " | my videos | my id | my documents | mine | my personal data"
                " | my personal information | my account data | our data | my health data"
                " | my location history | my search history | my purchase history"
                " | my order history | my browsing history | my call recordings"
                " | my location data | my voice data"),
        "kept | stored | saved | held | used | retained | shared | sold | processed | analysed"
        " | analyzed | to be kept | to be stored | to be used | to be shared")),
        part=True, report=False),
    # Money paid a second time: "paid by bank transfer and again by card".
    Rule("paid_again", kw(paid_again=combine(
        "and again | then again | and then again | a second time | and once more",
        "by | on | via | through | with | from | using")),
        part=True, report=False),
    # A credit or compensation needed: "Need a credit for the 6."
    Rule("need_word", kw(need_word="need | needs | want | wants | require | expect | demand"),
         part=True, report=False),
    Rule("privacy_content", kw(privacy_content=combine(
        "all | all the | all of the | every | any | all my | all our | my | our",
        "voice recordings | recordings | audio | voice data | location history | location data"
        " | search history | browsing history | call recordings | biometric data | biometrics"
        " | fingerprints | face data | face scans | health data | camera footage | footage"
        " | watch history | listening history | viewing history | tracking data"
        # Identity documents and photos sent for verification.
        " | id photo | id photos | id card | id cards | photo id | ktp | ktp photo | selfie"
        " | selfies | selfie photo | passport photo | passport scan | passport copy"
        " | identity document | identity documents | id document | id documents"
        " | kyc documents | kyc photos | verification photo~ | verification document~"
        " | face photo~ | face video~ | national id")),
        part=True, report=False),
    Rule("none_mine", kw(none_mine=combine(
        "none of my | nothing of mine | none of our | nothing about me | no trace of me"
        " | no data of mine | nothing of my | none of his | none of her",
        "personal stuff | stuff | data | details | information | info | personal data"
        " | personal information | files | photos | things | personal details | records")),
        part=True, report=False),
    Rule("stays_with_you", kw(stays_with_you=combine(
        "stays | remains | stay | remain | is kept | are kept | is stored | are stored | is left"
        " | are left | kept | stored | left",
        "on your | in your | with you | with your | anywhere")),
        part=True, report=False),
    Rule("data_which", kw(data_which=combine(
        "what | which | whatever | all the | what kind of | what sort of | which kind of"
        " | what type of | which type of",
        "data | information | info | personal data | personal information | personal info"
        " | details | records | personal details | data and | information and | files"
        " | recordings | footage")),
        part=True, report=False),
    Rule("held_by_you", kw(held_by_you=combine(
        "do you | does your company | does your firm | you | your company | you guys"
        " | your system | your systems | your database | your app | your platform"
        " | your servers | your service | your site | your website"
        " | your firm | your business | has your company | your staff | do u | you have"
        " | have you | has your",
        "keep | keeps | hold | holds | have | has | store | stores | stored | collect"
        " | collected | collects | process | processed | save | saved | retain | retained"
        " | gather | gathered | know | track | tracked | log | logged | record | recorded"
        " | share | shared | sell | sold | give it to | pass it to | have on file | hold on file"
        " | got")),
        part=True, report=False),
    Rule("about_self", kw(about_self=(
        "about me | on me | of me | about us | about myself | on my ward | about my ward"
        " | of my ward | on my dependant | about my dependant | on my dependent"
        " | about my dependent | holding on me | holding about me"
        " | on file for me | on file about me | on file | about my son | of her | of him"
        " | of them | of my son | of my daughter | of my child | of my kids | of my children"
        " | for my son | for my daughter | for my child | for my kids | for my children"
        " | for my mother | for my father | for my wife | for my husband | about my mother"
        " | about my father | about my wife | about my husband | about my kids | "
        + combine(combine("my | our | my childs | my kids", "health | medical | financial"
                          " | biometric | location | personal | private | family | genetic"
                          " | credit | banking | browsing"),
                  "information | info | data | details | records | history")
        + " | her account | his account | my sons account | my daughters account"
        " | my childs account | my kids account"
        " | about my daughter | about my child | about him | about her | my personal"
        " | my data | my information | my details | my info")),
        part=True, report=False),
)
# fmt: on
