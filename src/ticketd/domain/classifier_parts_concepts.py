"""Broad concepts for the high-urgency situations: word families, not phrases.
This module holds the security concepts; exposure is in
``classifier_parts_exposure``, money and data protection in
``classifier_parts_claims``, impact in ``classifier_parts_scope``.

A phrase catches the one wording someone wrote; a concept is a generous
family of words for one idea (an actor who is not the customer, an action
on an account, money, a body that means legal pressure), written from how
people write: synonyms, inflections (``~``), everyday and non-native
wordings, British and American spellings. ``classifier_situations``
composes the concepts within a sentence or neighbouring sentences ("nobody
in our house" + "a device added"; "every employee's" + "home address" +
"shows"), so an unseen wording of a known situation still matches.

The families shared by several concepts are built once here (``GROUPS``,
``ROLES``) and combined with ``combine``. Neutralisers (parts
with ``cancels``) keep a question, a wish or a how-to from reading as an
incident ("is there a way to let every user see ...").
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["CONCEPT_PARTS", "GROUPS", "GROUP_PLACES", "ROLES"]

# Where the customer belongs: "nobody in our house", "none of our staff".
GROUPS = (
    "house | household | home | family | flat | apartment | team | office | company | firm"
    " | business | staff | organisation | organization | department | dept | school | club"
    " | committee | shop | store | practice | clinic | charity | church | group | workspace"
    " | building | restaurant | salon | studio | agency | branch | board | crew"
    " | kitchen | warehouse | lab | surgery"
)
# "Our team", "the office", "my house": a group, read with the person
# words before it in the same sentence ("nobody in" ... "our house").
GROUP_PLACES = combine("our | my | the | this | our whole | the whole", GROUPS)
# People who work for the customer, by role.
ROLES = (
    "employee | staff member | staffer | team member | colleague | coworker | co worker"
    " | contractor | freelancer | intern | temp | assistant | secretary | receptionist"
    " | manager | office manager | store manager | shop manager | account manager | admin"
    " | administrator | bookkeeper | accountant | developer | engineer | designer | cashier"
    " | clerk | driver | courier | dispatcher | technician | nurse | doctor | teacher | tutor"
    " | coach | trainer | cleaner | nanny | carer | volunteer | agent | rep | sales rep"
    " | salesperson | operator | supervisor | coordinator | consultant | partner"
    " | business partner | director | member | user | worker | waiter | waitress | chef"
    " | bartender | barista | stylist | therapist | dentist | vet | pharmacist | analyst"
    " | it guy | it person | marketer | editor | writer | photographer | tenant | lodger"
    " | housemate | flatmate | roommate | boyfriend | girlfriend | husband | wife | spouse"
)
_NOBODY = (
    "nobody | no one | noone | none of us | neither of us | not one of us | nobody else"
    " | no one else | wasnt anyone | was not anyone | werent anyone | not anyone"
)
_NOUNS_ON_ACCOUNT = (
    "account | login | profile | wallet | points | balance | orders | subscription | card"
    " | cards | listings | page | channel | store | shop | workspace | dashboard | inbox"
    " | email | mailbox | phone number | number | password | details | bank details"
    " | payout account | devices | sessions | settings | plan | app | car | camera | cameras"
    " | doorbell | lock | alarm | thermostat | history | watch history | messages | dms"
    " | whatsapp | instagram | facebook | tiktok | snapchat | telegram | gmail | apple id"
    " | google account | email account | number | phone | sim"
    " | chats | photos | contacts | address | delivery address | admin | library"
    " | mails | emails | e mails | mail | texts | notes | files | documents | drive | calendar"
    " | cloud | icloud | pictures | videos | recovery email | backup email | security questions"
    " | shipping address | billing address | payment method | saved cards | linked accounts"
)
# Actions done on an account, in any tense a learner may write them.
_ACCOUNT_VERBS = (
    "log~ | login~ | logged | sign~ | signed | access~ | use~ | using | enter~ | open~ | buy~"
    " | bought | order~ | spend~ | spent | transfer~ | send~ | sent | post~ | change~"
    " | reset~ | add~ | creat~ | create | delete~ | remove~ | book~ | withdraw~ | withdrew"
    " | watch~ | view~ | read~ | steal~ | stole | hack~ | take~ | took | get~ | got | move~"
    " | export~ | download~ | turn~ | switch~ | unlock~ | pay~ | paid | redeem~ | void~"
    " | cancel~ | cancell~ | edit~ | try~ | tried | attempt~ | connect~ | link~ | share~"
    " | invite~ | approve~ | keep | keeps | kept | still | again | also | now | have | has"
    " | had | know~ | knew"
)

# fmt: off
CONCEPT_PARTS: tuple[Rule, ...] = (
    # --- security: an actor who is not the customer -----------------------------------
    # "Nobody in" + "our house" (``group_place``) is an actor too (a
    # situation joins them): "no one at the office".
    Rule("nobody_at", kw(nobody_at=combine(_NOBODY, "in | at | on | from | of")),
         part=True, report=False),
    Rule("group_place", kw(group_place=GROUP_PLACES), part=True, report=False),
    Rule("actor_other", kw(actor_other=(
        # "None of our staff".
        combine("none of our | none of my | no one from our | nobody from our",
                          "staff | team | employees | people | family | users | members"
                          " | developers | admins | drivers | volunteers | colleagues | kids"
                          " | children | accountants | managers")
        # "Somebody keep login", "someone is using my profile": any verb form.
        + " | " + combine("someone | somebody | some one | some person | some people"
                          " | a person | a stranger | strangers | a hacker | hackers"
                          " | someone else | somebody else | a third party", _ACCOUNT_VERBS)
        # "From other country", "a login from a different city".
        + " | " + combine("from other | from another | from a different | from a foreign"
                          " | from foreign | from some other | from an unknown",
                          "country | countries | city | state | continent | location | ip"
                          " | region | place")
        + " | from abroad | from overseas"
        # "A strange device", "an IP we don't know", "unrecognised session".
        + " | " + combine(
            "strange | weird | random | odd",
            "device | devices | ip | ip address | location | login | logins | log in | sign in"
            " | sign ins | session | sessions | person | profile | user | users | admin"
            " | member | payee | computer | browser | laptop | tablet | iphone | ipad | android"
            " | mac | pc | machine | phone | login location | sign in location")
        + " | " + combine(
            "unknown | unfamiliar | unrecognised | unrecognized | foreign | mysterious",
            "device | devices | ip | ips | ip address | ip addresses | location | locations"
            " | login | logins | log in | sign in | sign ins | session | sessions"
            " | profile | profiles | payee | payees | number | email"
            " | address | country | place | computer | browser | phone | person | name"
            " | admin | member | members | app | token | key | card | transaction"
            " | transactions | charge | charges | activity | order | orders | laptop | laptops"
            " | tablet | iphone | ipad | android | mac | pc | machine | machines | windows pc"
            " | login location | sign in location | recovery email | backup email")
        + " | " + combine(
            "ip | ip address | location | country | city | place | browser | computer | pc"
            " | laptop | session | login | phone | network | area | town | device | profile"
            " | user | account | person | payee | name | number | email",
            "i dont know | we dont know | i dont recognise | we dont recognise"
            " | i dont recognize | we dont recognize | i do not know | we do not know"
            " | i have never been | ive never been | i never been | we have never been"
            " | weve never been | i never visited | i never was | i was never | never was in"
            " | never been in | i have not been | i havent been | nobody uses | none of us use"
            " | none of us uses"
            " | nobody here uses | i dont use | we dont use | i do not use | we do not use"
            " | i dont own | we dont own | i never used | we never used | i have never used")
        # "That wasn't me", "not by me": consent denied in everyday words.
        + " | that wasnt me | that was not me | this wasnt me | it was not me | wasnt us"
        " | not done by me | i didnt do it | i didnt do that | i did not do that"
        " | i did not do this | i didnt do this | i never did | we never did | nor did i"
        " | i never was in | i was never in | we never were in | we were never in"
        " | while i was asleep | while we were asleep | while i slept | in the middle of the night"
        " | at night while | nobody was home | no one was home | nobody was at home"
        " | we were all asleep | i was asleep | we were asleep"
        + " | on leave | on paternity leave | on maternity leave | on sick leave | off sick"
        " | on annual leave | on parental leave"
        # Alibis: "I was at the cinema", "we were away".
        + " | " + combine("i was | we were | i was still | we were still",
                          "at the | in the | on the | out | away | abroad | at home | at work"
                          " | at school | at church | at the cinema | at dinner | in bed"
                          " | on a plane | on a flight | driving"
                          " | sleeping | asleep | offline | with my")
        # "Says it's not hers", "that isn't us".
        + " | " + combine("not | isnt | wasnt | is not | was not | arent | werent",
                          "hers | his | theirs | ours | mine | her | him | them | us")
        # "Some player we never heard of", "a random guy".
        + " | " + combine("some | a random | some random | an unknown | a strange",
                          "player | guy | man | woman | person | people | user | account"
                          " | company | business | name | number | address | profile"
                          " | device | gamer | seller | buyer | email")
        + " | never heard of | never heard about | no idea who | dont know who | remote user"
        # "A new number was added ... I have no idea where it came from".
        + " | " + combine("no idea | no clue | dont know | do not know | not sure | cant explain"
                          " | cannot explain | idk",
                          "where it came from | where this came from | where that came from"
                          " | where they came from | where these came from | how it got there"
                          " | how that got there | how they got there | how this got there"
                          " | who did it | who did this | who did that | who that is"
                          " | who this is | who made it | who made this")
        + " | where it came from | where this came from | where that came from"
        # "It wasn't anyone in our house" (with ``group_place``), "wasn't any of us".
        + " | i not do | i not did | i no do | i not make | i not made | i not send | i not sent"
        " | i not change | i not changed | i not buy | i not bought | i not order | i not ordered"
        " | it not me | is not me | not me do | i never do this | i never did this"
        # "Who is Daniel? ... we don't know him".
        + " | " + combine("we dont know | i dont know | we do not know | i do not know"
                          " | nobody knows | none of us know | never heard of | no idea who",
                          "him | her | them | this person | this user | that person | that user"
                          " | he is | she is | they are")
        # "Items I never listed", "posts we never published".
        + " | " + combine("i never | we never | i didnt | we didnt | i did not | we did not"
                          " | i havent | we havent | i not | we not",
                          "listed | posted | uploaded | published | sent | wrote | ordered"
                          " | bought | booked | authorised | authorized | approved | requested"
                          " | asked for | installed | invited | made these | made this"
                          " | made that | made those")
        + " | wasnt any of us | was not any of us | werent any of us | it wasnt anyone here"
        " | none of us did | none of us made | none of us placed | none of us changed"
        " | none of us added | none of us ordered | none of us booked | none of us sent"
        # "Who changed my password?": a question about who acted on the account.
        + " | " + combine(combine("who", "logged into | logged in to | signed into | signed in to"
                                  " | changed | added | accessed | reset | deleted | removed"
                                  " | transferred | moved | spent | withdrew | linked | connected"
                                  " | is using | has been using | has access to | is logged into"
                                  " | used | emptied | took"), "my | our")
        + " | who placed an order | who placed the order | who placed these | who ordered these"
        " | who bought these | who booked these | who made these purchases"
        + " | by someone else | by somebody else | by someone | by somebody | by a stranger"
        " | by another person | by someone i dont know | by someone we dont know"
        # "A user 'jdoe' - we have no one with that name".
        + " | " + combine("we have no one | we have nobody | there is no one | there is nobody"
                          " | we dont have anyone | we do not have anyone | nobody | no one"
                          " | no employee | no user | no member | no staff member",
                          "with that name | by that name | called that | named that"
                          " | with this name | by this name | of that name")
        + " | no such person | no such user | no such employee"
        " | do not know who | not sure who | who is this")),
        part=True, report=False),
    # A sign-in prompt answered no: "an 'is this you?' email ... pressed no".
    Rule("prompt_you", kw(prompt_you=(
        "is this you | was this you | is it you | was it you | is that you | was that you"
        " | did you just | did you try | are you trying | were you trying | trying to sign in"
        " | trying to log in | new sign in | new login | login attempt~ | sign in attempt~"
        " | confirm it was you | confirm its you | verify its you")),
        part=True, report=False),
    Rule("answered_no", kw(answered_no=(
        "pressed no | clicked no | tapped no | said no | answered no | hit no | selected no"
        " | chose no | press no | click no | tap no | denied it | rejected it | declined it"
        " | denied the | rejected the | declined the | it wasnt me | it was not me | not me"
        " | this wasnt me | that wasnt me")),
        part=True, report=False),
    # Access from places the customer does not own: "requests from IPs we
    # don't own" (anywhere in the ticket, with a key or a login).
    Rule("foreign_origin", kw(foreign_origin=combine(
        "ips | ip addresses | addresses | ip | ip address | servers | machines | devices"
        " | locations | countries | networks | hosts | computers | an ip | a server",
        "we dont own | we do not own | i dont own | we dont control | we dont use"
        " | we do not use | we dont recognise | we dont recognize | we dont know"
        " | we have never used | that arent ours | that are not ours | not ours"
        " | not belonging to us | outside our")
        # "Logins from a country I don't live in".
        + " | " + combine("a country | a city | a place | a state | a town | a location"
                          " | countries | cities | places",
                          "i dont live in | we dont live in | i have never been to"
                          " | ive never been to | i never been | i never been to"
                          " | we dont operate in"
                          " | we have no staff in | i have never visited | ive never visited"
                          " | i dont know | nobody of us has been to | none of us has been to")),
        part=True, report=False),
    # An account taken over, in so many words.
    Rule("taken_over", kw(taken_over=(
        combine("account | profile | page | channel | email | number | whatsapp | instagram"
                " | facebook | store | shop | phone number | login | identity | mailbox | inbox"
                " | insta | ig | fb | twitter | snapchat | snap | discord | steam | xbox | psn"
                " | playstation | epic | roblox | tiktok | youtube | linkedin | gmail | outlook"
                " | hotmail | icloud | paypal | venmo | cash app | revolut | telegram | apple id"
                " | google account | microsoft account | game account | wallet",
                "taken over | was taken over | got taken over | has been taken over"
                " | hijacked | got hijacked | was hijacked | has been hijacked"
                " | stolen | was stolen | got stolen | been stolen")
        + " | took over my | taken over my | take over my | hijacked my | stole my account"
        " | stole my identity | identity theft | stolen identity | impersonating me"
        # Access to the account sold or offered by someone else.
        " | selling access to my | selling access to our | sells access to my | sold access to my"
        " | selling my account | selling our account | sold my account | selling my login"
        " | selling my password | selling logins to my"
        " | into the wrong hands | in the wrong hands | in wrong hands | into wrong hands"
        " | pretending to be me | posing as me | using my identity")),
        part=True, report=False),
    # Actions and objects on the customer's account: privileges, devices,
    # sessions, what is theirs ("my wallet", "our workspace").
    Rule("account_thing", kw(account_thing=(
        combine("my | our | his | her | their", _NOUNS_ON_ACCOUNT)
        + " | admin rights | admin access | admin privileges | admin permission~ | owner rights"
        " | full access | access level | superuser | super admin | root access | privileges"
        " | permissions | rights | access rights | account owner | new admin"
        " | devices page | device list | devices list | active sessions | sessions | session~"
        " | devices | device | logins | login history | sign in history | activity page"
        " | activity log | audit log | audit trail | history shows | log shows | logs show"
        " | lock history | access log | access history | vouchers | voucher~"
        " | key~ | production key | secret key~ | credentials | gift card~ | purchases"
        " | bookings | booking~ | api token~ | api key~"
        " | token~ | password~ | login~ | logged | signed in | sign in~ | logged into"
        " | signed into | unlocked | remotely | dms | direct messages | posts | posted"
        " | codes | login codes | sms codes | otp | one time codes | registered"
        " | tweets | stories | payee~ | wallet | recovery | two factor | 2fa | verification"
        " | bank account | bank details | payout account | payout details | profile"
        " | skins | items | inventory | coins | gems | credits | funds | money | crypto"
        " | game account | channel | group | chat | chats"
        # What was done to it, without a subject: "has been linked", "got emptied".
        + " | " + combine("has been | have been | was | were | got | is now | are now | just",
                          "linked | added | changed | removed | replaced | updated | reset"
                          " | connected | disabled | enabled | turned off | switched off"
                          " | transferred | moved | deleted | created | used | accessed"
                          " | emptied | drained | traded | sold | gifted | sent | posted"
                          " | redeemed | withdrawn | spent | logged into | signed into"
                          " | opened | unlocked | locked")
        + " | traded | emptied | drained | posted | messaged | messaging | sent messages"
        " | post | posts | posting | booked | flights | trips | rides | stays"
        " | from his old account | from her old account | from their old account"
        " | his old account | her old account | their old account | old login | old account")),
        part=True, report=False),
    # Traces of access the customer can compare with their own: "4 active
    # sessions" against "I only have one phone".
    Rule("access_trace", kw(access_trace=(
        "sessions | active sessions | devices | logged in devices | signed in devices | logins"
        " | sign ins | connections | ip addresses | ips | locations | browsers | where youre"
        " logged in | where you are logged in | login history | sign in history")),
        part=True, report=False),
    # Questions, wishes and how-tos about access are not incidents: "how can I
    # see who logged in", "is there a way to let every user see".
    Rule("access_question", kw(access_question=(
        "how can i | how do i | how do we | how can we | how to | is there a way"
        " | is it possible to | is it possible for | would it be possible | is it possible if"
        " | can i | can we | could we | would be great | would be nice | it would be"
        " | would love | feature request | can admins | should be able | want to be able"
        " | how would | where can i | where do i | can you give | could you give | please give"
        " | please add | can you add | i want to give | id like to give | we want to give"
        " | need to give | could you add | add a setting | add an option | a setting so"
        " | an option so | so nobody | so that nobody | so no one | so that no one"
        " | to make sure nobody | to stop anyone | to prevent | can someone | could someone"
        " | someone from your | someone on your"
        " | someone at your | someone in support | someone from support | someone in it"
        " | someone to | if someone | when someone | in case someone | what happens if"
        " | what if | in case | feature")),
        part=True, report=False),
    # Each one's own data, not another's: "every customer sees their own
    # invoices" (held in its whole sentence).
    Rule("own_data", kw(own_data=(
        "their own | his own | her own | your own | its own | only their | only his"
        " | only her | only theirs | only his own | only her own | own data | own details"
        " | own account | own records | only see their | only view their"
        # Each receiving their own: "every patient is getting their reminder".
        " | is getting their | are getting their | gets their | get their | receives their"
        " | receive their | received their | receiving their")),
        part=True, report=False),
    # A request for a secret, then given: "the login page asked for my card
    # PIN and I entered it"; "asking us to update bank details and we did".
    Rule("ask_secret", kw(ask_secret=combine(
        "asking for | asked for | asking me for | asked me for | wanted | requested | asking"
        " | asked me to enter | asked me to confirm | asked me to update | asked us to update"
        " | asking us to update | asking to update | asked to update | asking me to verify"
        " | asked me to verify | asked us to confirm | asking us to confirm | to confirm"
        " | to verify | to update | to enter | to re enter | to change",
        "my pin | my card pin | pin | my password | password | the code | my code | the sms code"
        " | sms code | my card number | card number | card details | my card details | cvv"
        " | cvc | bank details | our bank details | my bank details | login details"
        " | security code | one time code | otp | verification code | my login | our login"
        " | payment details | banking details | my seed phrase | recovery phrase")),
        part=True, report=False),
    Rule("gave_it", kw(gave_it=(
        "entered | typed | gave | we did | i did | filled | filled in | clicked | sent it"
        " | replied | submitted | put in | changed them | updated them | did it | done it"
        " | i put | we put")),
        part=True, report=False),
    Rule("doubt_sender", kw(doubt_sender=(
        "not sure it was you | wasnt you | was not you | if it was you | really you"
        " | was it you | was that you | is this you | is it really | not from you"
        " | it wasnt from you | never did before | never asked before | never asks"
        " | you never ask | didnt look right | looked different | looked odd | looked weird"
        " | looked strange | different than usual | not the usual | suspicious")),
        part=True, report=False),
    Rule("device_open", kw(still_signed_in=(
        combine("console | app | account | accounts | session | dashboard | portal | browser"
                " | email | inbox | system | admin", "open | is open | still open | left open")
        + " | is open | are open | still open | left open | open on it | open on them"
        " | logged in on it | signed in on it | still on it | still has | still have"
        " | unlocked | no password | no pin | no lock | without a password | without a pin"
        " | kick them out | kick out | log them out | sign them out | block it | lock it"
        " | block the | lock the")),
        part=True, report=False),
    # A member who left: "our former office manager", "she left in March".
    Rule("former_role", kw(former_member=(
        combine("former | ex | previous | old | our old | our former | my old | my former"
                " | a former | an ex", ROLES)
        + " | " + combine("she | he | they | who | which | that person | the person",
                          "left | quit | resigned | was fired | got fired | was let go"
                          " | was dismissed | got dismissed | was sacked | got sacked"
                          " | no longer works | doesnt work here | does not work here"
                          " | doesnt work for us | does not work for us | stopped working"
                          " | was laid off | moved out | retired | was terminated")
        + " | access was supposed to be revoked | access was supposed to be removed"
        " | should have been revoked | should have been removed | should have been deactivated"
        " | was supposed to be deactivated | was offboarded | were offboarded | offboarded"
        " | off boarded | " + combine("we revoked | we removed | we deactivated | we disabled"
                                     " | i revoked | i removed | i deactivated | i disabled",
                                     "his | her | their")
        + " | " + combine("dismissed | fired | sacked | let go | laid off | terminated | resigned"
                          " | left | quit | retired",
                          "on monday | on tuesday | on wednesday | on thursday | on friday"
                          " | on saturday | on sunday | last week | last month | last year"
                          " | in january | in february | in march | in april | in may | in june"
                          " | in july | in august | in september | in october | in november"
                          " | in december | weeks ago | months ago | years ago | a week ago"
                          " | a month ago | a year ago | recently")),
        ),
        part=True, report=False),
    Rule("still_in", kw(still_active=(
        "still works | still working | still valid | still open | still live"
        " | still logged in | still has access | still have access | just posted | has posted"
        " | has been posting | is posting | posted from | posting from"
        " | sent from | messaged from | logged into | signed into | has logged | has been logging"
        " | has accessed | has downloaded | has exported | just logged | just signed"
        " | from his old account | from her old account | from their old account"
        " | after he left | after she left | after they left | since he left | since she left"
        " | since they left | appears as active | appears active | shows as active | is active"
        " | still active | last login is today | last login today | logged in today"
        " | last seen today | last active today | last login was today | last login yesterday"
        " | "
        + combine("still | can still | could still | is still | are still | still able to"
                " | was still | were still",
                "receive~ | get~ | log~ | login | sign~ | access~ | use~ | using | see~ | open~"
                " | has | have | view~ | download~ | export~ | edit~ | book~ | order~ | post~"
                " | send~ | message~ | void~ | change~ | logged in | signed in | in | active")
        + " | was used | been used | were used | logged in | signed in | logged on"
        " | accessed | downloaded | exported | voided | viewed")),
        part=True, report=False),
)
# fmt: on
