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
    " | emails | chats | conversations | notes | contacts | customers | clients | leads | deals"
    " | orders | invoices | bookings | appointments | reservations | entries | responses"
    " | survey responses | form responses | submissions | answers | results | scores | grades"
    " | marks | progress | history | logs | reports | projects | tasks | posts"
    " | comments | reviews | listings | products | items | inventory | stock | stock levels"
    " | prices | playlists | songs | saves | save file | save game | saved game | game progress"
    " | levels | achievements | workouts | recipes | timesheets | timesheet entries | shifts"
    " | schedules | rosters | payslips | transactions | statements | receipts | attachments"
    " | uploads | backups | folders | albums | boards | pages | designs | drafts | templates"
    " | forms | surveys | courses | lessons | assignments | homework | favourites | favorites"
    " | bookmarks"
    " | wishlist | journal | diary | streak | points | balance | balances | credits | calendar"
    " | events | figures | totals | amounts | quantities | readings | values | salaries"
    " | rates | spreadsheet"
    " | spreadsheets | database | catalogue | catalog | portfolio | library | archive | inbox"
    " | customer statement | invoice"
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
    " | export~ | generat~ | calculat~ | accept~ | take payments | take card payments"
    " | take cards | go out | going out | gone out | get in | getting in | boot~ | turn on"
    " | come up | coming up | show up | showing up"
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
        " | for any of us | for all users | for all our users | for every user"
        " | any of our | all of our | none of our | on any of | on all of | across the")),
        part=True, report=False),
    Rule("not_functioning", kw(not_functioning=combine(_NOT, _WORKING)),
         part=True, report=False),
    # --- impact -----------------------------------------------------------------------
    Rule("key_job", kw(key_job=(
        "backup~ | back up | back ups | nightly | payroll | pay run | payment run | scheduled"
        " | cron | batch | recurring | direct debits | standing orders | automatic payments"
        " | auto payments | end of day | overnight | daily run | nightly run | scheduled job~"
        " | scheduled task~ | scheduled export~ | scheduled report~ | daily report~"
        " | nightly job~ | nightly export~ | daily export~ | daily sync | nightly sync"
        " | salary run | billing run | invoice run | month end")),
        part=True, report=False),
    Rule("job_failed", kw(job_failed=(
        "fail~ | errored | crash~ | stopped | not running | didnt run"
        " | did not run | never ran | hasnt run | has not run | havent run | have not run"
        " | skipped | not run | did not happen | didnt happen"
        " | not happened | hasnt happened | no longer runs | stopped running | aborted"
        " | timed out | times out | not completed | didnt complete | did not complete"
        " | never completed | hasnt completed | not done | didnt go | did not go")),
        part=True, report=False),
    Rule("data_store", kw(data_store=DATA_NOUNS), part=True, report=False),
    # Data gone, in words that say so ("lost" alone is also a lost invoice
    # e-mail or "report a lost card").
    Rule("data_gone", kw(data_gone=(
        "gone | vanished | disappeared | have disappeared | has disappeared | were deleted"
        " | was deleted | got deleted | been deleted | have been deleted | wiped | wiped out"
        " | erased | corrupted | destroyed | are gone | is gone"
        " | went missing | gone missing | all missing | are all missing | all gone"
        " | lost all | lost every | have been lost | has been lost | were lost | got lost"
        " | was lost | is empty | are empty | now empty | completely empty | blank")),
        part=True, report=False),
    # Numbers ruined beyond one wrong value.
    Rule("corrupted", kw(corrupted=(
        "multiplied | halved | scrambled | garbled | jumbled | back to zero | back to 0"
        " | back to level | back to the start | back to square one | set to zero | set to 0"
        " | zeroed | overwritten | overwrote | corrupted | corrupt | costs 0 | cost 0")),
        part=True, report=False),
    # Ruined only at scale ("every figure is doubled", "the whole team's
    # entries are duplicated"): one duplicated message is a malfunction.
    Rule("corrupted_weak", kw(corrupted=(
        "doubled | duplicated | tripled | reset | was reset | got reset | were reset"
        " | been reset | mixed up | shuffled | swapped | out of order | all the same"
        " | showing the same | mixed with | last months | last weeks | yesterdays"
        " | outdated | out of date | stale | old balances | old figures | old prices"
        " | someone elses")),
        part=True, report=False),
    Rule("scope_all", kw(scope_all=(
        "every | every single | all | all our | all of our | all the | all of the | everyone"
        " | everybody | whole | entire | for all | across all | company wide | all of them")),
        part=True, report=False),
)
# fmt: on
