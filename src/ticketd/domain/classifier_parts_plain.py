"""Situation parts for high situations told in plain words (ruleset
2026.11-17), written from the rubric: a family member who got into the
account, a demand for compensation, a debit nobody can explain, money gone
from an account, a second charge for the same period, messages a business
sends no longer going out, "we can't take any orders", and two frames
that hold what they name (a feature idea, a condition about a device).

Each part is a word family, not a phrase of one ticket: the verbs,
objects and subjects customers use for the same situation, composed in
``classifier_situations``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["ANY_WORK", "PLAIN_PARTS"]

_DEVICES = (
    "phone | laptop | ipad | tablet | device | mobile | computer | iphone | macbook | pc"
    " | smartphone | handset | notebook | work phone | card | bank card | credit card"
    " | debit card | wallet | purse"
)
# Messages a business sends its own customers, by kind.
_OUTBOUND = (
    "emails | e mails | mails | our emails | our mails | texts | text messages | sms | sms messages"
    " | text reminders | sms reminders | reminders | reminder emails | appointment reminders"
    " | notifications | push notifications | email notifications | alerts | confirmations"
    " | booking confirmations | order confirmations | confirmation emails | invoices"
    " | invoice emails | receipts | newsletters | campaigns | mailings | welcome emails"
    " | password reset emails | reset emails | verification emails | verification codes"
    " | login codes | one time codes | otp codes | otps | messages to our customers"
    " | messages to customers | messages to clients | messages to patients | payslips"
    " | statements | follow ups | follow up emails | automated emails | automatic emails"
    " | transactional emails | order updates | shipping updates | tracking emails"
)
# A whole kind of message stopped: "stopped going out", "no longer sent".
_STOPPED_OUT = (
    "stopped going out | stopped being sent | stopped being delivered"
    " | stopped arriving | stopped reaching | never went out | no longer go out"
    " | no longer going out | no longer sent | no longer being sent | no longer arrive"
    " | no longer arriving | all bouncing | have not gone out all | havent gone out all"
    " | have not gone out since | havent gone out since | havent been sent since"
    " | have not been sent since | not gone out since | not been sent since"
)
# Not going out, which needs a word of scope or time to mean all of them.
_NOT_OUT = (
    "arent going out | are not going out | not going out | not being sent | arent being sent"
    " | are not being sent | arent sent | are not sent | havent gone out | have not gone out"
    " | not gone out | hasnt gone out | arent delivered | are not delivered | not being delivered"
    " | not arriving | arent arriving | are not arriving | not reaching | arent reaching"
    " | are not reaching | havent been sent | have not been sent | havent been delivered"
    " | have not been delivered | dont go out | do not go out | dont get sent | do not get sent"
    " | stuck in the outbox | stuck in outbox | are bouncing | failing to send | failed to send"
    " | not sending | isnt sending | is not sending | wont send | will not send"
    " | have not been sending | havent been sending | not been sending | has not been sending"
    " | hasnt been sending | not been going out | have not been going out"
    " | havent been going out"
)
ANY_WORK = (
    "process | take | accept | ship | send | receive | create | book | sell | print | place"
    " | make | issue | run | complete | submit | save | open | load | post | publish | invoice"
    " | dispatch | deliver | scan | check in | check out | pay | bill | charge | register"
)

# fmt: off
PLAIN_PARTS: tuple[Rule, ...] = (
    # --- security: a member of the household got into the account ------------
    Rule("intruded", kw(intruded=(
        "got into my | got into our | gotten into my | broke into my | broken into my"
        " | got access to my | gained access to my | got hold of my password"
        " | got my password | guessed my password | guessed the password | found my password"
        " | figured out my password | used my password | locked me out | changed my password"
        " | changed the password | changed my email | changed the email | changed my pin"
        " | changed the pin | changed my login | took over my | has taken over my")),
        part=True, report=False),
    # Someone in the household, with or without "my" right before the
    # word: "my teenage son", "my little brother", "my ex".
    Rule("household", kw(household=combine(
        "my | our | my teenage | my younger | my older | my little | my big | my 15 year old"
        " | my 16 year old | my 14 year old | my 13 year old | my 12 year old | my 10 year old",
        "son | daughter | kid | kids | child | children | teenager | teen | brother | sister"
        " | mum | mom | dad | father | mother | grandson | granddaughter | nephew | niece"
        " | stepson | stepdaughter | ex | ex husband | ex wife | ex partner | boyfriend"
        " | girlfriend | husband | wife | partner | flatmate | housemate | roommate | cousin"
        " | carer | nanny | babysitter | cleaner | lodger | neighbour | neighbor")),
        part=True, report=False),
    # A secret that works, published where anyone reads it: "a live API key
    # in the example code".
    Rule("real_secret", kw(real_secret=combine(
        "someones real | someones | someone elses | a real | real | actual | a live | a working"
        " | working | your own",
        "api key | api keys | key | keys | token | tokens | password | passwords | secret"
        " | secrets | credentials | access key | access keys | login | logins")),
        part=True, report=False),
    # Access lost by a whole group ("our entire team lost access").
    Rule("access_lost", kw(access_lost=(
        "lost access | lose access | losing access | lost all access | no access | locked out"
        " | kicked out | logged out | cant get in | cannot get in | cant log in | cannot log in")),
        part=True, report=False),
    # "No tickets are being created", "no leads have come in".
    Rule("none_created", kw(none_created=combine(
        "no | zero | not a single | not one",
        combine("tickets | orders | bookings | entries | records | invoices | jobs"
                " | tasks | deliveries | routes | shifts | payments"
                " | submissions | responses | messages | emails | calls",
                "are being created | have been created | were created | being created"
                " | created | get created | got created | are created | is created"
                " | imported | are being imported | have been imported | came in"
                " | are coming in | have come in | coming in | came through"
                " | are coming through | have come through | generated | were generated"
                " | have been generated | are being generated | can be created"
                " | can be made | can be sent | can be issued | could be created"
                " | could be made | could be sent | could be issued | can be generated"))),
        part=True, report=False),
    Rule("docs_place", kw(docs_place=(
        "example code | sample code | code sample | code example | code snippet | in the docs"
        " | docs page | documentation | help article | help page | help centre | help center"
        " | knowledge base | tutorial | blog post | screenshot | screenshots | demo video"
        " | sample app | example app | public repo | github | page source")),
        part=True, report=False),
    # "Delete it all" under the subject "my data" (with a wish: "should I
    # delete everything?" is not a request).
    Rule("erase_all", kw(erase_all=combine(
        "delete | erase | wipe | remove | purge | destroy",
        "it all | all of it | everything | them all | all of them")),
        part=True, report=False),
    # --- money: compensation demanded; a debit nobody can explain --------------
    Rule("demand_verb", kw(demand_verb=(
        "i demand | we demand | i want | we want | i expect | we expect | i request | we request"
        " | i am requesting | we are requesting | im requesting | were requesting | i deserve"
        " | we deserve | entitled to | i ask for | we ask for | im asking for | were asking for"
        " | i am asking for | we are asking for | i insist on | we insist on | id like"
        " | i would like | wed like | we would like | i need | we need | i claim | we claim")),
        part=True, report=False),
    Rule("compensation_thing", kw(compensation_thing=(
        "compensation | compensated | reimbursement | reimbursed | service credit~"
        " | goodwill credit~ | goodwill payment | goodwill gesture | a credit for | a credit of"
        " | cover the penalty | cover the fine | cover the cost | cover our costs | pay the penalty"
        " | pay the fine | cover the penalties | reimburse the penalty"
        " | a credit note | credited back")),
        part=True, report=False),
    Rule("unknown_money", kw(unknown_money=combine(
        "unknown | unexplained | unidentified | mystery | mysterious | unrecognisable"
        " | unrecognised | unrecognized | unfamiliar",
        "charge | charges | debit | debits | payment | payments | transaction | transactions"
        " | withdrawal | withdrawals | deduction | deductions | direct debit | direct debits"
        " | purchase | purchases | transfer | transfers | card payment | card payments")),
        part=True, report=False),
    # "Unknown payment method" is an error message, not a payment.
    Rule("unknown_kind", kw(unknown_kind=combine(
        "unknown payment | unknown transaction | unknown charge | unknown card payment",
        "method | methods | type | types | status | provider | gateway | error | code")),
        part=True, report=False, cancels=("unknown_money",)),
    Rule("money_vanished", kw(money_vanished=combine(
        "money | funds | my money | our money | the money | cash | balance | savings",
        "gone | is gone | has gone | disappeared | has disappeared | vanished | has vanished"
        " | missing | is missing | went missing | has gone missing")),
        part=True, report=False),
    Rule("from_mine", kw(from_mine=combine(
        "from | out of | off | from my | out of my | off my | from our | out of our",
        "my account | my wallet | my balance | my bank | my bank account | my card | our account"
        " | our bank account | our wallet | account | wallet | bank account | the account")),
        part=True, report=False),
    # "Debited on the 1st and again on the 2nd for the same month".
    Rule("same_period", kw(same_period=combine(
        "for the same | on the same | of the same",
        "month | period | week | year | order | invoice | item | booking | subscription"
        " | service | ticket | ride | trip | purchase | bill | renewal | plan")),
        part=True, report=False),
    Rule("again_word", kw(again_word=(
        "again | twice | a second time | two times")),
        part=True, report=False),
    # --- impact: messages a business sends stopped going out ---------------------
    Rule("outbound", kw(outbound=_OUTBOUND), part=True, report=False),
    Rule("stopped_going_out", kw(stopped_going_out=_STOPPED_OUT), part=True, report=False),
    Rule("not_going_out", kw(not_going_out=_NOT_OUT), part=True, report=False),
    Rule("all_of_them", kw(all_of_them=(
        "at all | any of | to any | to anyone | to anybody | to everyone | all week | all day"
        " | for anyone | for anybody | for everyone | for all | for any"
        " | anymore | any more | for days | for a week | none of | not one | not a single"
        " | all of our | every single")),
        part=True, report=False),
    # "Logged in as a certain Mark Delaney": the session of another person.
    Rule("as_other", kw(as_other=combine(
        "logged in as | signed in as | logged into | signed into | opened as | shows me as"
        " | showing me as | opens as | open as | logs me in as | logged me in as",
        "a certain | someone | somebody | another | a different | a stranger | someone elses"
        " | somebody elses | another persons | another users | another customers")),
        part=True, report=False),
    # "Why do you still have my card and address?": data kept after it
    # should have gone.
    Rule("still_have_mine", kw(still_have_mine=combine(
        "why do you still have | why do you still keep | why do you still store"
        " | why do you still hold | why are you still keeping | why are you still storing"
        " | why are you still holding | you still have | you still keep | you still store"
        " | you still hold | you are still keeping | you are still storing",
        "my | all my | our | her | his")),
        part=True, report=False),
    # "Our patients aren't getting their reminders": a whole group of
    # recipients.
    Rule("recipients_not_getting", kw(recipients_not_getting=combine(
        "customers | clients | patients | members | students | users | guests | subscribers"
        " | parents | drivers | staff | employees | tenants | buyers | attendees | players",
        "arent getting | are not getting | arent receiving | are not receiving | havent received"
        " | have not received | havent been getting | havent been receiving"
        " | have not been getting | have not been receiving | dont get | do not get"
        " | dont receive | do not receive | stopped getting | stopped receiving"
        " | no longer get | no longer receive | never got | never received | didnt get"
        " | did not get | didnt receive | did not receive | got nothing | received nothing"
        " | have received nothing | have got nothing | are getting nothing | get nothing"
        " | have had nothing | have been getting nothing")),
        part=True, report=False),
    # A business's equipment, all of it: "our tills can't take cards".
    Rule("our_fleet", kw(our_fleet=combine(
        "our | all our | all of our | both our | both of our | all the | all of the",
        "tills | terminals | card readers | card terminals | registers | pos terminals | kiosks"
        " | scanners | handhelds | printers | label printers | tablets | devices | machines"
        " | locks | cameras | sensors | vehicles | trackers | screens | displays | checkouts"
        " | self checkouts | pos | point of sale | card machines | payment terminals"
        " | computers | pcs | laptops | workstations | phones | branch | branches")),
        part=True, report=False),
    # Taken away by someone, told of a whole set: "all our listings were
    # removed" (with a scope word: "the old listings were removed" is not).
    Rule("data_gone_weak", kw(data_gone_weak=(
        "were removed | was removed | got removed | been removed | have been removed"
        " | taken down | were taken down | have been taken down | delisted | were delisted"
        " | were hidden | got hidden | unpublished | were unpublished | were archived")),
        part=True, report=False),
    # "Everything deleted after the update", "all gone".
    Rule("all_gone", kw(all_gone=combine(
        "everything | everything is | everything was | everything has been | everything got"
        " | all of it | all of it is | all of it was | all my data | all our data | all the data",
        "deleted | gone | disappeared | vanished | wiped | erased | lost | wiped out")),
        part=True, report=False),
    # "Our warehouse team has not been able to print any labels": a group
    # that cannot do any of its work.
    Rule("group_cannot", kw(group_cannot=combine(
        "our team | our staff | our warehouse | our warehouse team | our office | the team"
        " | our clinic | our practice | our surgery | our restaurant | our kitchen | our salon"
        " | our school | our pharmacy | our hotel | our call centre | our call center"
        " | our dispatch | our dispatchers | our sales team | our support team"
        " | the staff | our drivers | our agents | our employees | our store | our shop"
        " | our branch | our branches | our front desk | our reception"
        " | our cashiers | our technicians | our engineers | our nurses | our teachers",
        "cant | cannot | can not | has not been able to | hasnt been able to"
        " | have not been able to | havent been able to | is unable to | are unable to"
        " | couldnt | could not | is not able to | are not able to | arent able to")),
        part=True, report=False),
    Rule("any_work", kw(any_work=combine(
        ANY_WORK, "any | anything | a single | new | orders | payments | labels")
        + " | see any | view any | see anything | access any | access anything | see a single"
        " | use any | use anything"),
        part=True, report=False),
    # "We haven't had a single new ticket come in since 6am".
    Rule("none_in", kw(none_in=combine(
        "havent had a single | have not had a single | havent had any | have not had any"
        " | havent received a single | have not received a single | havent received any"
        " | have not received any | havent got a single | havent got any | not had a single"
        " | not received a single | no new | have had no | we had no | weve had no | had no"
        " | have received no | weve received no | received no | have got no | weve got no"
        " | got no | have seen no | weve seen no | have had zero | had zero | weve had zero"
        " | received zero | got zero | not taken a single | hasnt taken a single"
        " | has not taken a single | havent taken a single | have not taken a single"
        " | we not receive any | we dont receive any | we didnt receive any"
        " | we did not receive any | we are not receiving any | we arent receiving any"
        " | we are not getting any | we arent getting any | we not get any | we dont get any"
        " | we not receiving any"
        " | has not taken any | hasnt taken any | not taken any",
        "new ticket | new tickets | ticket | tickets | order | orders | booking | bookings"
        " | call | calls | email | emails | message | messages | payment | payments | lead"
        " | leads | new order | new orders | new booking | new bookings | sale | sales"
        " | customers | new customers | signups | sign ups | new signups | registrations"
        " | enquiries | new enquiries | appointments | new appointments | new lead | new leads"
        " | enquiry | new enquiry | inquiry | inquiries | new inquiries | submission"
        " | submissions | new submissions | application | applications | new applications"
        " | donation | donations | reservation | reservations | new reservations | quote request"
        " | quote requests | new members | new patients | new clients | referral | referrals"
        " | new referrals | job | jobs | new jobs | delivery | deliveries | ride | rides | trip"
        " | trips | booking request | booking requests | form submission | form submissions"
        " | transaction | transactions | card payment | card payments | sale today")),
        part=True, report=False),
    Rule("since_time", kw(since_time=(
        "since | all day | all morning | all afternoon | today | this morning | overnight"
        " | from 6am | for hours"
        # A baseline the day is set against: "normally we get 200 a day".
        " | normally we get | normally we have | normally we receive | usually we get"
        " | usually we have | usually we receive | we normally get | we usually get"
        " | we normally have | we usually have | we normally receive | we usually receive"
        " | on a normal day | a normal day | tonight | busiest | our busiest | peak")),
        part=True, report=False),
    # "The system delete all the orders of yesterday".
    Rule("wiped_all", kw(wiped_all=combine(
        "the system | the app | the update | the sync | the import | the migration | your system"
        " | your app | system | app | it | the software | the platform | your update",
        "delete all | deleted all | deletes all | has deleted all | erased all | wiped all"
        " | removed all | lost all | delete every | deleted every | wiped every | removed every"
        " | lost every | deleted our | wiped our | erased our | deleted my | wiped my"
        " | erased my")),
        part=True, report=False),
    # A figure now zero that was not yesterday: "shows $0 raised ... Yesterday
    # it was $187,420".
    Rule("zeroed", kw(zeroed=combine(
        "shows | says | showing | is | now | reads | shows only | at",
        "0 | zero | $ 0 | £ 0 | € 0 | 0 00 | $ 0 00 | £ 0 00 | € 0 00 | nothing | empty")),
        part=True, report=False),
    Rule("used_to_be", kw(used_to_be=(
        "yesterday it was | it was yesterday | before it was | used to be | until yesterday"
        " | last week it was | this morning it was | it was before")),
        part=True, report=False),
    # "Production is stopped now", "our assembly line stops".
    Rule("production_stopped", kw(production_stopped=combine(
        "production | our production | the production line | production line | the line"
        " | assembly line | our assembly line | our operations | operations | the warehouse"
        " | picking | dispatch | our kitchen | the factory | our factory | the plant"
        " | the lines | our lines | the machines | our machines | 2 and 3 | 1 and 2"
        " | lines 1 and 2 | lines 2 and 3 | both lines | all lines | the presses",
        "is stopped | has stopped | stopped | is at a standstill | is standing still"
        " | stands still | is halted | has halted | will stop | stops | is stopped now"
        " | has come to a halt | came to a halt | are standing | are standing still"
        " | are stopped | are at a standstill | stand still | are halted | are idle")),
        part=True, report=False),
    # "No electronic prescriptions are reaching pharmacy".
    Rule("none_reaching", kw(none_reaching=combine(
        "no | no new | no incoming | no outgoing | no electronic | no online | no automatic"
        " | not a single | zero",
        combine("prescriptions | orders | referrals | results | lab results | requests | tickets"
                " | emails | messages | payments | bookings | calls | jobs | files | documents"
                " | invoices | notifications | transfers | deliveries",
                "are reaching | reach | reached | are arriving | arrive | are coming through"
                " | come through | are getting through | get through | are going through"
                " | go through | are coming in | come in | are being received | are being sent"
                " | are being delivered | are being processed | are being created | have arrived"
                " | have come in | have come through | at all"))),
        part=True, report=False),
    # "I logged into our account on the shared computer in a hotel and I'm
    # fairly sure I didn't log out".
    Rule("public_computer", kw(public_computer=(
        "shared computer | public computer | hotel computer | library computer"
        " | business centre computer | business center computer | someone elses computer"
        " | a friends computer | internet cafe | shared pc | public pc | hotel business centre"
        " | hotel business center | computer at the hotel | computer in the hotel")),
        part=True, report=False),
    Rule("not_logged_out", kw(not_logged_out=(
        "didnt log out | did not log out | forgot to log out | forgot to sign out | didnt sign out"
        " | did not sign out | still logged in | still signed in | end that session"
        " | end the session | log me out | sign me out | never logged out")),
        part=True, report=False),
    # "The tip was added twice".
    Rule("added_twice", kw(added_twice=combine(
        "tip | fee | charge | tax | vat | service charge | delivery fee | booking fee | surcharge"
        " | payment | amount | deposit | subscription",
        "was added twice | added twice | was applied twice | applied twice | was counted twice"
        " | counted twice | was included twice | was taken twice | charged twice"
        " | added two times | applied two times")),
        part=True, report=False),
    # Personal details on a public page: "home addresses showing on the public
    # 'Meet the team' page".
    Rule("public_place", kw(public_place=(
        "on the public | on our public | on a public | publicly visible | publicly | in public")),
        part=True, report=False),
    # --- frames: a feature idea, a condition about a device -------------------
    Rule("feature_ask", kw(feature_ask=(
        "could you add | can you add | would you add | could you please add | can you please add"
        " | would it be possible to add | is it possible to add | add an option | add a button"
        " | feature request | feature idea | feature suggestion | would love to see"
        " | would love a | would love an | it would help if | wish there was | wish there were"
        " | i wish you | suggestion for | a suggestion | idea for")),
        part=True, report=False),
    # "Should I delete everything and start over?", "what happens to my
    # data if I delete my account?": the customer's own step, not a request.
    Rule("own_step", kw(own_step=(
        "should i | should we | do i need to | do we need to | would it help to | is it ok to"
        " | is it safe to | can i just | could i just | if i | if we | in case i | in case we"
        " | once i | once we | what happens if | what happens to my | what happens to our"
        " | what do you do with my | what do you do with our")),
        part=True, report=False),
    Rule("if_lost", kw(if_lost=combine(
        "if my | if our | if a | if the | if someone | if somebody | if i lose | if we lose"
        " | in case my | in case i lose | in case of | what if | what happens if | should my"
        " | should i lose | in the event my | in the event of | when a | when my",
        _DEVICES)),
        part=True, report=False),
)
# fmt: on
