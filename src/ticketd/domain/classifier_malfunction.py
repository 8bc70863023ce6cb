"""Malfunctions told in everyday words: what the customer got instead of
what should have happened, without "bug", "error" or "not working".

A report that something does not work is at least medium. Customers often
describe the symptom rather than name a failure: the link "has expired"
a minute after it was sent, search "returns nothing", the app "closes when
I tap", the page "sends me back to the login", a reading "cannot be
right", the emails "are in English", a receipt that never came, a
notification that "arrives three times". Each keyword below is such a
symptom, built from a small vocabulary of things and of what went wrong
with them, so unseen pairings still match.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["MALFUNCTION_RULES"]

# Things a customer expects to receive.
_EXPECTED = (
    "receipt | invoice | confirmation | confirmation email | email | code | link | statement"
    " | notification | reminder | text | sms | message | booking | order | verification email"
    " | reset email | parcel | package | delivery | login code | verification code"
)
_NOT_GOT = (
    "didnt get | didnt receive | never got | never received | havent got | havent received"
    " | not received | still no"
)
_LANGUAGES = (
    "english | german | spanish | french | italian | dutch | polish | portuguese | russian"
    " | chinese | japanese | arabic | turkish | swedish | the wrong language | another language"
)
_APPS = "app | the app | it | game | the game | page | the page | window | site | the site | player"

# fmt: off
MALFUNCTION_RULES: tuple[Rule, ...] = (
    Rule("malfunction", kw(
        not_received=combine(_NOT_GOT, combine("a | the | my | any", _EXPECTED))
        + " | " + combine("no", _EXPECTED),
        expired_too_soon=combine(
            "link | links | code | codes | token | certificate | cert | invitation | invite"
            " | session | voucher",
            "has expired | had expired | is expired | already expired | expires immediately"
            " | expired straight away | expired immediately | to have expired | says expired"
            " | says it has expired | says this link has expired")
        + " | this link has expired | link has expired | code has expired",
        no_results=("no results | returns nothing | return nothing | finds nothing"
                    " | doesnt find | does not find | nothing comes up | shows nothing"
                    " | comes up empty | nothing shows up | zero results | 0 results"),
        closes_itself=combine(_APPS, "closes | closes itself | shuts down | quits | force closes"
                                     " | goes blank | goes white | restarts itself"),
        sent_back=("sends me back | sent me back | takes me back | kicks me back | throws me back"
                   " | back to the login | back to the sign in | login loop | redirect loop"
                   " | loops back | keeps looping"),
        implausible=("cannot be right | cant be right | cant be correct | cannot be correct"
                     " | isnt right | is not right | doesnt look right | does not look right"
                     " | dont look right | looks wrong | seems wrong"
                     " | different from what | is different from | are different from"
                     " | is different to | doesnt equal | does not equal | but we only have"
                     " | but i only have | but there are only | but there is only"
                     " | but it should be | but we only ordered | but i only ordered"),
        wrong_language=combine("is in | are in | is all in | are all in | shows in | showing in"
                               " | appear in | appears in | came in | come in | switched to"
                               " | changed to", _LANGUAGES),
        repeated_delivery=combine(
            "arrives | arrive | comes | come | shows | appears | appear | sent | posted"
            " | delivered | buzzes | fires | rings",
            "three times | 3 times | four times | 4 times | two times | 2 times"
            " | multiple times | several times"),
        still_old=combine("still sends | still sending | still goes | still go | still going"
                          " | still arrive | still arrives | still uses | still using",
                          "to my old | to the old | to an old | my old | the old | to the wrong"),
        despite_setting=combine(
            "even though | although | despite",
            "we are set to | im set to | its set to | it is set to | i set | we set | ive set"
            " | weve set | i have set | we have set | setting | being set | i changed | ive changed"
            " | i turned | ive turned | i selected | we selected | i chose | we chose"),
        skips=("skips | skipped the | keeps skipping | is skipping | are skipping | leaves out"
               " | left out the | misses the | missed the | missing out"),
        not_moved=("hasnt moved | has not moved | hasnt updated | has not updated"
                   " | not updated since | no update since | stuck on | stuck at")),
        urgency=1, proper=True),
    # Look-alikes of an outage (read leftmost-longest, they take the words):
    # the customer offline ("uses battery even when I'm offline"), one file
    # unusable ("makes the file unusable in Excel").
    Rule("outage_lookalike", kw(outage_lookalike=(
        "when im offline | when i am offline | while im offline | while i am offline"
        " | even when im offline | even when i am offline | if im offline | if i am offline"
        " | when im not online | in offline mode | working offline | use it offline"
        " | offline map | i go offline | i am offline | im offline | "
        + combine("makes the | makes it | made the | making the | renders the | leaves the"
                  " | the | this | that | our | my",
                  combine("file | csv | export | spreadsheet | report | pdf | data | sheet"
                          " | download | exported file | printout | invoice",
                          "unusable | is unusable | basically unusable | completely unusable"
                          " | is basically unusable | is completely unusable"))
        + " | unusable in excel | unusable in google sheets | unusable in numbers")),
        report=False),
    # Slow, not dead: "the app is dead slow" (leftmost-longest over the
    # outage cue "app is dead"); a slow page is a malfunction.
    Rule("dead_slow", kw(dead_slow=combine(
        "platform | site | app | system | server | website | map | page",
        "is dead slow | dead slow")),
        urgency=1, report=False),
    # A layout detail on every page is not every page failing: "cuts off the
    # last line on every page", "the footer on every page".
    Rule("page_layout", kw(page_layout=combine(
        "line | lines | footer | header | logo | margin | margins | text | date | number"
        " | numbers | watermark | border | column | row | image | title | signature | stamp",
        "on every page | on each page | of every page | of each page | at the bottom of every page"
        " | at the top of every page | on all pages | on every single page")),
        report=False),
    # A fix tried on one machine is not the problem over: "I rolled back on
    # one machine and it works again, but we can't roll back via policy".
    # (Read leftmost-longest, it takes the words of "works again".)
    Rule("partial_fix", kw(partial_fix=combine(
        "on one | on a single | on my own | on a test | on one test | for one | on just one",
        combine("machine | computer | laptop | device | pc | phone | browser | account | user"
                " | workstation | tablet | mac",
                "and it works again | it works again | and it works | it works | and that works"
                " | and it is working | and its working | and it worked | it worked"))),
        report=False),
)
# fmt: on
