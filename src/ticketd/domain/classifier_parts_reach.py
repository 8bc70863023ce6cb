"""Situation parts for how far a malfunction reaches (ruleset 2026.11-20):
the business itself halted, a whole set of things affected, data the
customer cannot get back, and the other side of the same boundary, the
rest still working.

The line between severe business impact (high) and a plain malfunction
(medium) is scope (its other side, a fault that stays contained, is in
``classifier_parts_contained``): "none of the video consultations are connecting",
"all 14 agents are affected", "we've stopped taking calls until this is
fixed" against "backup for one VM fails, all other 40 VMs are fine", "my
mate's app works". Each part is a word family for one of those ideas,
composed in ``classifier_situations_impact``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["COUNTS", "REACH_PARTS"]

# The things a business runs on, plural: what "none of the ..." and
# "all our ..." count.
_RUNS_ON = (
    "consultations | video consultations | video calls | calls | appointments | bookings"
    " | orders | payments | transactions | emails | messages | texts | reminders | notifications"
    " | prescriptions | referrals | results | invoices | payouts | transfers | uploads | jobs"
    " | reports | sessions | meetings | deliveries | shipments | labels | tickets | claims"
    " | kiosks | terminals | tills | machines | devices | screens | printers | scanners"
    " | cameras | sensors | phones | lines | searches | logins | sign ins | check ins"
    " | filings | submissions | forms | documents | files | records | backups | syncs"
    " | webhooks | integrations | sites | stores | shops | branches | locations | surgeries"
    " | clinics | offices | gyms | pharmacies | warehouses | depots | restaurants | venues"
    " | schools | entities | accounts | apps | servers | vms | machines | routes | shifts"
    " | classes | lessons | courses | streams | channels | campaigns | workflows"
    " | automations | drivers | cleaners | couriers | riders | agents | staff | nurses"
    " | doctors | clinicians | teachers | members | users | customers | clients | patients"
    " | guests | buyers | sellers | employees | workers | technicians | engineers"
    " | payslips | confirmations | quotes | estimates | statements | receipts | updates"
)
# Places a business has more than one of: "at all three of our surgeries".
_PLACES = (
    "sites | stores | shops | branches | locations | surgeries | clinics | offices | gyms"
    " | pharmacies | warehouses | depots | restaurants | venues | schools | practices | hotels"
    " | studios | salons | outlets | sites | campuses | hospitals | wards | centres | centers"
    " | franchises | kitchens | cafes | bars | pubs | stations"
)
COUNTS = (
    "two | three | four | five | six | seven | eight | nine | ten | eleven | twelve | fifteen"
    " | twenty | thirty | forty | fifty | " + " | ".join(str(n) for n in range(2, 101))
)
# How many places a business has: "across 14 gyms".
_FEW = (
    "two | three | four | five | six | seven | eight | nine | ten | twelve | fifteen | twenty"
    " | " + " | ".join(str(n) for n in range(2, 41))
)
# The business stops its own work because of the fault.
_WE_STOP = (
    "we have stopped | weve stopped | we stopped | we had to stop | weve had to stop"
    " | we stop | we stopped all | we have stopped all"
    " | we have had to stop | we cant | we cannot | we can not"
    " | we are unable to | were unable to | we have to stop | we must stop | we will have to stop"
    " | we had to pause | weve had to pause | we have paused | weve paused | we paused"
    " | we have suspended | weve suspended | we suspended | we had to suspend"
    " | had to stop | had to pause | had to suspend | forced to stop"
)
_HALTED_WORK = (
    "taking calls | taking orders | taking bookings | taking payments | taking appointments"
    " | accepting orders | accepting bookings | accepting payments | accepting patients"
    " | accepting new | taking new | selling | trading | operating | dispatching | shipping"
    " | seeing patients | serving customers | checking in | quote or issue | quote | issue any"
    " | invoicing | processing orders | processing payments | processing claims"
    " | onboarding | opening | booking appointments | booking anyone | booking patients"
    " | printing | printing now | packing | picking | delivering | production"
)
# A whole set of records written over: "set the weight of every SKU to 0".
_SET_ALL = (
    "set the | set all | changed the | changed all | overwrote the | overwrote all"
    " | overwritten the | replaced the | replaced all | reset the | reset all | wiped the"
)

# fmt: off
REACH_PARTS: tuple[Rule, ...] = (
    # --- the business halted ----------------------------------------------------
    # "We've stopped taking calls from customers until this is fixed", "we
    # can't quote or issue any tickets".
    Rule("business_halted", kw(business_halted=(
        combine(_WE_STOP, _HALTED_WORK)
        + " | " + combine(
            "the shop is | the store is | the clinic is | the restaurant is | the office is"
            " | the warehouse is | the salon is | the gym is | the cafe is | we are | were"
            " | we have | weve | we had to | had to | we will have to | we have had to",
            "closed because | closed until | close because | close the shop | close the store"
            " | closed early | close early | shut because | shut until | shut the doors"
            " | close the doors | cancel all | cancelled all | cancel every | cancelled every")
        + " | " + combine(
            "losing | missing | lost | missed | costing us | cost us | missing out on"
            " | we are losing | were losing | we are missing | we have lost | weve lost",
            "thousands | thousands in | thousands of | tens of thousands | all our sales"
            " | every sale | every booking | every order | a whole days sales | a days takings"
            " | all our bookings | all our orders")
        + " | turning customers away | turning patients away | turning people away"
        " | sending customers away | sent staff home | sent the staff home | sent everyone home"
        " | sent the team home | sent our drivers home | closed the shop | closed the store"
        " | closed our doors | close the doors | closed the clinic | shut the shop"
        " | shut the store | cannot trade | cant trade | unable to trade | cannot operate"
        " | cant operate | unable to operate | losing every sale | losing all our sales")),
        part=True, report=False),
    # Customers waiting in person: "patients standing at the counter",
    # "queues out of the door", "customers sitting in the shop".
    Rule("people_waiting", kw(people_waiting=(
        combine("customers | patients | guests | clients | people | passengers | shoppers"
                " | diners | members | drivers | visitors | parents | students | callers",
                "sitting in the | standing at the | waiting at the | waiting in the"
                " | stuck at the | stranded at | queuing at | queueing at | are queuing"
                " | are queueing | stuck in the queue | are stranded"
                " | are sitting in | are standing at | are waiting at | are waiting in")
        + " | shop full of customers | store full of customers | a full waiting room"
        " | waiting room full of | clinic full of patients | restaurant full of"
        " | salon full of | queue of customers | queues of customers | line of customers"
        " | queues out of the door | queue out of the door | queue out the door"
        " | queues out the door | line out the door | lines out the door | queue out of the shop"
        " | queues at reception | queue at reception | queue at the counter"
        " | " + combine("staff | employees | workers | drivers | nurses | cleaners | carers"
                        " | contractors | couriers | riders | teachers | agents | technicians"
                        " | our staff | our employees | our drivers | our workers | everyone",
                        "are waiting for their pay | are waiting to be paid | have not been paid"
                        " | havent been paid | werent paid | were not paid | didnt get paid"
                        " | did not get paid | not been paid | are still waiting for their pay"
                        " | are still waiting to be paid")
        + " | queues at the counter | waiting room is full")),
        part=True, report=False),
    # Working from paper instead: "re-issuing on paper", "checking people in
    # by hand from printed lists".
    Rule("paper_fallback", kw(paper_fallback=(
        "on paper | pen and paper | paper forms | paper records | printed lists"
        " | printed list | from printed | paper backup | paper based"
        " | handwritten | by hand from | manual cards | on whiteboards | on a whiteboard")),
        part=True, report=False),
    Rule("fallback_staff", kw(fallback_staff=(
        "staff | our staff | the staff | reception | receptionists | nurses | doctors | gps"
        " | clinicians | drivers | cashiers | agents | teachers | we are | were | everyone"
        " | the team | our team | technicians | pharmacists | managers | we have to"
        " | we had to | we are having to | were having to | having to")),
        part=True, report=False),
    # --- the reach ----------------------------------------------------------------
    # "None of the video consultations", "not one of our cleaners": read
    # with what should happen ("are connecting", "has been assigned").
    Rule("none_set", kw(none_set=combine(
        "none of the | not one of the | not a single one of the | none of our | not one of our"
        " | not a single one of our | 0 of | zero of | none of | not one of",
        _RUNS_ON)
        + " | " + combine("none of the | none of our",
                          combine("online | video | scheduled | new | outgoing | automatic"
                                  " | automated | electronic",
                                  _RUNS_ON))),
        part=True, report=False),
    # "At any pharmacy", "to any buyer": read with a negated working verb.
    Rule("any_set", kw(any_set=combine(
        "at any | to any | in any | from any | for any | on any",
        "pharmacy | store | branch | site | location | buyer | customer | client | patient"
        " | member | user | surgery | clinic | office | shop | warehouse | depot | recipient"
        " | supplier | carrier | bank | device | terminal | till | school | of our | of the")),
        part=True, report=False),
    # "At all three of our surgeries", "across 14 gyms", "both our offices":
    # read with a failure.
    Rule("all_set", kw(all_set=(
        combine("at all | at all of our | at all our | across all | across all our | in all"
                " | in all our | at every | in every | across every | across our | at both"
                " | at both our | in both | in both our | both our | all our | all of our"
                " | every one of our", _PLACES)
        + " | " + combine(combine("at all | across all | in all | for all | to all | all",
                                  _FEW), "of our | our | of the")
        + " | " + combine("half | half of | most | most of | two thirds of | a third of"
                          " | three quarters of | most of the | half the",
                          "our " + _PLACES.replace("|", "| our ") + " | " + _PLACES)
        + " | " + combine("across | at", combine(_FEW, _PLACES)))),
        part=True, report=False),
    Rule("goes", kw(goes=(
        "connect~ | arriv~ | work~ | load~ | log in | login | sign in | been assigned | assigned"
        " | dispatched | picked up | went to production | gone to production | went out"
        " | gone out | go out | going out | come through | came through | coming through"
        " | get through | got through | getting through | went through | gone through"
        " | processed | been processed | been sent | sent | delivered | been delivered"
        " | reached | reaching | synced | printed | shipped | filed | been filed | submitted"
        " | been submitted | recorded | been recorded | created | been created | running"
        " | generated | been generated | issued | been issued | paid | been paid | made"
        " | ran | run | has run | completed")),
        part=True, report=False),
    Rule("fails", kw(fails=(
        "affected | are affected | were affected | have been affected | impacted"
        " | are impacted | down | offline | unavailable | service unavailable | not available"
        " | crash~ | fail~ | failing | error~ | spin~ | just spins | not filed | never filed"
        " | not submitted | never submitted | not been filed | not been submitted"
        " | not been sent | never sent | not sent | not processed | not working | broken")),
        part=True, report=False),
    # People, all of them: "none of us can open it", "the whole team, 8
    # people", "all 30 people on our team" (read with what they cannot do).
    Rule("people_none", kw(people_none=combine(
        "none of us | not one of us | nobody | no one | noone | nobody here | no one here"
        " | nobody in the office | nobody on the team | nobody on our team | no one on our team"
        " | no one in our team | nobody in our team | none of the team | none of our team"
        " | none of my team | none of our staff | none of the staff",
        combine("can | could | is able to | are able to | has been able to",
                "open | log in | login | sign in | get in | access | load | use | see | view"
                " | work | connect | print | send | save | upload | download | start | reach"
                " | get to | book | check in | take | process | submit | scan | create | edit"
                " | find | give | donate | pay | buy | order | check out | register | sign up"
                " | enrol | enroll | watch | play | stream | listen"))),
        part=True, report=False),
    # A purpose or a hope, not a failure: "so that nobody can see it", "make
    # sure no one can log in as me".
    Rule("nobody_wanted", kw(nobody_wanted=combine(
        "so | so that | make sure | making sure | to make sure | ensure | to ensure | hope"
        " | i hope | we hope | want | want it so | in order that | to check",
        "nobody | no one | noone | none of us")),
        part=True, report=False, cancels=("people_none",)),
    Rule("people_all", kw(people_all=(
        "all of us | every one of us | everyone on the team | everyone in the team"
        " | everyone on our team | everyone in our team | everyone in the office"
        " | the whole team | our whole team | the entire team | our entire team | whole team"
        " | " + combine("whole | entire | our whole | our entire | the whole | the entire",
                        combine("sales | support | marketing | finance | accounts | engineering"
                                " | dev | design | ops | operations | customer service"
                                " | warehouse | kitchen | front desk | reception | nursing"
                                " | admin | hr | it | billing | service | night | day | field",
                                "team | staff | department | shift"))
        + " | entire team | the whole office | the whole staff | all our staff | all staff"
        " | all the staff | " + combine(combine("all | all of the | for all", _FEW),
                                       "people | users | staff | agents | employees"
                                       " | colleagues | members | of us"))),
        part=True, report=False),
    # "The print queue processed nothing overnight", "synced nothing since
    # Monday" (the time inside the phrase: "nothing" would negate it).
    Rule("did_nothing", kw(did_nothing=combine(
        "processed | sent | synced | delivered | imported | exported | printed | recorded"
        " | posted | published | shipped | dispatched | uploaded | backed up | generated"
        " | has processed | has sent | has synced | has recorded | has imported | has printed"
        " | has done | did | has run | ran | logged | has logged | captured | has captured",
        combine("nothing | nothing at all | zero | not a thing",
                "overnight | since | all day | all morning | all night | this morning"
                " | last night | for days | for hours | all week | today | yesterday"
                " | for a week | in days | for two days | for three days"))
        # Learner English: "our audit log not record anything since 5 days".
        + " | " + combine(combine(
            "not | isnt | is not | hasnt | has not | havent | have not | didnt | did not"
            " | doesnt | does not | dont | do not",
            "record | recorded | recording | log | logged | logging | sync | synced | syncing"
            " | send | sent | sending | process | processed | processing | capture | captured"
            " | import | imported | importing | receive | received | receiving"),
            "anything since | anything for | anything at all")),
        part=True, report=False),
    # "Our drivers are all stuck", "the pickers are all idle".
    Rule("group_all_stuck", kw(group_all_stuck=combine(
        "our | all our | the",
        combine("drivers | agents | staff | cashiers | nurses | doctors | teachers | pickers"
                " | packers | technicians | engineers | couriers | riders | cleaners | users"
                " | customers | clients | patients | members | employees | workers | stores"
                " | shops | branches | sites | terminals | tills | devices | kiosks | printers"
                " | scanners | phones",
                "are all stuck | are all locked out | are all blocked | are all offline"
                " | are all down | are all unable | are all idle | all stuck | all locked out"
                " | all offline | all down | all frozen | are all frozen | are all affected"
                " | are stuck | are locked out | are idle | are offline | are down | are frozen"))),
        part=True, report=False),
    # "Locked everyone out of the building", "logged us all out".
    Rule("all_shut_out", kw(all_shut_out=combine(
        "locked | locks | locking | kicked | kicks | logged | logs | shut | shuts | threw"
        " | throws | signed | signs",
        "everyone out | everybody out | us all out | all of us out | all our staff out"
        " | all our users out | every user out | all users out | the whole team out"
        " | the whole office out | all staff out")),
        part=True, report=False),
    # "Payment links we send all return an error page", "they all fail".
    Rule("all_fail", kw(all_fail=combine(
        "all | they all | all of them | every one of them | each of them | each one",
        "return an error | return errors | return an error page | return a 404 | return 404"
        " | return 500 | fail | failed | are failing | show an error | give an error"
        " | give errors | error out | errored | bounce | bounced | crash | crashed | are broken"
        " | are down | are blank | time out | timed out | get rejected | got rejected"
        " | were rejected | are rejected | get declined | are declined")),
        part=True, report=False),
    # "Lost their pipelines", "lost all our notes": data lost by its owner.
    Rule("lost_owned", kw(lost_owned=combine(
        "lost their | lost all their | lost our | lost all our | lost all my"
        " | lost all of our | lost all of their | lost all of my | lost all the",
        "pipelines | pipeline | notes | files | data | records | contacts | customers data"
        " | history | photos | documents | projects | boards | tasks | deals | leads | emails"
        " | messages | conversations | chats | invoices | bookings | appointments | orders"
        " | entries | timesheets | templates | work | progress | saves | uploads | recordings"
        " | reports | dashboards | settings and data | content | posts | listings | inventory"
        " | stock levels | calendar | calendars | schedules | rosters | course progress")),
        part=True, report=False),
    # Data of a stretch of time: "our history before May", "all the data
    # from this year", "orders from last week".
    Rule("period_data", kw(period_data=combine(
        "history | data | records | entries | emails | messages | orders | invoices"
        " | transactions | files | photos | documents | bookings | appointments | notes"
        " | timesheets | logs | everything | contacts | tickets | conversations | chats",
        "before | from before | prior to | older than | earlier than | from this year"
        " | from last year | from this month | from last month | from last week"
        " | from this week | from the last | from the past | from yesterday | for this year"
        " | for last year | for the whole year | for the last | of the last | of this year"
        " | of last year")),
        part=True, report=False),
    Rule("all_data", kw(all_data=combine(
        "all | all the | all of the | all our | all of our | all my | all of my",
        "data | records | files | documents | photos | contacts | entries | history | emails"
        " | messages | notes | orders | invoices | customers | bookings | appointments"
        " | transactions | attachments | uploads | projects | tasks | timesheets | grades"
        " | results | images | pictures | videos | recordings")),
        part=True, report=False),
    # Written over for everyone: "the sync overwrote the changes of the
    # whole team".
    Rule("overwrote_verb", kw(overwrote_verb=(
        "overwrote | overwritten | has overwritten | reverted | rolled back | undid | undone"
        " | wiped out | wiped | erased | deleted | removed")),
        part=True, report=False),
    # A total or a price at zero: "every invoice now shows a total of £0".
    Rule("zero_value", kw(zero_value=(
        "of 0 | of £ 0 | of $ 0 | of € 0 | to 0 | to zero | as 0 | as zero | at 0 | at zero"
        " | £ 0 | $ 0 | € 0 | 0 00 | is 0 | is zero | are 0 | are zero")),
        part=True, report=False),
    # The shop closed by the fault: "our shop online is closed" next to a
    # failure ("our shop is closed on Sundays" alone is opening hours).
    Rule("shop_closed", kw(shop_closed=combine(
        "our shop | our online shop | our shop online | our store | our online store"
        " | our webshop | our website | the shop | the store",
        "is closed | is shut | has closed | had to close | is closed now | is now closed")),
        part=True, report=False),
    # Messages to the business's own customers, a whole stream by nature.
    Rule("outbound_customers", kw(outbound_customers=combine(
        "messages | emails | texts | sms | reminders | notifications | invoices | confirmations"
        " | receipts | newsletters | alerts | updates",
        "to our customers | to customers | to our clients | to clients | to our patients"
        " | to patients | to our members | to members | to our guests | to guests | to our users"
        " | to our buyers | to buyers | to our subscribers | to subscribers | to parents"
        " | to our parents | to our tenants | to tenants | to our students | to students")),
        part=True, report=False),
    # "0 of 530 orders went to production", "zero out of 40 bookings".
    Rule("zero_of", kw(zero_of="0 of | 0 out of | zero of | zero out of"),
         part=True, report=False),
    # "No tracking emails have gone out", "no order confirmations were sent".
    Rule("no_kind", kw(no_kind=combine(
        "no | zero | not a single | not one",
        combine("tracking | shipping | order | booking | appointment | payment | invoice"
                " | delivery | dispatch | confirmation | reminder | welcome | marketing | new"
                " | automated | automatic | outgoing | incoming | scheduled | renewal | receipt"
                " | password reset | verification | dunning | follow up | review",
                "emails | texts | messages | sms | notifications | reminders | alerts | orders"
                " | bookings | calls | payments | confirmations | updates | requests"))
        + " | " + combine("no | zero | not a single | not one",
                          "payslips | invoices | reminders | prescriptions | payouts"
                          " | confirmations | deliveries | orders | bookings | appointments"
                          " | calls | texts | emails | notifications | payments | transfers"
                          " | shipments | leads | referrals | claims | filings | backups"
                          " | reports")),
        part=True, report=False),
    # --- data the customer cannot get back -----------------------------------------
    # "These are the only copies", "we don't have an export from before".
    Rule("only_copy", kw(only_copy=(
        "the only copies | the only copy | our only copy | my only copy | only copies"
        " | no other copy | no other copies | no copies | no backup | no backups"
        " | dont have a backup | do not have a backup | dont have any backup"
        " | dont have an export | do not have an export | no export from before"
        " | dont have a copy | do not have a copy | havent got a backup | have no backup"
        " | not backed up anywhere | never backed up | nowhere else")),
        part=True, report=False),
    Rule("data_broken", kw(data_broken=(
        "broken | grey boxes | gray boxes | broken image | could not be loaded | cannot be loaded"
        " | cant be opened | cannot be opened | wont open | empty | blank | missing | gone"
        " | deleted | lost | corrupt~ | damaged | to 0 | to zero | not exist | dont exist"
        " | do not exist | no longer exist | doesnt exist | does not exist | overwritten"
        " | overwrote | wiped | erased | reset | set to 0 | with the same | to the same"
        " | all the same")),
        part=True, report=False),
    # "Set the weight of every SKU in the store to 0 kg": a value written
    # over a whole catalogue.
    Rule("set_all", kw(set_all=combine(_SET_ALL, (
        "weight | weights | price | prices | stock | quantity | quantities | status | statuses"
        " | date | dates | value | values | amount | amounts | name | names | category"
        " | categories | tax | vat | currency | size | sizes"))),
        part=True, report=False),
    # "Replaced every customer's phone number with the same number".
    Rule("overwrote_every", kw(overwrote_every=(
        "replaced every | overwrote every | overwritten every | changed every | set every"
        " | reset every | wiped every | replaced each | changed each | overwrote all"
        " | replaced all | reset all | wiped all the")),
        part=True, report=False),
    Rule("every_item", kw(every_item=(
        combine("every | all | all our | all of our | all the | each", (
            "sku | skus | product | products | item | items | listing | listings | variant"
            " | variants | record | records | customer | customers | contact | contacts"
            " | invoice | invoices | order | orders | employee | employees | booking"
            " | bookings | row | rows | entry | entries | account | accounts | appointment"
            " | appointments | class | classes | lesson | lessons | shift | shifts | event"
            " | events | reservation | reservations | payslip | payslips | student | students"))
        + " | whole catalogue | whole catalog | entire catalogue | entire catalog"
        " | whole store | entire store | whole inventory | entire inventory")),
        part=True, report=False),
    # Files said not to exist: "30% of files not exist".
    Rule("files_not_exist", kw(files_not_exist=combine(
        "files | folders | photos | documents | records | data | emails | entries"
        " | projects | items | images | videos",
        "not exist | dont exist | do not exist | no longer exist | dont exist anymore"
        " | are not there | arent there | not there anymore | are not there anymore")),
        part=True, report=False),
)
# fmt: on
