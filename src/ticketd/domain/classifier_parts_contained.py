"""Situation parts for the other side of the impact boundary (ruleset
2026.11-20): a fault that stays contained is a plain malfunction. The rest
of a set still works ("all other 40 VMs are backing up fine", "my mate's
app works"), a note that does not save is not data lost ("after a page
refresh it's gone"), a part of the screen gone is not data gone ("the
logo is gone from the invoices"), a figure a widget shows is not work
stopped, orders missed are business lost rather than records destroyed,
and a closure announced is no outage. Composed in
``classifier_situations_impact``; the frames are
``classifier_situations.WHOLE_SENTENCE_FRAMES``.
"""

from __future__ import annotations

from ticketd.domain.classifier_parts_reach import COUNTS
from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["CONTAINED_PARTS"]

# What the rest of a set is: "all other 40 VMs", "the other three".
_OTHER_THINGS = (
    "vms | servers | machines | devices | cameras | sensors | printers | terminals | tills"
    " | phones | tablets | laptops | computers | rows | lines | records | entries | files"
    " | documents | orders | invoices | payments | transactions | jobs | backups | syncs"
    " | automations | workflows | integrations | webhooks | events | pipelines | reports"
    " | campaigns | emails | messages | reminders | notifications | links | pages | forms"
    " | products | listings | items | accounts | users | customers | clients | members"
    " | employees | staff | drivers | agents | patients | students | stores | shops"
    " | branches | sites | locations | apps | channels | calendars | feeds | banks | cards"
    " | properties | projects | boards | folders | templates | episodes | videos | songs"
    " | courses | lessons | classes | teams | one | ones | features | settings"
)

# fmt: off
CONTAINED_PARTS: tuple[Rule, ...] = (
    # --- the rest still works ------------------------------------------------------
    # "All other 40 VMs are backing up fine", "the other three on the same
    # wifi are fine", "GPS works fine in every other app".
    Rule("the_others", kw(the_others=(
        combine("all other | all the other | every other | the other | our other | all our other"
                " | all my other | my other | all of my other | all of our other"
                " | the rest of the | the remaining | all the remaining | our remaining",
                _OTHER_THINGS + " | " + COUNTS)
        + " | " + combine("my | his | her | a", (
            "friend | friends | friends one | mate | mates | mates one | colleague | colleagues"
            " | husband | husbands | wife | wifes | partner | partners | brother | brothers"
            " | sister | sisters | coworker | coworkers | flatmate | flatmates | neighbour"
            " | neighbours | neighbor | neighbors | boss | manager"))
        # "The rest of the app is fine".
        + " | " + combine("the rest of the | the rest of our | the rest of my", (
            "app | system | site | platform | product | service | account | website | portal"
            " | dashboard | features | integrations | tool | software | workspace")))),
        part=True, report=False),
    Rule("still_fine", kw(still_fine=(
        "fine | ok | okay | normally | as normal | as usual | without problems"
        " | without any problems | without issue | without issues | still work | still works"
        " | still working | work normally | works normally | are working | is working"
        " | unaffected | not affected | still gets | still get | still has | still have"
        " | still arrive | still arrives | still post | still posts | still goes through"
        " | still go through | went through | go through")),
        part=True, report=False),
    # "The other day", "the other way round": not other things.
    Rule("other_idiom", kw(other_idiom=(
        "the other day | the other week | the other night | the other morning"
        " | the other way | the other side | on the other hand | each other | one another")),
        part=True, report=False, cancels=("the_others",)),
    # "Lost 3 good orders today", "lose customers": business missed, not
    # data destroyed.
    Rule("lost_business", kw(lost_business=combine(
        "lost | lose | losing | we lost | i lost | we are losing | im losing",
        combine("a few | some | several | many | a lot of | good | 2 | 3 | 4 | 5 | 6 | two"
                " | three | four | five | six | a couple of | a couple | potential",
                "orders | good orders | jobs | good jobs | sales | customers | bookings | deals"
                " | clients | leads | trips | rides | deliveries | fares | tips | shifts"))),
        part=True, report=False,
        cancels=("gone", "data_object", "data_gone", "data_store", "lost_owned")),
    # A measure reading zero: read with ``metric_view``, a wrong figure
    # (medium), where the frame keeps it from being work stopped.
    Rule("reads_zero", kw(reads_zero=(
        "shows 0 | show 0 | showing 0 | shows zero | show zero | showing zero | shows as 0"
        " | reads 0 | reading 0 | reads zero | report 0 | reports 0 | reporting 0"
        " | dropped to zero | dropped to 0 | gone to zero | went to zero | fell to zero"
        " | stuck at 0 | stuck at zero | at 0 | is 0 | are 0")),
        part=True, report=False),
    # --- not a stop, not a fall -----------------------------------------------------
    # "He hasn't stopped showing off his haircut", "down from 6 hours to
    # under 2": a thing going on, a figure improving.
    Rule("not_stopped", kw(not_stopped=combine(
        "hasnt stopped | has not stopped | havent stopped | have not stopped | never stopped"
        " | didnt stop | did not stop | doesnt stop | does not stop | cant stop | cannot stop",
        "| showing | talking | raving | smiling | telling | using | recommending | laughing"
        " | praising | going on")),
        part=True, report=False,
        cancels=("failure", "job_failed", "not_functioning", "connector_stop", "fails")),
    Rule("down_from", kw(down_from=combine(
        "down from | went down from | gone down from | come down from | dropped from"
        " | fell from | cut from | reduced from", "| a | an | the | about | around | over")),
        part=True, report=False, cancels=("down_word", "fails", "failure")),
    # --- one connector stopped ------------------------------------------------------
    # One integration that stopped firing is a broken feature, however far
    # its output reaches ("our QuickBooks sync stopped pushing, nothing goes
    # across", "the Zap stopped triggering, 30 applicants since"): the
    # connector (singular) and its stop in one sentence.
    Rule("connector", kw(connector=(
        "webhook | zap | sync | integration | connector | automation | bank feed | feed"
        " | plugin | plug in | api connection | data feed")),
        part=True, report=False),
    Rule("connector_stop", kw(connector_stop=(
        "stopped | has stopped | stopped working | stopped firing | stopped triggering"
        " | stopped syncing | stopped pushing | stopped pulling | stopped sending"
        " | stopped running | hasnt fired | has not fired | hasnt triggered"
        " | has not triggered | isnt firing | is not firing | isnt triggering"
        " | is not triggering | not firing | not triggering | isnt syncing | is not syncing"
        " | not syncing | doesnt fire | does not fire | doesnt trigger | does not trigger"
        " | not working | isnt working | is not working | disconnected | keeps disconnecting")),
        part=True, report=False),
    # A stop over a whole set is not one connector's: "has not fired for any
    # order since Friday".
    Rule("stop_for_any", kw(stop_for_any=combine(
        "stopped | stopped firing | stopped triggering | stopped syncing | stopped sending"
        " | hasnt fired | has not fired | hasnt triggered | has not triggered | not firing"
        " | not triggering | not syncing | not working",
        "for any | for any of | for all | for all of | for every | on any | on all | at all"
        " | anywhere")),
        part=True, report=False, cancels=("connector_stop",)),
    # A scheduled sync is a key job, not one connector ("the nightly sync
    # hasn't run": ``classifier_parts_scope.key_job``).
    Rule("scheduled_connector", kw(scheduled_connector=combine(
        "nightly | scheduled | daily | hourly | weekly | overnight | automatic",
        "sync | import | feed | export | integration | automation")
        # Nor is the way the business takes money: "the payment plugin".
        + " | " + combine("payment | payments | checkout | card | card payment | pos | till",
                          "integration | connector | plugin | plug in | sync | feed")),
        part=True, report=False, cancels=("connector",)),
    # --- frames (``classifier_situations.WHOLE_SENTENCE_FRAMES``) -------------------
    # A figure a view shows, not work done: "the widget has shown 0 every
    # day", "open tracking shows 0%", "ratings have dropped to zero".
    Rule("metric_view", kw(metric_view=(
        "widget | open tracking | click tracking | open rate | open rates | click rate"
        " | click rates | ratings | rating | counter | chart | graph | filter | percentage"
        " | conversion rate | analytics | statistics | stats | kpi | tile | badge"
        # Audience and device measures: "CSAT showing 0%", "battery shows 0%",
        # "downloads for one show dropped to zero".
        " | csat | nps | score | scores | battery | battery level | downloads | views"
        " | impressions | clicks | opens | visits | followers | likes | listens | plays"
        " | satisfaction score | response rate | signal strength")),
        part=True, report=False),
    # Not kept rather than lost: "when I refresh the note is gone", "after a
    # page refresh it's gone".
    Rule("not_kept", kw(not_kept=(
        "when i refresh | when i reload | after a refresh | after refresh | after a page refresh"
        " | after refreshing | after reloading | after a reload | page refresh | on refresh"
        " | not saving | doesnt save | does not save | dont save | do not save"
        " | wont save | isnt saving | arent saving | not being saved | doesnt stick"
        " | wont stick | not sticking | doesnt persist | not persisting"
        # Thrown out of one's own session: the work in hand is lost, not data
        # ("the app logs me out and I start the claim from scratch").
        " | logs me out | logged me out | logging me out | log me out | kicks me out"
        " | kicked me out | kicking me out | signs me out | signed me out | throws me out"
        " | threw me out")),
        part=True, report=False),
    # A part of the screen gone, not data: "the logo is gone from the PDFs",
    # "the Homework tab has disappeared", "the drag handles are gone".
    Rule("ui_gone", kw(ui_gone=combine(
        "logo | tab | button | icon | icons | menu | menu item | toolbar | sidebar | handles"
        " | drag handles | option | options | link | field | column | banner | header | footer"
        " | dropdown | checkbox | toggle | widget | panel | shortcut | setting | settings"
        " | feature | filter | filters | theme | font | fonts | layout | colour | color"
        " | signature | tile | tiles | section | view | arrow | scrollbar | search bar"
        " | search box | tooltip | badge | avatar | profile picture | picture | image | images",
        "gone | is gone | are gone | has gone | have gone | had gone | disappeared"
        " | has disappeared | have disappeared | had disappeared | vanished | has vanished"
        " | have vanished | missing | is missing | are missing | went missing | has gone missing"
        " | was removed | were removed | got removed | is not there | isnt there")
        # A part of the layout named before where it sits, the verb later:
        # "the signature on our outgoing emails disappeared", "the logo at
        # the top of the invoices has gone".
        + " | " + combine("the | our | my | their | your | an | a | the email | our email", combine(
            "signature | logo | footer | header | banner | icon | icons | button | buttons"
            " | avatar | font | fonts | colour | colours | color | colors | theme | layout"
            " | tab | menu | toolbar | sidebar | tooltip | badge | watermark | letterhead"
            " | disclaimer | branding | unsubscribe link | company logo | email signature",
            "on | in | at | from | under | above | below | at the bottom of | at the top of"))),
        part=True, report=False),
    # Where something went, a time of work lost: "to find where settings had
    # gone", "20 minutes of measurements gone".
    Rule("where_gone", kw(where_gone=(
        "find where | know where | see where | tell me where | figure out where"
        " | work out where | no idea where | wondering where | cant find where")),
        part=True, report=False),
    Rule("minutes_of", kw(minutes_of=(
        "minutes of | an hour of | half an hour of | an hours | minutes worth of"
        " | minutes work | an hours work | a mornings work | an afternoons work")),
        part=True, report=False),
    # Slow, not dead: "the map is dead slow".
    Rule("dead_idiom", kw(dead_idiom=(
        "dead slow | is dead slow | dead easy | dead simple | dead on | dead set")),
        part=True, report=False, cancels=("site_down",)),
    # "Every time I log out", "every morning": how often, not how many.
    Rule("every_time", kw(every_time=(
        "every time | everytime | each time | every single time | every now and then"
        " | every other day | every morning | every day | every night | every week | every month"
        " | every few minutes | every few hours | every few days | every couple of"
        " | " + combine("reset | resets | changed | changes | set | replaced | wiped | deleted"
                        " | deletes | removed | removes",
                        "every time | each time | everytime | every day | every night"))),
        part=True, report=False,
        cancels=("scope_all", "every_item", "everyone_all", "all_data", "overwrote_every")),
    # A thing lacking a part, not a thing gone: "the report is missing the
    # last column", "orders are missing their tracking numbers".
    Rule("lacks_part", kw(lacks_part=combine(
        "missing | is missing | are missing | are all missing",
        "the | a | an | their | its | our | some | one | two | data in | fields | columns"
        " | information | info | details | lines | line")),
        part=True, report=False,
        cancels=("data_broken", "empty_word", "failure", "data_gone", "fails", "gone")),
    # "You'll see no bookings come through over Easter": a closure announced.
    Rule("announced_quiet", kw(announced_quiet=(
        "you will see no | youll see no | you wont see any | you will not see any"
        " | there will be no | expect no | we will be closed | well be closed"
        " | we are closed | were closed")),
        part=True, report=False,
        cancels=("none_reaching", "none_created", "everyone_none", "none_set", "none_in",
                 "no_kind")),
)
# fmt: on
