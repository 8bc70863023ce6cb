"""Situation parts for severe impact, data loss, data-protection requests,
sarcasm and wrong results: who is affected (everyone, nobody), what stopped
or vanished, what the customer asks about their personal data, and praise
that meets harm.

Each part is a small vocabulary (a ``Rule`` with ``part=True``), matched in
a layer of its own where overlaps are kept; ``classifier_situations``
composes them into situations ("none of our reminders" + "went out" in one
sentence is a function stopped for everyone).
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["IMPACT_PARTS"]

_PRODUCT = "the sync | the update | the import | the migration | the app | your app | the system"
_GONE = (
    combine(_PRODUCT, "deleted | wiped | erased | removed | overwrote | lost | corrupted")
    + " | "
    + combine(
        "has | have | had | it has | they have | it",
        "deleted | wiped | erased | overwritten | overwrote | destroyed | corrupted",
    )
    + " | deleted every | deleted all | wiped every | wiped all | erased every | erased all"
    " | removed every | removed all"
    + " | gone | vanished | disappeared | wiped | wiped out | erased | lost | corrupted | corrupt"
    " | damaged | zeroed | blanked | overwritten | scrambled | garbled | destroyed"
    " | were deleted | was deleted | been deleted | got deleted | have disappeared | file not found"
    " | wiping | erasing | deleting all"
)
_DATA = (
    "history | files | file | photos | pictures | documents | data | records | entries | contacts"
    " | tickets | notes | attachments | cards | profiles | emails | messages | amounts | values"
    " | invoices | orders | projects | folder | folders | database | backups | work | everything"
    " | all of it | conversations | logs | reports | recordings | uploads | drafts"
    " | content | posts | list | lists | boards | timesheets | transactions | workouts"
    " | bookings | appointments | events | reservations | tasks | jobs | deals | leads"
    " | products | listings | songs | playlists | courses | lessons | progress | templates"
    " | workflows | automations | pages | calendar | inbox | account data | balance | points"
    " | all of my | all my | all our | all of our | recipes | notes | saved | catalogue"
    " | catalog | inventory | items | stock | menu | portfolio | gallery | album | albums"
    " | library | archive | articles | booking | appointment | reservation | order | project"
    " | document | photo | record | contact | ticket | note | post | board | course | lesson"
    " | playlist | profile | roster | rosters | register | enrolments | enrollments"
    " | class list | students | pupils | pdfs | images | videos | spreadsheets | spreadsheet"
    " | sheets | csvs | scans | addresses | saved addresses | prices | settings"
    " | measurements | readings | results | figures | scores | grades | conversation | chat"
    " | chats | chat history | matches | match | friends | followers | favourites | favorites"
    " | wishlist | watchlist | saved items | bookmarks"
)
_PEOPLE = (
    "customers | clients | users | members | students | agents | staff | employees | people"
    " | colleagues | technicians | drivers | patients | guests | buyers | shoppers | visitors"
    " | subscribers | learners | teachers | coaches | sellers | workers | reps | admins | teams"
    " | tenants | residents | parents | families | pupils | donors | volunteers | recruiters"
    " | partners | suppliers | vendors | merchants | riders | players | members | attendees"
    " | participants"
)
_THINGS = (
    "label | order | invoice | ticket | tracking number | number | student | shipment | parcel"
    " | booking | message | email | page | report | file | payment | transaction | job"
    " | document | record | contact | appointment | reservation | delivery | product | listing"
    " | item | account | user | customer | client | member | employee | request | form"
    " | submission | upload | download | photo | video | post | entry | sale | receipt"
    " | notification | reminder | call | device | machine | terminal | scanner | printer"
    " | location | store | site | branch | patient | guest | driver | tenant | reading"
    " | grade | result | score | price | amount | total | balance | thread | link | barcode"
    " | visitor | buyer | shopper | subscriber | person | learner | player | pdf | image"
    " | campaign | newsletter | broadcast | automation | workflow | backup | export | sync"
    " | card | till | reader | card reader | card terminal"
    " | text | sms | recording | camera | scheduled campaign | scheduled post | scheduled job"
    " | scheduled message | scheduled email | scheduled report | shipping label"
    " | attachment | signup | sign up | registration | checkout | login | search | consultation"
    " | prescription | referral | claim | quote | payslip | statement | dispatch"
)
_COUNTED = (
    "delivered | sent | processed | received | arrived | opened | generated | printed"
    " | uploaded | synced | published | recorded | saved | files | orders | sales | bookings"
    " | events | visits | documents | items | records | contacts"
    " | transactions | payments | messages | emails | tickets | leads | pageviews | sessions"
    " | entries | photos | signups | calls"
)
_SENT_THINGS = (
    "sms | texts | emails | messages | reminders | notifications | invoices | orders | payments"
    " | jobs | reports | alerts | confirmations | receipts | calls | bookings | webhooks"
    " | payouts | newsletters | campaigns | backups | syncs | transfers | recordings"
    " | labels | uploads | footage | clips"
)
# Whole groups by their kind, a count inside: "every parent", "for all our
# guards", "all 5 of our apps".
_GROUPS = (
    "users | customers | clients | members | parents | teachers | pupils | students | guests"
    " | drivers | riders | passengers | agents | employees | staff | workers | sellers | buyers"
    " | vendors | merchants | tenants | residents | patients | nurses | doctors | guards"
    " | volunteers | players | subscribers | callers | visitors | attendees | donors | learners"
    " | trainees | technicians | cashiers | couriers | pickers | dispatchers | engineers"
    " | franchisees | branches | stores | shops | sites | locations | offices | depots | warehouses"
)
_ONE_OF_GROUP = (
    "user | customer | client | member | parent | teacher | pupil | student | guest | driver"
    " | rider | passenger | agent | employee | seller | buyer | vendor | merchant | tenant"
    " | resident | patient | nurse | guard | volunteer | player | subscriber | caller | visitor"
    " | attendee | donor | learner | courier | picker | branch | store | shop | site | location"
)
_WHOLE_GROUPS = (
    combine(
        "every | all | all our | all the | all of our | for all | for all our | for every"
        " | to every | to all",
        _GROUPS,
    )
    + " | "
    + combine("every | for every | to every", _ONE_OF_GROUP)
    + " | "
    + combine(
        combine(
            "all",
            "2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 12 | 15 | 18 | 20 | 25 | 30 | 40"
            " | 50 | 100 | two | three | four | five | six | ten",
        ),
        "of our | of my | of the | our",
    )
)
_PRAISE = "great | brilliant | wonderful | fantastic | perfect | lovely | amazing | awesome | super"

# fmt: off
IMPACT_PARTS: tuple[Rule, ...] = (
    Rule("everyone_none", kw(
        everyone_none=("none of | nobody | no one | not a single | not one | noone"
                       " | hasnt recorded a single | " + combine(
                           "no | zero | no scheduled | no automated | no automatic | no outgoing"
                           " | no daily | no weekly | no monthly | no nightly",
                           _SENT_THINGS))),
        part=True, report=False),
    # "Nothing is being sent": the verb sits under the negator, so the phrase
    # is a whole situation on its own.
    Rule("nothing_happening", kw(nothing_happening=combine(
        "nothing | none of it | none of them",
        "has been processed | has synced | has gone through | is being delivered | is arriving"
        " | has been delivered | has been sent | was sent | was delivered"
        " | gets through | went out | goes out | has gone out | is going out | is being sent"
        " | is coming through | is being processed | runs | ran | has run | is running"
        " | has been published | is getting through | is syncing | syncs | is being posted"
        " | saved | was saved | has been saved | recorded | was recorded | has been recorded"
        " | stored | was stored | uploaded | has uploaded | backed up | has been backed up"
        " | generated | has generated | was generated | printed | has printed | has shipped"
        " | shipped | has been shipped | has gone out | sending | is sending | sends | send"
        " | goes | go | is going | getting sent | gets sent | arrives | arriving | is arriving")),
        part=True, report=False),
    # A purpose, not a report: "a quiet-hours setting so nothing goes out at
    # night", "make sure nobody can log in".
    Rule("purpose", kw(purpose=combine(
        "so that | to make sure | make sure | to ensure | ensure | in order that",
        "nothing | nobody | no one | none of")
        # "so nobody can sign up" after a failure is its consequence; a
        # plain present after "so" is a purpose.
        + " | " + combine("so nothing | so nobody | so no one", "goes | gets | is | arrives")),
        part=True, report=False, cancels=("nothing_happening", "everyone_none")),
    # Having access is not asking for it: "an address I no longer have
    # access to".
    Rule("access_held", kw(access_held=(
        "have access to | has access to | had access to | having access to | lost access to"
        " | gain access to | got access to | get access to")),
        part=True, report=False, cancels=("dp_access",)),
    # Praise of an absence: "zero downtime", "not a single complaint".
    # One person unreachable is not everyone failing: "people can't reach
    # me on my real number".
    Rule("reach_me", kw(reach_me=combine(
        "people | friends | customers | clients | family | anyone | nobody",
        "cant reach me | cannot reach me | cant call me | cannot call me | cant contact me"
        " | cannot contact me | cant text me | can reach me | can call me")),
        part=True, report=False, cancels=("people_cannot", "everyone_none", "everyone_all")),
    # Effort, not failure: "we can't easily change it for everyone".
    Rule("effort", kw(effort=combine(
        "cant | cannot | can not | couldnt", "easily | simply | just | really | quickly")),
        part=True, report=False, cancels=("failure",)),
    Rule("good_absence", kw(good_absence=combine(
        "zero | no | not a single | not one | without any | without a single",
        "downtime | complaint | complaints | issue | issues | problem | problems | hiccup"
        " | hiccups | glitch | glitches | error | errors | outage | outages")
        + " | " + combine(
            "error rate | errors | error count | failures | failure rate | complaints | downtime"
            " | bugs | issues | churn | bounce rate | bounces",
            "dropped to zero | dropped to 0 | down to zero | down to 0 | went to zero"
            " | fell to zero | fell to 0 | is now zero | are now zero")),
        part=True, report=False, cancels=("everyone_none", "failure", "zero_count")),
    Rule("everyone_all", kw(
        everyone_all=("every single | everyone | everybody | all our | all of our | all my"
                      " | all of my | any of our | any of my | for all"
                      " | all of us | across all | for everyone | all users | every user"
                      " | every customer | every one of | all accounts | whole | entire"
                      " | every phone call | all phone calls"
                      " | every incoming call | all incoming calls | every member | all members"
                      " | every user in | every employee | every driver | every student"
                      " | every patient | every client | all of them | every one of them | "
                      + _WHOLE_GROUPS + " | "
                      " | company wide | when anyone | whenever anyone | as soon as anyone"
                      " | anyone who | any user | any of them | any of the | to all our"
                      " | anyone in our | anyone on our | for any of us | for all of us"
                      " | for any customer | for any customers | for any client | for any clients"
                      " | for any user | for any users | for anybody | for any of them"
                      " | for any of our | no customer can | no customers can | no user can"
                      " | anyone clicking | anyone trying | anyone using | anyone who clicks"
                      " | anyone who tries | everyone clicking | everyone trying | everyone using"
                      " | half the team | half of the team | half our team | half of our"
                      " | half the staff | half the office | most of our | most of the team"
                      " | most of the staff | most users | most of our users"
                      " | not a single customer | not one customer"
                      " | " + combine("all", "two | three | four | five | six"
                                                  " | seven | eight | nine | ten | twelve"
                                                  " | fifteen | twenty | thirty | fifty | "
                                                  + " | ".join(str(n) for n in range(2, 101)))
                      + " | to all of our | to any of | "
                      + combine("every | every single | all | all the | all of the | all our"
                                " | every new | all new | every incoming | all incoming",
                                " | ".join(f"{t.strip()} | {t.strip()}s" for t in
                                           _THINGS.split("|")))
                      + " | all " + " | all ".join(
                          p.strip() for p in _PEOPLE.split("|")))),
        part=True, report=False),
    Rule("whole_org", kw(
        whole_org=("whole company | entire company | whole team | entire team | whole office"
                   " | entire office | whole business | entire business | whole organisation"
                   " | whole organization | entire organisation | entire organization"
                   " | company wide | companywide | all sites | all our sites | all branches"
                   " | every branch | " + combine("whole | entire | all of the | our whole",
                                                 "street | road | block | building | area"
                                                 " | neighbourhood | neighborhood | village"
                                                 " | town | estate | postcode | floor"))),
        part=True, report=False),
    Rule("scheduled", kw(
        scheduled=("scheduled | automatic | automated | recurring | nightly | cron | autopay"
                   " | direct debits | standing orders | backup | backups | jobs | batch"
                   " | batches | workflows | automations | payroll run"
                   " | weekly | daily | monthly | hourly | nightly | payroll | salaries | wages"
                   " | pay run | payment run | webhooks | syncs"
                   " | export job | import job | reminders | reminder emails"
                   " | reminder texts | reminder sms | appointment reminders | confirmation emails"
                   " | order confirmations | booking confirmations | automated emails"
                   " | automatic emails | auto emails | automated messages | automated texts")),
        part=True, report=False),
    Rule("not_run", kw(not_run=combine(
        "didnt | did not | hasnt | havent | has not | have not | wasnt | werent | never | not"
        " | no longer | stopped",
        "run | ran | running | go out | gone out | going out | fire | fired | firing | trigger"
        " | shipped | been shipped | synced | been synced"
        " | go through | gone through | went through | been paid | get paid | pay out"
        " | emailed | been emailed | delivered | been delivered | generated | been generated"
        " | triggered | publish | published | publishing | go live | gone live | gone | send"
        " | sent | sending | process | processed | processing | execute | executed | happen"
        " | happened | start | started | been sent | been processed | been run")),
        part=True, report=False),
    # "Dashboard down. Whole team.": a bare "down" is an outage only next to
    # a whole organisation ("scroll down" is not).
    Rule("down_word", kw(down_word="down"), part=True, report=False),
    Rule("affected", kw(affected="affected | impacted | hit by | hit by this"),
         part=True, report=False),
    Rule("people_cannot", kw(people_cannot=combine(
        _PEOPLE, "cant | cannot | are unable | arent able | can no longer | werent able"
                 " | are locked out | are all locked out | keep getting kicked out"
                 " | have been unable | have not been able | havent been able"
                 " | have been locked out")),
        part=True, report=False),
    Rule("happening", kw(
        happening=("fire | fires | firing | gone out | went out | go out | going out | been sent"
                   " | sent | getting | gets | got | arrived | arrive | reached | recorded | run"
                   " | ran | running | received | receiving | delivered | processed"
                   " | triggered | synced | syncing | appears | showing up"
                   " | coming in | come through | gone through | went through | can log"
                   " | completed | finished | succeeded | worked | been processed | updated"
                   " | collected | picked up | shipped | dispatched | paid out | been paid"
                   " | gone live | go live | went live | published | been published | posted"
                   " | leaving | getting out | getting through | going through | reaching | reach"
                   " | gone to | went to | made it to | sent to | delivered to | got to"
                   " | making it | getting to | generated | generate | generating | printed"
                   " | printing | uploaded | uploading | saved | saving | recorded | recording"
                   " | backed up | imported | exported | loaded | loading | opened | opening | "
                   + combine(
                       "can",
                       "print | take | process | accept | make | connect | load | start | create"
                       " | find | view | upload | download | check | reach | play | submit | save"
                       " | scan | book | buy | pay | use | get | see | open | access | sign"
                       " | order | send | receive | login | complete | log | reset | change | pay"
                       " | register | enrol | join | post | publish | download | verify | confirm",
                   ))),
        part=True, report=False),
    Rule("failure", kw(
        failure=("crash~ | closes | fail~ | stopped | broken | cant | cannot | unable | stuck"
                 " | timeout | times out | timed out | time out"
                 " | bounce~ | bounced back"
                 " | empty | missing | zero | not working | is down | are down | went down"
                 " | gone down | been down | was down | logged out | locked out"
                 " | error~ | unusable | no longer | not loading | wont load | wont open"
                 " | freezes | frozen | blank page | spinning | spins | from working | stopping"
                 " | not found | cant be opened | cannot be opened | damaged | 500 | 502 | 503"
                 " | 504 | blank screen | white screen | black screen | shifted | wrong"
                 " | white page | blank white | blank page"
                 # Calls dropped, a status code, learner English, sessions ended, rights lost.
                 " | closing by itself | closes by itself | keeps closing | shuts down"
                 " | shutting down"
                 " | only silence | just silence | dead air | complete white | completely white"
                 " | totally white | all white | completely blank | invalid | is invalid"
                 " | are invalid | not valid"
                 " | downgraded | read only | readonly | lost their permissions | lost permissions"
                 " | demoted"
                 " | logs everybody out | logs everyone out | logs us all out | logs all users out"
                 " | logs all of us out | kicks everyone out | kicks everybody out"
                 " | kicks us all out"
                 " | session expired | sessions expired | kicked out | thrown out | booted out"
                 " | drops after | dropped after | drop after | cuts off after | cut off after"
                 " | disconnects after | disconnected after | hangs up after | goes dead after"
                 " | 401 | 403 | no work | no working | not function | no function | wont unlock"
                 " | cant unlock | will not unlock | doesnt unlock | does not unlock"
                 " | are blank | are all blank | comes out blank | come out blank | print blank"
                 " | printing blank | printed blank | blank space | blank labels | blank pages"
                 " | incorrect | reject~ | refus~ | declin~ | never publish~ | never goes live"
                 " | never appears | disappear~ | vanish~ | corrupt~ | garbled | maintenance"
                 " | maintenance page | error page | an error page | down for maintenance | "
                 # "have not been receiving any of the emails".
                 + combine("have not been | havent been | has not been | hasnt been | are not"
                           " | arent | werent | were not | is not | isnt | not",
                           "receiving | getting | sending | syncing | running | working"
                           " | loading | delivered | processed | received | arriving")
                 + " | "
                 + combine(
                     "didnt | did not | hasnt | havent | wasnt | werent | never | wont | isnt"
                     " | arent | not",
                     "run | ran | go out | gone out | arrive | arrived | send | sent | sync"
                     " | synced | process | processed | load | work | fire | trigger | deliver"
                     " | delivered | get paid | been paid",
                 ))),
        part=True, report=False),
    # A job whose last good run is long past: "the last successful backup
    # was 19 days ago".
    Rule("stale_run", kw(stale_run=combine(
        "last successful | last completed | last good | last complete | last working"
        " | last finished", "backup | backups | run | sync | export | import | job | upload")),
        part=True, report=False),
    Rule("zero_count", kw(zero_count=(
        combine("0 | zero", _COUNTED) + " | shows 0 | show 0 | showing 0 | shows zero"
        " | dropped to zero | dropped to 0 | gone to zero")),
        part=True, report=False),
    Rule("data_object", kw(data_object=_DATA), part=True, report=False, proper=True),
    # "Gone to the old address", "gone live": gone somewhere, not lost.
    Rule("gone_somewhere", kw(gone_somewhere=combine(
        "gone | went", "to | into | through | out | up | down | live | back | over | ahead"
        " | wrong | off | on | missing for me | missing for one"
        # "Everything has gone smoothly", "invoices haven't gone across".
        " | across | smoothly | well | fine | great | ok | okay | according | as planned"
        " | to plan | quiet | quiet on | silent | mad"
        " | viral | public | private | offline | online | dark | red | green | grey | gray")),
        part=True, report=False, cancels=("gone", "data_gone")),
    Rule("gone", kw(gone=_GONE), part=True, report=False),
    # --- data protection ---------------------------------------------------------
    Rule("praise_word", kw(
        praise_word=("great job | thanks a lot | thanks for | thank you for | well done | nice work"
                     " | nice job | good job | love how | love that | great | brilliant"
                     " | fantastic | wonderful | top notch | awesome | amazing | perfect"
                     " | lovely | cheers for | thanks so much | so helpful")),
        part=True, report=False),
    Rule("harm_done", kw(
        harm_done=("breaking | losing | deleting | wiping | stripping | ruining | crashing"
                   " | killing | wasting | ignoring | screwing | messing | charging me"
                   " | stripped | ruined | wiped out | broke | not a single alert"
                   " | didnt get a single | no alert | no warning | yet another | nobody asked for"
                   " | logs me out | another outage | removed | took away | taking away"
                   " | got rid of | hid | hiding | downloads a | empty")),
        part=True, report=False),
    # "Killing it", "crushing it": praise idioms, not harm done.
    Rule("praise_idiom", kw(praise_idiom="killing it | crushing it | nailing it | smashing it"),
         part=True, report=False, cancels=("harm_done",)),
    Rule("sarcasm_marker", kw(
        sarcasm_marker=(combine("oh | just", _PRAISE)
                        + " | thanks for nothing | thanks a bunch | yeah right | what a joke"
                        " | i especially enjoy | gotta love | love that for me | love this for me"
                        " | so glad i pay | so glad we pay | what a treat | just what i needed")),
        part=True, report=False),
    # --- malfunction: shows the wrong thing -------------------------------------------
    Rule("wrong_output", kw(
        wrong_output=("instead of | fewer | lower than | higher than | different from | differs"
                      " | should be | should say | should show | should read"
                      " | doesnt add up | dont add up | off by | out by | shifted | literally")),
        part=True, report=False),
)
# fmt: on
