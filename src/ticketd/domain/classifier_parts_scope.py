"""Broad concepts for severe impact: who is affected (a whole group, anyone
in it, nobody), a function that does not work (any negated working verb:
"aren't ringing", "not opening", "won't print"), a key job that failed,
and data lost, reset, scrambled or made wrong (see
``classifier_parts_concepts`` for the idea of word families).
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["DATA_NOUNS", "SCOPE_PARTS"]

# What customers keep in a service, plural and singular.
DATA_NOUNS = (
    "records | data | files | documents | photos | pictures | videos | recordings | messages"
    " | emails | chats | conversations | notes | contacts | customer records | client records"
    " | texts | text messages | sms | notifications | counts | stock counts | leads | deals"
    " | orders | invoices | bookings | appointments | reservations | entries | responses"
    " | survey responses | form responses | submissions | answers | results | scores | grades"
    " | marks | progress | history | logs | reports | projects | tasks | posts"
    " | comments | reviews | listings | products | items | inventory | stock | stock levels"
    " | prices | playlists | songs | saves | my save | the save | cloud save | save file"
    " | save game | saved game | game progress"
    " | levels | achievements | workouts | recipes | timesheets | timesheet entries | shifts"
    " | schedules | rosters | payslips | transactions | statements | receipts | attachments"
    " | uploads | backups | folders | albums | boards | pages | designs | drafts | templates"
    " | forms | surveys | courses | lessons | assignments | homework | favourites | favorites"
    " | bookmarks"
    " | wishlist | journal | diary | streak | points | balance | balances | credits | calendar"
    " | events | figures | totals | amounts | quantities | readings | values | salaries"
    " | rates | spreadsheet"
    " | spreadsheets | database | catalogue | catalog | portfolio | library | archive | inbox"
    " | customer statement | invoice | the log | audit log | audit logs | audit trail"
    " | activity log | event log | change log | call log | call logs | access log | access logs"
    " | timetable | timetables | rota | rotas | agenda"
)
_NOT = (
    "not | arent | isnt | dont | doesnt | didnt | wont | cant | cannot | can not | no longer"
    " | never | stopped | unable to | fails to | failed to | failing to | wasnt | werent"
    " | havent | hasnt | has not | have not | is not | are not | do not | does not | did not"
    " | will not | couldnt | could not | refuse to | refuses to"
)
# Working verbs, every form: "aren't ringing", "won't open", "not printing".
_WORKING = (
    "ring~ | work~ | load~ | open~ | connect~ | start~ | show~ | print~ | scan~ | send~ | sent"
    " | receive~ | sync~ | update~ | save~ | upload~ | download~ | play~ | stream~ | respond~"
    " | appear~ | display~ | arrive~ | come through | coming through | go through"
    " | going through | get through | getting through | reach~ | dial~ | call~ | log in"
    " | logging in | sign in | signing in | login | launch~ | run | running | ran | process~"
    " | submit~ | deliver~ | post~ | publish~ | charg~ | pay | paying | book~ | register~"
    " | record~ | track~ | notify | notifying | alert~ | trigger~ | fire | firing | import~"
    " | export~ | generat~ | generate | generated | generating"
    " | calculat~ | accept~ | take payments | take card payments"
    " | take cards | go out | going out | gone out | get in | getting in | boot~ | turn on"
    " | come up | coming up | show up | showing up"
)

_MORE_WORKING = (
    "report~ | pull~ | fetch~ | refresh~ | transmit~ | communicat~ | reconcil~ | respond~"
    " | connect~ | dispens~ | detect~ | measur~ | monitor~ | answer~ | online | working"
    " | functioning | operational | available | come in | coming in | came in"
    # What a whole group cannot see: "none of the drivers see their routes".
    " | see their | see the | see any | see our | view their | view the | access their"
    " | see | view | receive"
    " | access the | open their | get their | find their"
)

# fmt: off
SCOPE_PARTS: tuple[Rule, ...] = (
    # "Anybody in our office", "everyone at the school", "for anyone".
    # "Anybody in" + "our office" (``group_place``; a situation joins them).
    Rule("anyone_at", kw(anyone_at=combine(
        "anybody | anyone | everybody | everyone | nobody | no one | all of us | any of us"
        " | none of us | all staff | all the staff", "in | at | on | across")),
        part=True, report=False),
    Rule("scope_group", kw(scope_group=(
        "for anybody | for anyone | for everybody | for everyone | for all of us"
        " | " + combine("for any | for any of our | for all my | for all of my | for all our",
                        "member | members | user | users | customer | customers | client"
                        " | clients | staff | student | students | patient | patients"
                        " | employee | employees | driver | drivers | guest | guests | agent"
                        " | agents | player | players")
        + " | for any of us | for all users | for all our users | for every user"
        " | any of our | all of our | none of our | on any of | on all of | across the"
        " | anyones | anybodys | everyones | everybodys | nobodys | no ones"
        " | in the family | in our family | "
        + combine("whole | entire | our whole | our entire | the whole | the entire",
                  "call centre | call center | warehouse | factory | site | plant | fleet | store"
                  " | shop | restaurant | hotel | clinic | hospital | school | campus"
                  " | department | floor | branch | network | company | office | team | staff"
                  " | business | organisation | organization | building | practice")
        + " | "
        + combine(combine("all", "two | three | four | five | six | seven | eight | nine | ten"
                                 " | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 12 | 15 | 20"),
                  "of our | of my")
        + " | "
        + combine("for all my | for all our | for all of my | for all of our | for every"
                  " | for each of our | for any of our | for all the",
                  "clients | customers | users | members | students | patients | staff"
                  " | employees | guests | drivers | visitors | subscribers | buyers | players"
                  " | client | customer | user | member | student | patient | employee | guest"
                  " | driver | visitor | subscriber | buyer | player | team | teams | sites"
                  " | class | classes | lesson | lessons | course | courses | department"
                  " | vehicle | vehicles | event | events | shift | shifts | room | rooms"
                  " | branches | stores | shops | locations | offices | accounts")
        + " | all phones | all devices | all our phones | all our devices"
        " | all tablets | all computers | all laptops | every phone | every device"
        " | every tablet | every computer | every laptop | all vehicles | every vehicle"
        " | all trucks | every truck | all vans | every van | all sensors | every sensor"
        " | all cameras | every camera | all tills | every till | all terminals"
        " | every terminal | all kiosks | every kiosk | all printers | every printer")),
        part=True, report=False),
    Rule("not_functioning", kw(not_functioning=combine(_NOT, _WORKING)),
         part=True, report=False),
    # Working verbs on their own, for "none of our sensors are reporting",
    # "none of our bank feeds have pulled a single transaction".
    Rule("working", kw(working=_WORKING + " | " + _MORE_WORKING), part=True, report=False),
    Rule("nothing_can", kw(nothing_can=combine(
        "nothing can be | nothing could be | nothing gets | nothing is being | nothing will be",
        "reconcil~ | process~ | sent | deliver~ | sync~ | print~ | ship~ | shipped | publish~"
        " | record~ | save~ | upload~ | import~ | generat~ | book~ | scan~ | dispatch~")),
        part=True, report=False),
    # "None of our bank feeds", "not one of my sensors": the customer's own
    # fleet, read with a working verb.
    Rule("none_of_ours", kw(none_of_ours=(
        "none of our | not one of our | none of my | not one of my | not a single one of our"
        " | " + combine("none of the | not one of the | not a single one of the",
                        "drivers | staff | employees | users | customers | clients | members"
                        " | agents | stores | shops | branches | sites | devices | terminals"
                        " | tills | printers | scanners | cameras | sensors | trucks | vehicles"
                        " | machines | kiosks | locations | students | teachers | nurses"
                        " | doctors | patients | guests | workers | technicians | cashiers"))),
        part=True, report=False),
    # Blank or not loading, read only with a whole group: "booking page
    # blank for all my clients".
    Rule("blank_word", kw(blank_word=(
        "blank | loads blank | is blank | shows blank | completely blank | goes blank"
        " | went blank | white screen | white page | blank screen | blank page")),
        part=True, report=False),
    # People kept from working: "40 agents sitting idle".
    Rule("people_idle", kw(people_idle=combine(
        "agents | staff | employees | people | workers | drivers | technicians | nurses"
        " | teachers | cashiers | operators | engineers | team | everyone | we | they | pickers"
        " | packers | chefs | cooks | crews | guards | couriers | dispatchers | riders",
        "sitting idle | are idle | idle | cant work | cannot work | can not work | sent home"
        " | standing around | unable to work | doing nothing | sitting around")),
        part=True, report=False),
    # Empty or blank at scale: "trip history is empty for every vehicle".
    Rule("empty_word", kw(empty_word=(
        "empty | blank | nothing | missing | completely blank | completely empty | all blank"
        " | all empty | shows nothing | show nothing | shows 0")),
        part=True, report=False),
    # --- impact -----------------------------------------------------------------------
    Rule("key_job", kw(key_job=(
        "backup~ | back up | back ups | nightly | payroll | pay run | payment run | scheduled"
        " | cron | batch | recurring | direct debits | standing orders | automatic payments"
        " | auto payments | end of day | overnight | daily run | nightly run | scheduled job~"
        " | scheduled task~ | scheduled export~ | scheduled report~ | daily report~"
        " | nightly job~ | nightly export~ | daily export~ | daily sync | nightly sync"
        " | salary run | billing run | invoice run | month end"
        # Money a business sends out on a schedule: "payments to our suppliers".
        " | payments to our | payments to | payouts to our | transfers to our"
        " | supplier payments | bill payments | salary payments | wage payments")),
        part=True, report=False),
    Rule("job_failed", kw(job_failed=(
        "fail~ | errored | crash~ | stopped | not running | didnt run"
        " | did not run | never ran | hasnt run | has not run | havent run | have not run"
        " | skipped | not run | did not happen | didnt happen | 0 bytes | zero bytes | 0 kb"
        " | 0kb | 0 mb | 0 b | is empty | are empty | was empty | were empty"
        " | not happened | hasnt happened | no longer runs | stopped running | aborted"
        " | timed out | times out | not completed | didnt complete | did not complete"
        " | never completed | hasnt completed | not done | didnt go | did not go"
        " | didnt go out | did not go out | havent gone out | have not gone out | werent sent"
        " | were not sent | werent made | were not made | never went out | zero byte | 0 byte"
        " | an empty file | a blank file | empty file | blank file | did not generate"
        " | didnt generate | not generated | wasnt generated | werent generated"
        " | were not generated")),
        part=True, report=False),
    Rule("data_store", kw(data_store=DATA_NOUNS + " | donations | donation | gifts | documents"
                                      " | agreements"
                                      " | contracts | certificates | quantities"
                                      " | bills of material"),
         part=True, report=False, proper=True),
    # Data gone, in words that say so ("lost" alone is also a lost invoice
    # e-mail or "report a lost card"; "it's gone" after a refresh and a
    # blank PDF are one thing not shown).
    Rule("data_gone", kw(data_gone=(
        "vanished | disappeared | have disappeared | has disappeared | were deleted"
        " | was deleted | got deleted | been deleted | have been deleted | wiped | wiped out"
        " | erased | corrupted | destroyed | are gone | is gone | are all gone | all gone"
        " | went missing | gone missing | all missing | are all missing | lost all"
        " | lost every | have been lost | has been lost | were lost | got lost | was lost")),
        part=True, report=False),
    # Numbers ruined beyond one wrong value.
    Rule("corrupted", kw(corrupted=(
        "multiplied | halved | scrambled | garbled | jumbled | back to zero | back to 0"
        # Pictures replaced by placeholders: "all grey squares".
        " | grey squares | gray squares | grey boxes | gray boxes | blank squares | blank boxes"
        " | black squares | black boxes | broken images | broken image icons"
        " | back to level | back to the start | back to square one | set to zero | set to 0"
        " | back to the tutorial | back to the beginning | back to day one | back to level one"
        " | back to level 1 | back to the first level | started from scratch | from scratch"
        " | zeroed | overwritten | overwrote | corrupted | corrupt | costs 0 | cost 0"
        # Mixed between accounts (one customer's mix-up needs scale, below).
        " | mixed up between | mixed between | swapped between | mixed up across"
        " | merged with another account | mixed with another account | " + combine(
            "mixed up | mixed | swapped | merged | shuffled | crossed over",
            "between accounts | across accounts | between customers | between users"
            " | between clients | between patients | between companies | between tenants"))),
        part=True, report=False),
    # Ruined only at scale ("every figure is doubled", "the whole team's
    # entries are duplicated"): one duplicated message is a malfunction.
    Rule("corrupted_weak", kw(corrupted=(
        "doubled | duplicated | tripled | reset | was reset | got reset | were reset"
        # Values moved or blown up: "shifted by one line", "100 times too big".
        " | shifted | shifted by | misaligned | off by one | times too big | times too high"
        " | times too large | times too small | times too low | times bigger | times higher"
        " | wrong amounts | nonsense | invalid | is invalid | are invalid"
        " | been reset | mixed up | shuffled | swapped | out of order | all the same"
        " | showing the same | mixed with | last months | last weeks | yesterdays"
        " | outdated | out of date | stale | old balances | old figures | old prices"
        " | went negative | gone negative | are negative | negative | gibberish"
        " | chinese characters | question marks | weird characters | strange characters"
        " | random characters | garbage characters | symbols instead | wrong language"
        " | someone elses | shows double | show double | showing double | are all wrong"
        " | is all wrong | all incorrect | are all incorrect | 0 00 | show 0 | shows 0"
        " | show as 0 | showing 0 | showing as 0"
        " | show zero | shows zero | showing zero | show as zero | are 0 | are zero | are now 0"
        " | are now zero | at 0 | at zero | now 0 | now zero")),
        part=True, report=False),
    # What a file or list holds, not who is affected: "the export of all
    # users is missing a column".
    Rule("contents_of_all", kw(contents_of_all=combine(
        "export | exports | list | lists | report | reports | csv | spreadsheet | file | files"
        " | download | table | summary | overview | backup | sheet | printout | pdf",
        "of all | of every | with all | containing all | of all the | of all our | of every single"
        " | listing all | showing all")),
        part=True, report=False,
        cancels=("everyone_all", "scope_all", "scope_group", "all_data", "every_item")),
    # An amount of 0.00 is a price or a total, not a count of nothing: "one
    # invoice shows 0.00 instead of 25.00" (at scale it is corrupted data).
    Rule("zero_amount", kw(zero_amount=combine(
        "shows | show | showing | shows as | show as | showing as | is | was | at | of | for"
        " | says | said", "0 00 | £ 0 00 | $ 0 00 | € 0 00")),
        part=True, report=False, cancels=("zero_count",)),
    # --- the service down, and for how long -------------------------------------
    # The service as a whole showing no service: a maintenance page, a blank
    # page (for hours or days: below).
    Rule("site_down", kw(site_down=(
        "maintenance | scheduled maintenance | maintenance page | maintenance mode"
        " | blank white page | blank page | white page | white screen | blank screen"
        " | is down | been down | is offline | been offline | unreachable | wont load"
        " | will not load | not loading | doesnt load | does not load | cant connect"
        " | error page | be right back | " + combine(
            "server is | site is | app is | system is | website is | platform is | api is"
            " | portal is | server | website | system", "not responding | stopped responding")
        + " | been dead | have been dead | has been dead | are dead"
        " | is dead | went dead | gone dead"
        # The business's own site: "our website is not opening", "our web
        # shop has been suspended".
        " | " + combine("our website | our site | our webshop | our web shop | our online shop"
                        " | our online store | our booking site | our booking page | our shop"
                        " | our store | our homepage | our home page",
                        "is not opening | not opening | isnt opening | is not loading"
                        " | isnt loading | is not coming up | isnt coming up | is not accessible"
                        " | isnt accessible | has been suspended | is suspended | was suspended"
                        " | got suspended | is not working | isnt working | not working"))),
        part=True, report=False, proper=True),
    Rule("hours_long", kw(hours_long=(
        "for hours | for over an hour | for more than an hour | all morning | all afternoon"
        " | all day | all evening | since this morning | since last night | since morning"
        " | since the morning | since early morning | since early this morning | since yesterday"
        " | since last evening | since yesterday evening | since yesterday morning"
        " | from this morning | from morning | the whole day | whole day | since opening"
        " | since we opened | since opening time | " + combine(
            "for | for about | for around | for nearly | for almost | for over | for more than",
            "two hours | three hours | four hours | five hours | 2 hours | 3 hours | 4 hours"
            " | 5 hours | 6 hours | several hours | a few hours")
        # "since 2 hours", "since 3 days": a duration in many learners' English.
        + " | " + combine("since", "2 hours | 3 hours | 4 hours | 5 hours | two hours"
                                   " | three hours | several hours | 2 days | 3 days | 4 days"
                                   " | two days | three days | several days"))),
        part=True, report=False),
    Rule("scope_all", kw(scope_all=(
        "every | every single | all | all our | all of our | all the | all of the | everyone"
        " | everybody | whole | entire | for all | across all | company wide | all of them")),
        part=True, report=False),
)
# fmt: on
