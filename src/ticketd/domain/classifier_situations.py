"""Situations composed of parts: incidents told in the customer's own words.

A keyword list cannot catch "there is a payment to a payee I never added"
or "none of our reminders have gone out since Monday". These rules describe
the situation instead: *who* acted (someone else, a former employee, "not
me"), *what* happened (a sign-in, a password or email change, a payment, an
export) and *whether the customer consented* ("I didn't", "I was asleep",
"without my permission"). Each part is a small vocabulary of its own
(``PART_RULES``, matched in a layer separate from the cues, so a part and a
cue may share words); a ``Situation`` holds when one part of each of its
groups matched within the same sentence, two neighbouring sentences, or the
ticket. Several situations feed intermediate parts (a lost device, then a
lost device that is still signed in).

Neutralising phrases are parts too: "can someone", "if someone", "every
time" are longer matches that swallow the shorter part, so a hypothetical
or a request is not read as an incident.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import NEAR, SENTENCE, TICKET, Rule, Situation, combine, kw

__all__ = ["OUTCOME_RULES", "PART_RULES", "SITUATIONS"]

_AGENT_VERBS = (
    "logged | logs | signed | accessed | use | uses | used | using | made | tried | trying | got"
    " | has | had"
    " | is | was | transferred | moved | withdrew | bought | ordered | added | created | deleted"
    " | reset | disabled | turned | exported | downloaded | took | stole | gained | entered"
    " | opened | viewed | sent | paid | purchased | booked | removed | updated | registered"
    " | changed | knows | knew | rang | called | emailed"
)
# Consent is first-person (or a named colleague's) and explicit: "I didn't",
# "we never", "she says she didn't"; a coffee that "hasn't added a stamp" is
# a malfunction, not a denial.
_DID_NOT = (
    combine(
        "i | we | he | she | they | ive | weve | says he | says she | say they",
        "didnt | did not | never | havent | have not | had not | hadnt | certainly didnt",
    )
    + " | none of us | nobody here | no one here | nobody in our team | no one in our team"
)
_ACCOUNT_CONSENT = (
    "do that | do this | do it | did that | add | added | request | requested | ask for"
    " | asked for | set up | set that up | set it up | create | created | initiate | initiated"
    " | try | tried | log in | logged in | sign in | signed in | turn | turned"
    " | run | ran | export | exported | download | downloaded | make | change it | change that"
    " | write | wrote | post | posted | send | sent"
    " | change this | changed it | changed that | changed this | make that change"
    " | made | recognise | recognize | know about | authorise | authorize | approve"
    " | approved | give | gave | share | shared | invite | invited"
)
_MONEY_CONSENT = (
    "make | made | place | placed | authorise | authorised | authorize | authorized | approve"
    " | approved | order | ordered | buy | bought | purchase | purchased | agree | agreed"
    " | consent | consented | sign up | signed up | click | clicked | book | booked | send"
    " | sent | request | requested | ask for | asked for | recognise | recognize | initiate"
    " | initiated | do that | do this | spend | spent | subscribe | subscribed | renew | renewed"
    " | upgrade | upgraded | set up | set that up | know about | use | used | redeem | redeemed"
    " | transfer | transferred | withdraw | withdrew | claim | claimed | buy anything"
    " | order anything | redeem anything | use them | spend anything | make any"
)
_DEVICES = (
    "phone | laptop | ipad | tablet | device | mobile | computer | iphone | macbook | pc"
    " | smartphone | handset | notebook | work phone | samsung | pixel | galaxy | huawei"
    " | oneplus | chromebook | kindle | android"
)
_PRODUCT = "the sync | the update | the import | the migration | the app | your app | the system"
_GONE = (
    combine(_PRODUCT, "deleted | wiped | erased | removed | overwrote | lost | corrupted")
    + " | gone | vanished | disappeared | wiped | wiped out | erased | lost | corrupted | corrupt"
    " | damaged | zeroed | blanked | overwritten | scrambled | garbled | destroyed"
    " | were deleted | was deleted | been deleted | got deleted | have disappeared | file not found"
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
    " | class list | students | pupils"
)
_PEOPLE = (
    "customers | clients | users | members | students | agents | staff | employees | people"
    " | colleagues | technicians | drivers | patients | guests | buyers | shoppers | visitors"
    " | subscribers | learners | teachers | coaches | sellers | workers | reps | admins | teams"
)
_COUNTED = (
    "files | orders | sales | bookings | events | visits | documents | items | records | contacts"
    " | transactions | payments | messages | emails | tickets | leads | pageviews | sessions"
    " | entries | photos | signups | calls"
)
_ROLES = (
    "customer | client | user | member | student | patient | person | family | company"
    " | business | account | tenant | employee | guest | buyer | child | kid | parent"
    " | organisation | organization | school | shop | store | firm | practice | household"
    " | donor | subscriber | pupil | resident | applicant | candidate | supporter | passenger"
    " | owner | seller | driver | contact | traveller | member"
)


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


_OTHER = " | ".join(
    f"{who} {form}"
    for who in ("another", "a different", "other", "every other")
    for role in _ROLES.split("|")
    # singular, possessive ("another company's": apostrophes are dropped), plural
    for form in dict.fromkeys((role.strip(), role.strip() + "s", _plural(role.strip())))
)
_SENT_THINGS = (
    "sms | texts | emails | messages | reminders | notifications | invoices | orders | payments"
    " | jobs | reports | alerts | confirmations | receipts | calls | bookings | webhooks"
    " | payouts | newsletters | campaigns | backups | syncs | transfers"
)
_PERSONAL = (
    "names | addresses | home addresses | phone numbers | email addresses | salaries | salary"
    " | payslips | medical | health records | passport~ | social security | card numbers"
    " | bank details | personal data | personal details | personal information | dates of birth"
)
_PRAISE = "great | brilliant | wonderful | fantastic | perfect | lovely | amazing | awesome | super"

# fmt: off
PART_RULES: tuple[Rule, ...] = (
    # --- who ------------------------------------------------------------------
    Rule("who_stranger", kw(
        someone_else=(combine("someone | somebody | some one", _AGENT_VERBS)
                      + " | someone else | somebody else | a stranger | strangers | an intruder"
                      " | an attacker | attackers | a third party | unknown person | unknown payee"
                      " | unknown device | unknown ip | unknown location | unknown number"
                      " | unknown country | unknown login | unknown address | unknown card"
                      " | some guy | my ex | is someone | someone trying"
                      " | somebody trying | a user called | nobody here knows | nobody knows"
                      " | nobody recognises | whom nobody | a sign in from | a sign-in from"
                      " | a login from | a log in from | logins from | sign ins from"
                      " | signed in from | logged in from | new sign in | new login"
                      " | accessed from | access from | used from | activity from | logins in"
                      " | new device signed in | login attempt~ | sign in attempt~"
                      " | trying to get into | trying to log into | tried to log into | "
                      + combine(
                          "person | someone | somebody | user | people | member | guy | man"
                          " | woman | payee | device | number | address | name | account",
                          "i dont know | we dont know | i do not know | we do not know"
                          " | i dont recognise | we dont recognise | i dont recognize"
                          " | we dont recognize | nobody knows | nobody here knows",
                      ))),
        part=True, report=False),
    Rule("former_member", kw(
        former_member=("former employee | former contractor | former partner | former colleague"
                       " | former staff | former user | former member | former business partner"
                       " | ex employee | ex contractor | ex colleague | ex partner | ex staff"
                       " | engagement ended | no longer works for | no longer with us"
                       " | who resigned | who left | who quit | was fired | was let go"
                       " | was dismissed | who was dismissed | has resigned | a leaver"
                       " | on his last day | on her last day | on their last day"
                       " | left the company | left the business | left the team | left the firm"
                       " | left us | has left | have let go | let him go | let her go")),
        part=True, report=False),
    Rule("still_active", kw(
        still_active=("still has access | still have access | still able | still logging"
                      " | still logs | still signed | still logged | still can | is still logging"
                      " | logged in | signed in | opened | viewed | accessed | exported"
                      " | downloaded | edited | changed")),
        part=True, report=False),
    Rule("family_member", kw(
        family_member=("my son | my daughter | my kid | my kids | my child | my children"
                       " | my year old | year old | my husband | my wife | my partner"
                       " | my flatmate | my roommate")),
        part=True, report=False),
    Rule("who_neutral", kw(
        hypothetical=("can someone | could someone | would someone | will someone | if someone"
                      " | when someone | whenever someone | in case someone | someone from your"
                      " | someone on our | someone in our | someone at your | someone who can"
                      " | someone to | somebody from your | somebody on our | somebody in our"
                      " | someone on my | someone in my | someone from our | have someone"
                      " | get someone | unknown error | unknown reason | unknown reasons"
                      " | unknown issue | unknown column | unknown field | unknown status"
                      " | unknown format | every time | each time | everytime | how do i"
                      " | how can i | is there a way | if i log in from | log in from a new")),
        part=True, report=False,
        cancels=("who_stranger", "everyone_all", "not_me_account", "not_me_money")),
    # --- consent --------------------------------------------------------------
    Rule("not_me_account", kw(not_me=combine(_DID_NOT, _ACCOUNT_CONSENT)),
         part=True, report=False),
    Rule("not_me_money", kw(not_me=combine(_DID_NOT, _MONEY_CONSENT)),
         part=True, report=False),
    Rule("not_me", kw(
        not_me=("not me | wasnt me | it wasnt me | not us | wasnt us | none of us did"
                " | asleep | sleeping | i was at work"
                " | while i was at work | while i was away"
                " | while we were away | i was in bed | on a flight | without my permission"
                " | without permission | without my consent | without consent"
                " | without my knowledge | without authorisation | without authorization"
                " | without any reminder | without asking | without my approval"
                " | without any notice | without warning | no reminder | no warning"
                " | dont recognise | dont recognize | do not recognise | do not recognize"
                " | dont know any | never heard of | no idea who | unrecognised | unrecognized"
                " | unfamiliar | not authorised by | by that name | by this name | "
                + combine(
                    "never",
                    "issued | prescribed | signed | approved | requested | authorised | authorized"
                    " | placed | ordered | booked | agreed to | asked for | set up | created"
                    " | added | redeemed | opened | applied for",
                )
                + " | under my name | in my name"
                " | dont know who | dont know this | no one we know | nobody we know")),
        part=True, report=False),
    Rule("denial_tail", kw(
        denial_tail=("did it | did that | did this | made that change | made this change"
                     " | turned it off | switched it off | set it up | created it | added it"
                     " | knows who | recognises it | recognizes it")),
        part=True, report=False),
    Rule("claim_back", kw(
        claim_back=("want my | want our | want the | want it | want them | give me my"
                    " | return my | give me back | send me my | need my | get my | pay me"
                    " | pay us | put my | put the | put it | paid | send one | send it"
                    " | send the money | send that")),
        part=True, report=False),
    Rule("back", kw(back="back"), part=True, report=False),
    Rule("not_mine", kw(
        not_mine=("not mine | isnt mine | arent mine | not ours | isnt ours | arent ours"
                  " | dont belong | doesnt belong | do not belong | does not belong"
                  " | belong to another | belongs to another | belong to someone"
                  " | belongs to someone | belong to a | belongs to a | never seen before"
                  " | never seen | never worked with | never ordered | not my email"
                  " | not my number | not my account | isnt my | not my phone | not my address")),
        part=True, report=False),
    Rule("other_party", kw(
        other_party=("someone elses | somebody elses | other peoples | other people"
                     " | other companies | other businesses | every other | strangers"
                     " | different company | different customer | " + _OTHER)),
        part=True, report=False),
    # --- what happened ----------------------------------------------------------
    Rule("account_event", kw(
        account_event=("sign in~ | signed in | sign-in~ | signin~ | log in~ | logged in"
                       " | logged into | logging in | login~ | log on | logon | logs into"
                       " | logs in | session~ | password~ | passcode | email address"
                       " | login email | account email | 2fa | mfa | two factor"
                       " | two step | two-step verification | verification code~ | security code~"
                       " | mobile number | phone number | bank details | bank account"
                       " | payee~ | beneficiary | new user | new admin | owner role | admin role"
                       " | access token~ | api key~ | api token~ | token~ | export~"
                       " | forwarding rule | forwards | delivery address | recovery email"
                       " | security settings | my account | our account | admin account"
                       " | activity log | audit log | into my account | into our account"
                       " | member of | added to | joined | invited to | listed as | profile"
                       " | saved card | new card | payment method | sso | single sign on"
                       " | settings | permissions | role | roles | switched off | turned off"
                       " | disabled | message from my account | messages from my account"
                       " | sent from my account | forwarded | forwarding | redirected")),
        part=True, report=False),
    Rule("money_event", kw(
        money_event=("charge~ | payment~ | transaction~ | transfer~ | debit~ | debited"
                     " | payout~ | withdrawal~ | purchase~ | bought | order~ | card | cards"
                     " | subscription~ | renew~ | renewal | upgrade~ | took | taken | taking"
                     " | billed | invoice~ | money | funds | credit~ | went to | sent to | fee"
                     " | fees | worth of | £ | $ | € | points | loyalty points | credits | vouchers"
                     " | gift card | redeemed | prescription | loan | policy")),
        part=True, report=False),
    Rule("cancelled", kw(
        cancelled=("after i cancelled | after we cancelled | i cancelled | we cancelled"
                   " | had cancelled | already cancelled | despite cancelling"
                   " | after cancelling | since cancelling | cancelled on | cancelled before"
                   " | i canceled | we canceled | after i canceled | closed my account"
                   " | after cancellation | after our cancellation | after the cancellation"
                   " | cancellation took effect | since we cancelled | since i cancelled"
                   " | even though i cancelled | even though we cancelled | i unsubscribed")),
        part=True, report=False),
    Rule("bank_threat_phrase", kw(bank=combine(
        "ring~ | call~ | phone | phoning | contact~ | go to | going to | speak to | speaking to"
        " | talk to | report it to | report this to | complain to | take it up with"
        " | raise it with | raise this with | get it back from | get my money back from"
        " | dispute it with | dispute this with | claim it back from | claim from",
        "my bank | our bank | the bank | my card issuer | the card issuer | my card company"
        " | my credit card company | the credit card company | my card provider | paypal"
        " | amex | american express | visa | mastercard")),
        part=True, report=False),
    Rule("device", kw(device=_DEVICES), part=True, report=False),
    Rule("card", kw(card="card | credit card | debit card | bank card | card details"),
         part=True, report=False),
    Rule("device_gone", kw(
        device_gone=("lost | stolen | stole | left | taken | sold | misplaced | missing | nicked"
                     " | snatched | robbed | pickpocketed | dropped | cant find")),
        part=True, report=False),
    Rule("still_signed_in", kw(
        still_signed_in=("signed in | logged in | still logged | still signed | sign it out"
                         " | log it out | sign out | log out | end all | end my sessions"
                         " | sessions | remotely | remote | wipe it | can open | is on it"
                         " | app on it | has access | have access | opens with | signed into"
                         " | logged into | no passcode | without a passcode | can see")),
        part=True, report=False),
    Rule("secret", kw(
        secret=("password~ | api key~ | secret key~ | secret~ | token~ | credentials"
                " | private key~ | env file | login details | access key~ | live key~"
                " | card number~")),
        part=True, report=False),
    Rule("exposed_weak", kw(
        exposed_weak=("public | posted | pasted | pushed | visible | screenshot | forum | repo"
                      " | github | gitlab | shared | in the url | in the logs | in plain")),
        part=True, report=False),
    Rule("exposed", kw(
        exposed=("publicly | plain text | plaintext | clear text | exposed | paste site"
                 " | anyone can see | anyone can open | anyone with the link | without any login"
                 " | without logging in | without a login | google search | indexed"
                 " | for anyone to see | anyone could see | printed in"
                 " | search engine~ | found it through")),
        part=True, report=False),
    Rule("see", kw(
        see=("see | seeing | saw | shows | showed | showing | shown | visible | contains"
             " | contained | included | includes | returns | returned | got | opened | open"
             " | landed | access | accessed | view | viewing | viewed | appear~ | displayed"
             " | listed | received | there were | there was | pulled up | fetch~ | receiving"
             " | getting | meant for")),
        part=True, report=False),
    Rule("everyone_none", kw(
        everyone_none=("none of | nobody | no one | not a single | not one | noone"
                       " | nothing has been delivered | nothing has been processed"
                       " | nothing has synced | nothing has gone through"
                       " | nothing is being delivered"
                       " | nothing is arriving | nothing gets through | nothing went out"
                       " | nothing was sent | nothing has been received"
                       " | hasnt recorded a single | " + combine("no", _SENT_THINGS) + ""
                       " | nothing has gone out | nothing is going out | nothing has been sent"
                       " | nothing is being sent | nothing appears | nothing is coming through")),
        part=True, report=False),
    Rule("everyone_all", kw(
        everyone_all=("every single | everyone | everybody | all our | all of our | all my"
                      " | all of my | any of our | any of my | for all"
                      " | all of us | across all | for everyone | all users | every user"
                      " | every customer | every one of | all accounts | whole | entire"
                      " | company wide | all " + " | all ".join(
                          p.strip() for p in _PEOPLE.split("|")))),
        part=True, report=False),
    Rule("people_cannot", kw(people_cannot=combine(
        _PEOPLE, "cant | cannot | are unable | arent able | can no longer | werent able"
                 " | are locked out | are all locked out | keep getting kicked out")),
        part=True, report=False),
    Rule("happening", kw(
        happening=("fire | fires | firing | gone out | went out | go out | going out | been sent"
                   " | sent | getting | gets | got | arrived | arrive | reached | recorded | run"
                   " | ran | running | received | receiving | delivered | processed"
                   " | triggered | synced | syncing | appears | showing up"
                   " | coming in | come through | gone through | went through | can log"
                   " | completed | finished | succeeded | worked | been processed | updated"
                   " | collected | picked up | shipped | dispatched | paid out | been paid | "
                   + combine(
                       "can",
                       "print | take | process | accept | make | connect | load | start | create"
                       " | find | view | upload | download | check | reach | play | submit | save"
                       " | scan | book | buy | pay | use | get | see | open | access | sign"
                       " | order | send | receive | login | complete | log",
                   ))),
        part=True, report=False),
    Rule("failure", kw(
        failure=("crash~ | closes | fail~ | stopped | broken | cant | cannot | unable | stuck"
                 " | empty | missing | zero | not working | down | logged out | locked out"
                 " | error~ | unusable | no longer | not loading | wont load | wont open"
                 " | freezes | frozen | blank page | spinning | spins | from working | stopping"
                 " | not found | cant be opened | cannot be opened | damaged | "
                 + combine(
                     "didnt | did not | hasnt | havent | wasnt | werent | never | wont | isnt"
                     " | arent | not",
                     "run | ran | go out | gone out | arrive | arrived | send | sent | sync"
                     " | synced | process | processed | load | work | fire | trigger | deliver"
                     " | delivered | get paid | been paid",
                 ))),
        part=True, report=False),
    Rule("zero_count", kw(zero_count=(
        combine("0 | zero | no", _COUNTED) + " | shows 0 | show 0 | showing 0 | shows zero"
        " | dropped to zero | dropped to 0 | gone to zero")),
        part=True, report=False),
    Rule("data_object", kw(data_object=_DATA), part=True, report=False),
    Rule("personal_info", kw(personal_info=_PERSONAL + " | name and address"),
         part=True, report=False),
    Rule("another", kw(another="another | someone elses | somebody elses | a strangers"),
         part=True, report=False),
    Rule("money_act", kw(
        money_act=("charged | billed | debited | took | taken | deducted | withdrawn | charging"
                   " | two payments | two charges | two debits | two transactions"
                   " | three payments | three charges | both charges | two identical")),
        part=True, report=False),
    Rule("repeated_act", kw(
        repeated_act=("twice | two times | three times | 2 times | 3 times | a second time"
                      " | only ordered once | only bought once | only paid once | only once"
                      " | only made one | only placed one | for both")),
        part=True, report=False),
    Rule("gone", kw(gone=_GONE), part=True, report=False),
    # --- data protection ---------------------------------------------------------
    Rule("dp_erase", kw(
        dp_erase=("delete~ | erase~ | remove~ | wipe~ | forget | purge~ | destroy | take off"
                  " | dont keep | do not keep | not keep | stop keeping | scrub | get rid of")),
        part=True, report=False),
    Rule("dp_access", kw(
        dp_access=("copy | send me | give me | receive | access to | know what | know which"
                   " | tell me what | what information | which personal | what data"
                   " | in a file | portability | take with me | want know | request"
                   " | want to see | see all | see what | access all | obtain | want to know")),
        part=True, report=False),
    Rule("dp_share", kw(
        dp_share=("stop sharing | stop passing | stop giving | stop selling | opt me out"
                  " | opt out | do not consent | dont consent | dont agree | do not agree"
                  " | handing | handed | passing my | sharing of | sale of | sell my | sold my"
                  " | giving my | pass on | passed on | share my | sharing my | goes to"
                  " | given to | shared with")),
        part=True, report=False),
    Rule("my_contact", kw(
        my_contact=("my name | my email | my phone | my number | my address | my details"
                    " | advertisers | marketers | third parties | partners | partner network"
                    " | data brokers | list brokers | marketing companies | marketing firm~")),
        part=True, report=False),
    # --- sarcasm: praise for harm done ----------------------------------------------
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
                   " | logs me out | another outage")),
        part=True, report=False),
    Rule("sarcasm_marker", kw(
        sarcasm_marker=(combine("oh | just", _PRAISE)
                        + " | thanks for nothing | thanks a bunch | yeah right | what a joke"
                        " | i especially enjoy | gotta love")),
        part=True, report=False),
    # --- malfunction: shows the wrong thing -------------------------------------------
    Rule("wrong_output", kw(
        wrong_output=("instead of | fewer | lower than | higher than | different from | differs"
                      " | should be | should say | should show | should read"
                      " | doesnt add up | dont add up | off by | out by | shifted | literally")),
        part=True, report=False),
    Rule("about_me", kw(
        about_me=("about me | about him | about her | about them | has on me | have on me"
                  " | hold on me | holds on me | store on me | keep on me | information on me"
                  " | data on me | his data | her data | their data | all of his | all of her"
                  " | all his data | all her data | of his data | of her data"
                  " | my personal | personal data | personal information | personal info"
                  " | personal details | informations | my informations | my data | all my data"
                  " | my details | my information | my info | everything you have"
                  " | everything you hold | everything you store | everything you keep"
                  " | everything about | my profile | all my stuff | all the data | all data"
                  " | my location | my purchases | health data"
                  " | his personal | her personal | their personal | my records")),
        part=True, report=False),
)

# The verdicts situations produce: keyword-less rules, matched by code.
OUTCOME_RULES: tuple[Rule, ...] = (
    Rule("account_takeover", (), sentiment=-2, strong=True),
    Rule("unauthorised_charge", (), sentiment=-2, strong=True),
    Rule("bank_threat", (), sentiment=-2, strong=True),
    Rule("lost_device", (), sentiment=-2, strong=True),
    Rule("data_exposed", (), strong=True),
    Rule("cross_customer_data", (), strong=True,
         cancels=("account_takeover", "unauthorised_charge")),
    Rule("stopped_for_everyone", (), sentiment=-2, strong=True),
    Rule("data_destroyed", (), sentiment=-2, strong=True),
    Rule("data_protection_request", (), strong=True, cancels=("data_destroyed",)),
    Rule("data_shared_without_consent", (), sentiment=-2, strong=True,
         cancels=("data_destroyed",)),
    Rule("wrong_result", (), urgency=1),
    Rule("device_missing", (), part=True, report=False),
)

SITUATIONS: tuple[Situation, ...] = (
    # Denials built from parts feed the situations below.
    Situation("not_me", "", (("everyone_none",), ("denial_tail",)), SENTENCE),
    Situation("account_takeover", "activity not made by the customer",
              (("who_stranger", "not_me", "not_me_account", "not_mine"), ("account_event",)),
              NEAR),
    Situation("account_takeover", "former member still active",
              (("former_member",), ("still_active",)), NEAR),
    Situation("unauthorised_charge", "payment not authorised",
              (("who_stranger", "not_me", "not_me_money", "not_mine", "family_member"),
               ("money_event",)),
              NEAR),
    Situation("refund_demand", "money back",
              (("claim_back",), ("back",), ("money_event",)), SENTENCE),
    Situation("unauthorised_charge", "charged after cancelling",
              (("cancelled",), ("money_event",)), SENTENCE),
    Situation("bank_threat", "going to the bank", (("bank_threat_phrase",),), SENTENCE),
    Situation("device_missing", "", (("device",), ("device_gone",)), SENTENCE),
    Situation("unauthorised_charge", "stolen card used", (("card",), ("device_gone",)), SENTENCE),
    Situation("lost_device", "lost device still signed in",
              (("device_missing",), ("still_signed_in",)), TICKET),
    Situation("data_exposed", "credentials exposed",
              (("secret",), ("exposed", "exposed_weak")), SENTENCE),
    Situation("data_exposed", "data exposed publicly",
              (("data_object", "secret", "personal_info"), ("exposed",)), NEAR),
    Situation("double_charge", "charged more than once",
              (("money_act",), ("repeated_act",)), SENTENCE),
    Situation("cross_customer_data", "another customer's data",
              (("other_party", "not_mine"), ("see",)), NEAR),
    Situation("cross_customer_data", "another person's details",
              (("another",), ("personal_info",), ("see",)), SENTENCE),
    Situation("stopped_for_everyone", "stopped for everyone",
              (("everyone_none",), ("happening",)), SENTENCE),
    Situation("stopped_for_everyone", "broken for everyone",
              (("everyone_none", "everyone_all"), ("failure",)), SENTENCE),
    Situation("stopped_for_everyone", "people cannot use it", (("people_cannot",),), SENTENCE),
    Situation("stopped_for_everyone", "nothing coming in", (("zero_count",),), SENTENCE),
    Situation("data_destroyed", "data lost", (("data_object",), ("gone",)), SENTENCE),
    Situation("sarcasm", "sarcasm", (("praise_word",), ("harm_done",)), NEAR),
    Situation("sarcasm", "sarcasm", (("sarcasm_marker",),), SENTENCE),
    Situation("wrong_result", "wrong result", (("see",), ("wrong_output",)), SENTENCE),
    Situation("data_protection_request", "personal data request",
              (("dp_erase", "dp_access", "dp_share"), ("about_me",)), SENTENCE),
    Situation("data_protection_request", "personal data shared",
              (("dp_share",), ("my_contact",)), SENTENCE),
    Situation("data_shared_without_consent", "personal data shared without consent",
              (("dp_share",), ("not_me", "not_me_money", "not_me_account")), NEAR),
)
# fmt: on
