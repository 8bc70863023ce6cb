"""Parts for severe impact at scale (ruleset 2026.11-26): what a whole
business produces or serves hit at once, against one thing of it.

Every document, reply or recording of a kind blank, empty or silent
("every policy document generated today is a blank PDF"); everyone a
business serves or pays hit twice ("every one of our employees got paid
double"); a mailing sent to the whole list when it was meant for fewer,
or to the people who opted out; the business unable to trade ("can't take
any payment"), others out there reporting the same fault, all the tables
of a database or all of one store emptied. The situations that compose
them are in ``classifier_situations_impact``.
"""

from __future__ import annotations

from ticketd.domain.classifier_parts_plain import ANY_WORK
from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["SCALE_PARTS"]

_EVERY = (
    "every | all | all our | all of our | all the | all of the | every single | each | each of"
    " | each of our | every one of our | every one of the"
)
# What a business produces or keeps, one kind at a time (no pages or fields:
# parts of one thing).
_OUTPUTS = (
    "document | documents | pdf | pdfs | contract | contracts | agreement | agreements"
    " | statement | statements | certificate | certificates | letter | letters | reply"
    " | replies | email | emails | message | messages | voicemail | voicemails | recording"
    " | recordings | label | labels | receipt | receipts | invoice | invoices | report"
    " | reports | file | files | export | exports | attachment | attachments | photo | photos"
    " | image | images | video | videos | scan | scans | payslip | payslips | ticket | tickets"
    " | backup | backups | newsletter | newsletters | quote | quotes | prescription"
    " | prescriptions | title | titles | episode | episodes | track | tracks | song | songs"
    " | call recording | call recordings | transcript | transcripts | waiver | waivers | form"
    " | forms | application | applications | pass | passes | voucher | vouchers | gift card"
    " | gift cards | lease | leases | proof | proofs | plan | plans | result | results"
)
_OUTPUT_KINDS = (
    "completed | signed | generated | new | outgoing | sent | downloaded | uploaded | stored"
    " | saved | printed | policy | recorded | scanned | archived | exported | old | past"
    " | customer | client | incoming | finished | issued | shipping | lease | rental | tenancy"
    " | sales | purchase | service | employment | loan | insurance | medical | tax | discharge"
    " | referral | appointment | booking | order | delivery | payment | welcome"
    " | confirmation | reminder | boarding | lab | test | exam | patient | student"
)
# The people a business serves or pays.
_SERVED = (
    "customer | customers | client | clients | member | members | employee | employees"
    " | staff | patient | patients | student | students | parent | parents | tenant | tenants"
    " | guest | guests | subscriber | subscribers | user | users | donor | donors | supplier"
    " | suppliers | driver | drivers | worker | workers | contractor | contractors | buyer"
    " | buyers | contact | contacts | recipient | recipients | policyholder | policyholders"
)

# fmt: off
SCALE_PARTS: tuple[Rule, ...] = (
    # Everything of one kind the business makes or keeps: "every policy
    # document generated today", "all completed contracts", "every reply we
    # send", "each voicemail"; read with blank, empty or silent (one blank
    # page of one statement is a malfunction: pages are not a kind).
    Rule("every_output", kw(every_output=combine(_EVERY, _OUTPUTS) + " | " + combine(
        "every | all | all our | all the | each", combine(_OUTPUT_KINDS, _OUTPUTS))),
        part=True, report=False),
    # Said of the whole thing, not of one field in it ("every email has an
    # empty subject line" is a field): blank, empty, silent, unreadable.
    Rule("output_blank", kw(output_blank=combine(
        "is | are | is now | are now | now | come out | comes out | came out | arrive | arrives"
        " | arrived | open | opens | opened | download | downloads | downloaded | print | prints"
        " | printed | load | loads | show | shows | showing | play | plays | just | completely"
        " | totally | entirely | all", "blank | empty | silent | white | unreadable | corrupt~")
        + " | blank pdf | blank pdfs | empty pdf | empty pdfs | blank pages | white pages"
        " | empty pages | no text | without any text | silent files | no sound | no audio"
        " | 0 bytes | 0 kb | zero bytes | cant be opened | cannot be opened | wont open"
        " | signature is invalid | signatures are invalid | signature invalid"
        " | invalid signature | are corrupt~ | is corrupt~ | garbled | gibberish"),
        part=True, report=False),
    # Everyone a business serves or pays, read with "twice": "every one of
    # our 41 employees got paid double", "all our members were debited two
    # times", "each customer received the invoice three times".
    Rule("every_person", kw(every_person=combine(_EVERY, _SERVED) + " | every one of our"
                            " | each one of our | each of our | all of our | every one of them"
                            " | all of them | everyone | everybody"),
        part=True, report=False),
    Rule("twice_over", kw(twice_over=(
        "twice | two times | three times | 2 times | 3 times | a second time | double"
        " | paid double | charged double | billed double | duplicate | duplicates"
        " | duplicated | two copies | two of each | 2 copies")),
        part=True, report=False),
    Rule("got_act", kw(got_act=(
        "got | received | receive | receives | get | are getting | were getting | have got"
        " | have received | has received | were sent | was sent | were emailed | was emailed"
        " | were texted | was texted | were notified | was notified | paid | were paid"
        " | got paid | been paid | charged | were charged | got charged | been charged"
        " | billed | were billed | debited | were debited | invoiced | were invoiced")),
        part=True, report=False),
    # The whole list a business mails, or the people who asked not to be:
    # "delivered to our entire database, including the unsubscribed".
    Rule("whole_list", kw(whole_list=combine(
        "our entire | our whole | the entire | the whole | my entire | my whole",
        "database | list | mailing list | email list | contact list | contacts | subscriber list"
        " | customer list | client list | customer base | client base | audience | crm"
        " | address book | member list | membership")
        + " | every contact | every contact we have | all contacts | all our contacts"
        " | all of our contacts | everyone in our database | everyone on our list"
        " | everyone on the list | everyone in the crm"),
        part=True, report=False),
    # A send meant for fewer: "instead of the test group", "only meant for".
    Rule("wrong_audience", kw(wrong_audience=(
        "instead of | rather than | only meant | meant to go | meant for | supposed to go"
        " | supposed to be | should have gone | should only | should have been | by mistake"
        " | accidentally | by accident | a segment | the segment | test group | test list"
        " | test segment | including | not just")),
        part=True, report=False),
    Rule("opted_out", kw(opted_out=(
        "including unsubscribed | including the unsubscribed | incl unsubscribed"
        " | even unsubscribed | unsubscribed contacts | unsubscribed and suppressed"
        " | suppressed contacts | opted out contacts | contacts who unsubscribed"
        " | people who unsubscribed | customers who unsubscribed | people who opted out"
        " | contacts who opted out | customers who opted out | even the ones who unsubscribed"
        " | even those who unsubscribed | patients who opted out | members who unsubscribed"
        " | members who opted out | subscribers who unsubscribed")),
        part=True, report=False),
    Rule("sent_past", kw(sent_past=(
        "went to | went out to | was sent to | were sent to | got sent to | been sent to"
        " | was delivered to | were delivered to | delivered to | has gone to | have gone to"
        " | has gone out to | have gone out to | was emailed to | were emailed to"
        " | was texted to | were texted to | received it | all received | all got"
        " | sent it to | sent them to | it sent to | it emailed | it went")),
        part=True, report=False),
    # --- the business unable to trade, others reporting the same -----------------
    # "We can't take any orders", "we are unable to ship anything".
    Rule("cant_any", kw(cant_any=combine(
        "we cant | we cannot | we can not | we are unable to | were unable to | we arent able to"
        " | we are not able to | we can no longer | nobody can | no one can | our team cant"
        " | our staff cant | our team cannot | our staff cannot | we have not been able to"
        " | we havent been able to | we werent able to | we were not able to | we couldnt"
        " | we could not | nobody has been able to | no one has been able to"
        # Learner English: "we cannot to send any invoice", "we not able to".
        " | we cannot to | we cant to | we can not to | we not able to | we are not able"
        " | we no can | we dont can | we not can",
        combine(ANY_WORK, "any | anything | a single | new | orders | payments"))
        # Without a subject, what a business lives on: "Can't take any
        # payment", "cannot accept card payments", "unable to sell anything".
        + " | " + combine(
            "cant | cannot | can not | unable to | not able to | no way to",
            combine("take | accept | process | receive | run",
                    "any payment | any payments | any card payments | any card payment"
                    " | any orders | any bookings | any sales | any money | any cards"
                    " | any contactless")
            + " | sell anything | ship anything | check anyone in | check anybody in")),
        part=True, report=False),
    # "It's not just me, the whole group of drivers": others have it too.
    Rule("not_just_me", kw(not_just_me=(
        "not just me | not only me | its not just me | not just us | not only us"
        " | other people too | others too | everyone else too | same for everyone | same for all"
        " | whole group | my whole family | all my colleagues | my officemates also"
        " | also same | same problem for all | everyone i know | all of us have"
        # Others out there reporting it: "Downdetector is full of people with
        # the same", "people on your forum have had the same for an hour".
        " | downdetector | down detector | people on your forum | people on the forum"
        " | people on your community forum | people on twitter | people on reddit"
        " | people on facebook | everyone on twitter | everyone on reddit"
        " | other users are reporting | other users are having | other users have the same"
        " | other customers are reporting | other customers are having"
        " | other customers have the same | other people are reporting"
        " | other people are having | other people have the same | lots of people are"
        " | loads of people are | so many people are | everyone is reporting"
        " | everyone is complaining | people are reporting | people are complaining"
        " | others are reporting | others are complaining | others have the same"
        " | my neighbours have the same | my neighbors have the same"
        " | my neighbour has the same | my neighbor has the same | my friends have the same"
        " | my friend has the same | people with the same | users with the same"
        " | customers with the same")),
        part=True, report=False),
    # --- all of one store -------------------------------------------------------
    # "The whole diary", "our entire calendar": all of one store.
    Rule("whole_store", kw(whole_store=combine(
        "the whole | our whole | the entire | our entire | my whole | my entire | whole"
        " | entire",
        "diary | calendar | database | inbox | catalogue | catalog | inventory | account"
        " | drive | schedule | rota | roster | history | crm | archive | library"
        " | contact list | customer list | client list | client base | customer base"
        " | timetable | agenda | planner | ledger | order book | order history | pipeline"
        " | portfolio | gallery | shop | store | menu | stock list")
        # The tables of a database: "all tables present but empty".
        + " | all tables | all the tables | all our tables | all of the tables | every table"
        " | all database tables | all of our tables"),
        part=True, report=False),
)
# fmt: on
