"""Situation parts for consent: whether the customer says they did not
do it ("I didn't", "we never", "she says she didn't", "wasn't me", an
alibi, "not mine"). Split from ``classifier_parts_incident`` (who acted,
what happened); ``classifier_situations`` composes them.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["CONSENT_PARTS"]

# Consent is first-person (or a named colleague's) and explicit: "I didn't",
# "we never", "she says she didn't"; a coffee that "hasn't added a stamp" is
# a malfunction, not a denial.
_DID_NOT = (
    combine(
        "i | we | he | she | they | ive | weve | says he | says she | say they",
        "didnt | did not | never | havent | have not | had not | hadnt | hasnt | has not",
    )
    # An adverb makes the denial first-person enough without its subject.
    + " | "
    + combine("certainly | definitely | absolutely | really | honestly", "didnt | did not | never")
    + " | none of us | nobody here | no one here | nobody in our team | no one in our team"
    " | nobody of us | no one of us | nobody from us | nobody on the team | nobody in the team"
    " | no one on the team | no one in the team | nobody in the office | nobody at our company"
    " | "
    + combine(
        "my partner | my husband | my wife | my son | my daughter | my colleague"
        " | my boss | anyone else | nobody else",
        "didnt | did not | never",
    )
    + " | neither of us | neither of them | none of them | "
    # "Nobody here ever signed up", "none of us ever asked": "ever" between.
    + combine(
        "nobody | no one | nobody here | no one here | none of us | nobody in our team"
        " | no one in our team | nobody on our team | neither of us",
        "ever",
    )
)
_ACCOUNT_CONSENT = (
    "do that | do this | do it | did that | add | added | request | requested | ask for"
    " | asked for | set up | set that up | set it up | create | created | initiate | initiated"
    " | try | tried | log in | logged in | sign in | signed in | turn | turned"
    " | run | ran | export | exported | download | downloaded | make | change it | change that"
    " | write | wrote | post | posted | send | sent"
    " | change this | changed it | changed that | changed this | make that change"
    " | made | recognise | recognize | know about | authorise | authorize | approve"
    " | ask for anything | request anything | do anything | authorise anything | agree to"
    " | agree to anything | register | registered | link | linked | connect | connected"
    " | pair | paired | move | moved | port | ported | transfer | transferred | switch"
    " | switched | issue | issued | order | ordered | reset"
    " | approved | give | gave | share | shared | invite | invited | trigger | triggered"
    " | start | started | accept | accepted | confirm | confirmed | enable | enabled"
    # "I never asked any export", "which we have not opted" (choosing a
    # setting, "I've never chosen Polish", is a malfunction, not consent).
    " | ask | asked | opt | opted | opt for | opted for | opt in | opted in"
    # "I didn't update anything", "we never edited it".
    " | update anything | updated anything"
    " | delete | deleted | delete it | remove | removed"
    " | cancel | cancelled | close | closed | disable | disabled | turn off | turned off"
    " | unsubscribe | unsubscribed | deactivate | deactivated"
)
_MONEY_CONSENT = (
    "make | made | place | placed | authorise | authorised | authorize | authorized | approve"
    " | approved | order | ordered | buy | bought | purchase | purchased | agree | agreed"
    " | consent | consented | sign up | signed up | click | clicked | book | booked | send"
    " | sent | request | requested | ask for | asked for | recognise | recognize | initiate"
    " | initiated | do that | do this | spend | spent | subscribe | subscribed | renew | renewed"
    " | upgrade | upgraded | set up | set that up | know about | use | used | redeem | redeemed"
    " | transfer | transferred | withdraw | withdrew | claim | claimed | buy anything"
    " | take | took | ride | rode | stay | stayed | travel | travelled | use it | go"
    " | order anything | redeem anything | use them | spend anything | make any"
    " | opt | opted | opt for | opted for | opt in | opted in | choose | chose | chosen"
    " | select | selected | ask | asked"
)
# fmt: off
CONSENT_PARTS: tuple[Rule, ...] = (
    # --- consent --------------------------------------------------------------
    Rule("not_me_account", kw(not_me=combine(_DID_NOT, _ACCOUNT_CONSENT) + " | " + combine(
        # Learner English denies in the present: "i dont do it".
        "i dont | we dont | i do not | we do not | i no | i not | we not",
        "do it | do this | do that | do anything | make it | make this | change it | change this"
        " | change anything | login | log in | sign in | ask for it | ask for this | request it"
        " | reset it | touch it | touch anything")
        # "Dave didn't send it": a denial with the sender named.
        + " | " + combine("didnt | did not | never",
                          "send it | send that | send this | sent it | sent that | sent this"
                          " | send them | sent them")),
         part=True, report=False),
    Rule("not_me_money", kw(not_me=combine(_DID_NOT, _MONEY_CONSENT) + " | " + combine(
        # Broken English drops the auxiliary: "I not buy this".
        "i not | we not | i no | i did not | we did not",
        "buy | make | order | pay | authorise | authorize | approve | agree | book | subscribe"
        " | sign up | request | ask for | recognise | recognize | know | do")),
         part=True, report=False),
    Rule("not_me", kw(
        not_me=("not me | wasnt me | it wasnt me | not us | wasnt us | none of us did"
                " | werent me | were not me | werent us | were not us | not my doing"
                " | did not do both | didnt do both | did not do any of | didnt do any of"
                " | did none of"
                # Consent refused: "I ticked NO on the photo consent form".
                " | ticked no | ticked the no | said no to | refused consent | never consented"
                " | did not consent | didnt consent | never gave consent | never gave permission"
                " | never gave my consent | never gave my permission"
                " | not our doing | asleep | sleeping | i was at work"
                # The account or its secret never given to anyone.
                " | " + combine("i didnt | i did not | i never | we didnt | we did not | we never",
                                "lend | lent | share my | shared my | share our | shared our"
                                " | give my | gave my | give our | gave our | give anyone"
                                " | gave anyone")
                # "Nobody in our office did this", "no one in my family uses it".
                + " | " + combine(
                    combine("nobody in | no one in | noone in",
                            combine("my | our | the",
                                    "family | house | household | home | office | team"
                                    " | company | shop | practice")),
                    "did this | did that | did it | did | made it | made this | changed it"
                    " | changed this | changed that | changed | added | used"
                    " | was using | touched | has touched | did any of")
                + " | "
                # "None of us are in Nigeria", "nobody works at 3am".
                + combine("none of us | nobody of us | no one of us | neither of us | nobody here"
                          " | no one here",
                          "are in | were in | is in | was in | live in | have been to"
                          " | has been to | has ever been to | have ever been to")
                + " | nobody works at | no one works at | nobody was working | no one was working"
                " | dont remember buying | dont remember ordering | dont remember making"
                " | dont remember signing up | dont remember subscribing | dont remember paying"
                " | dont remember authorising | dont remember authorizing | do not remember buying"
                " | do not remember ordering | cant remember buying | cant remember ordering"
                " | dont recall buying | dont recall ordering | do not recall"
                # Alibis: the customer was somewhere else when it happened.
                " | i was at my | i was at a | we were at | i was on holiday | i was on vacation"
                " | we were on holiday | i was in hospital | i was travelling | i was traveling"
                " | i was driving | i was offline | i was out of the country | while i was on"
                " | i was sitting | i was in church | i was at church | i was in a meeting"
                " | wasnt her | wasnt him | was not her | was not him | wasnt them"
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
                + " | under my name | in my name | never been there | never been to"
                " | i wasnt trying | i was not trying | we werent trying | i wasnt even trying"
                " | " + combine("im not trying to | i am not trying to | were not trying to"
                                "| we are not trying to | i didnt try to | i never tried to",
                                "log in | login | sign in | get in | access | reset | change")
                + " | " + combine("none of us | nobody here | nobody in our team | neither of us"
                                  " | no one here | nobody on our team",
                                  "know | knows | recognise | recognises | recognize | knew")
                + " | passed away | has died | had died | deceased | my late | his late | her late"
                " | i wasnt logging in | i wasnt signing in | one i dont know | one we dont know"
                " | one i dont recognise | one i dont recognize"
                " | ive never been | i have never been | i wasnt there | i was not there"
                " | we werent there | we were not there"
                " | not been there | never visited | none of us were | none of us was"
                " | nobody was working | no one was working | nobody was logged in"
                " | nobody in the house | nobody at home"
                " | none of our staff | none of my staff | nobody on our | no one on our"
                " | nobody on the | no one on the | nobody from our | no one from our"
                " | dont know who | dont know this | no one we know | nobody we know"
                " | not by me | not by us | not done by me | not made by me | not done by us"
                " | wasnt done by me | was not done by me | wasnt by me | not from me | "
                + combine("which | that | who | whom",
                          "i dont know | we dont know | i do not know | we do not know"
                          " | i dont recognise | we dont recognise | i dont recognize"
                          " | we dont recognize | i do not recognise | we do not recognise"
                          " | i have never seen | we have never seen | ive never seen"
                          " | weve never seen | nobody knows | nobody here knows | isnt ours"
                          " | is not ours | isnt mine | is not mine")
                + " | no idea who")),
        part=True, report=False),
    # "Didn't touch it" denies any change, but a bug report says it of its
    # settings too: it counts only next to a sensitive detail (below).
    # "Nobody of our team changed the bank details": with nobody as the
    # subject, a plain past tense is the denial.
    Rule("nobody_changed", kw(not_touched=combine(
        "nobody | no one | none of us | nobody here | nobody of us | nobody of our team"
        " | no one of our team | nobody in our team | nobody on our team | neither of us",
        "changed | has changed | touched | has touched | edited | has edited | updated"
        " | has updated")),
        part=True, report=False),
    Rule("not_touched", kw(not_touched=combine(
        _DID_NOT, "touch it | touch that | touch this | touch them | touch those | touch anything"
                  " | touched it | touched that | touched them | touched anything | change it"
                  " | change that | change them | change anything | make that change"
                  " | make the change | make any change | make any changes | edit it"
                  " | update it | update that | touched my password | touched my account"
                  " | touched my email | touched my settings | touched my login"
                  " | touched the password | touched the settings | changed my password"
                  " | changed my email | changed the password")
        # Learner English: "i didn't changed nothing", "i not change it",
        # "i never change my password".
        + " | " + combine(
            "i didnt | i did not | i never | i not | i no | we didnt | we did not | we never"
            " | we not | i havent | i have not | we havent",
            "changed nothing | change nothing | changed anything | changed it | changed that"
            " | changed this | change it | change that | change my | changed my | change the"
            " | changed the | changed them | changed any | change any | set it | set that"
            " | set this | set a | set any | set one | touched nothing | touch nothing"
            " | do this change | did this change | make this change | made this change"
            " | make that change | made that change | made any change | made changes")),
        part=True, report=False),
    # A detail that is new to the customer: "my profile has a new PIN".
    Rule("new_detail", kw(new_detail=combine(
        "a new | new | another | an extra | an additional",
        "pin | pin code | password | email address | recovery email | recovery phone"
        " | recovery number | phone number | security question | security questions | payee"
        " | bank account | payout account | admin | administrator | authenticator"
        " | 2fa device | passkey | owner")),
        part=True, report=False),
    # The detail shown is not the customer's: "I have only ever used my
    # gmail", "mine ends in 41", "my real number is", "the name on it is not
    # mine".
    Rule("mine_differs", kw(mine_differs=(
        "only ever used | only ever use | only ever had | only ever have | i only use"
        " | we only use | i only have | we only have | mine ends | mine is | mine was"
        " | ours ends | ours is | my real | my actual | my correct | the real one"
        " | the correct one | my own email is | my email is | my number is | my phone is"
        " | my phone number is | my address is | my name is not | thats not my | that is not my"
        " | thats not our | that is not our | not my email | not my number | not my phone"
        " | not my address | not my name | not our email | not our number | never had one"
        " | never had a | never used that | never used this | never use that"
        " | i would never pick | i would never choose | i would never use | i never set"
        " | we never set | never chose | never picked")),
        part=True, report=False),
    # A sign-in seen from somewhere: "my account was logged into from a
    # device in Lagos", "signed in from an iPhone in Manila".
    Rule("seen_from", kw(seen_from=(
        combine("logged into | logged in to | logged on | logged onto | signed into"
                " | signed in to | signed on | accessed | used | opened | login | log in"
                " | logged in | signed in | sign in | signin | sign ins | logins | access",
                "from a device in | from a computer in | from a phone in | from an iphone in"
                " | from an android in | from a browser in | from an ip in"
                " | from an ip address in | from a location in | from somewhere in"
                " | from a place in | from a city in | from a town in | in another country"
                " | from another country | from abroad | from overseas")
        + " | " + combine("a device in | a computer in | a phone in | an ip in | an ip address in"
                          " | a location in | a browser in | a session in | an iphone in"
                          " | an android in | a windows pc in | a mac in",
                          "logged in | signed in | logged into | signed into | accessed"))),
        part=True, report=False),
    # A subjectless denial with "anything" is first-person enough: "... and
    # did not touch anything", "never changed anything".
    Rule("not_touched_any", kw(not_touched=combine(
        "and did not | and didnt | and never | and have not | and havent | did not | didnt",
        "touch anything | change anything | touch any settings | change any settings"
        " | touch my phone | touch my account | touch my laptop | touch my computer")),
        part=True, report=False),
    Rule("denial_tail", kw(
        denial_tail=("did it | did that | did this | made that change | made this change"
                     " | done this | done that | done it | has done | have done | added it"
                     " | touched it | changed it | created it | requested it | authorised it"
                     " | authorized it | approved it | ordered it"
                     " | turned it off | switched it off | set it up | created it | added it"
                     " | knows who | recognises it | recognizes it")),
        part=True, report=False),
    # A denial of everything told above: "None of that was me."
    Rule("blanket_denial", kw(blanket_denial=combine(
        "none of that | none of this | none of it | none of those | none of these",
        "was me | was us | were me | were us | was done by me | was done by us")),
        part=True, report=False),
    Rule("not_mine", kw(
        not_mine=("not mine | isnt mine | arent mine | not ours | isnt ours | arent ours"
                  " | dont belong | doesnt belong | do not belong | does not belong"
                  " | belong to another | belongs to another | belong to someone"
                  " | belongs to someone | belong to a | belongs to a | never seen before"
                  " | belongs to somebody | belong to somebody | belongs to another"
                  " | isnt my card | not my card | isnt our card | not our card"
                  " | never seen | never worked with | never ordered | not my email"
                  " | not my number | not my account | isnt my | not my phone | not my address"
                  " | not theirs | isnt theirs | arent theirs | never had anything to do with"
                  " | not our phone | not our device | not one of our phones"
                  " | not one of our devices"
                  # "That's not an address I've ever used".
                  " | " + combine("not an | not a",
                                  "address i | email i | number i | phone number i | card i"
                                  " | device i | name i | account i | address weve | email weve"
                                  " | address ive | email ive | number ive | device ive"
                                  " | address we | number we | device we | name ive | name we")
                  + " | " + combine("an | a",
                                    combine("address | email | email address | number"
                                            " | phone number | device | name",
                                            "ive never | i have never | i never | weve never"
                                            " | we have never | we never | i dont recognise"
                                            " | i dont recognize | we dont recognise"))
                  + " | dont know anything about | do not know anything about"
                  " | know nothing about | knew nothing about"
                  " | we dont own | i dont own | we do not own | i do not own"
                  " | nothing to do with us | nothing to do with me | never dealt with"
                  " | never done business with | none of them are me | none of them were me"
                  " | i was never in | i was never part of | never part of | not my conversation~"
                  # Records from another business: "orders that aren't from our shop".
                  " | " + combine("arent from | are not from | isnt from | is not from | not from"
                                  " | werent from | were not from",
                                  "our shop | our store | our company | our business | our account"
                                  " | our team | our practice | our clinic | our school | us | me")
                  + " | from other shops | from other stores | from other sellers"
                  " | from another shop | from another store | from another seller"
                  " | from other companies | from another company"
                  " | not my chat~ | not my messages | not my thread~")),
        part=True, report=False),
    # Someone breaking into what the business runs on: "someone got into
    # the hosting", "hackers got into our WordPress".
    Rule("intruded_system", kw(intruded_system=combine(
        "someone got into | somebody got into | someone has got into | someone broke into"
        " | someone hacked into | someone hacked | someone gained access to | someone got access to"
        " | hackers got into | a hacker got into | hackers broke into | hackers hacked"
        " | someone is in | somebody is in | someone was in | somebody was in",
        combine("the | our | my",
                "hosting | server | servers | site | website | web site | wordpress | admin panel"
                " | control panel | backend | back end | system | database | mailbox | inbox"
                " | email account | cloud | shop | store | crm | network | computer | computers"
                " | router | camera | cameras | domain | dns | cpanel | ftp | laptop"))
        # Asking who did it: "please check who enter in my account".
        + " | " + combine(
            combine("check | find out | tell me | investigate | find",
                    "who enter | who entered | who enters | who got into | who went into"
                    " | who broke into"),
            "my account | in my account | into my account | our account | in our account"
            " | into our account | my profile")),
        part=True, report=False),
    # A leaver's access still used: "there are still calls from his
    # server", "the old key is still being used".
    Rule("still_in_use", kw(still_in_use=(
        "still calls | still calling | still making calls | still connecting | still connects"
        " | still pulling | still pulls | still requesting | still hitting | still hits"
        " | still syncing | still syncs | still reading | still in use | still being used"
        " | is still used | are still used | still valid | still live | still works")),
        part=True, report=False),
    # Someone who used to work for or with the customer, by role: "our
    # former bookkeeper", "our old web agency", "an ex volunteer".
    Rule("former_any", kw(former_any=combine(
        "our former | my former | a former | the former | our ex | my ex | an ex | our old"
        " | my old | our previous | my previous",
        # "our former bookkeeper's login": a possessive reads as a plural.
        "bookkeeper~ | accountant~ | designer~ | developer~ | agency | agencies | assistant~"
        " | manager~ | receptionist~ | nanny | cleaner~ | driver~ | volunteer~ | coach"
        " | teacher~ | admin~ | administrator~ | it guy~ | it person | it company | freelancer~"
        " | web agency | web developer~ | web designer~ | marketing agency | virtual assistant~"
        " | intern~ | director~ | treasurer~ | secretary | chair | agent~ | supplier~ | vendor~"
        " | consultant~ | technician~ | tutor~ | housekeeper~ | carer~ | caregiver~ | trainer~"
        " | dispatcher~")),
        part=True, report=False),
    # The customer's own images or children, the ones a stranger must not
    # publish: "photos of my kids", "my before/after photos", "my face".
    Rule("images_of_me", kw(images_of_me=(
        "photos of me | pictures of me | images of me | video of me | videos of me"
        " | photos of my | pictures of my | images of my | videos of my | my photos"
        " | my pictures | my face | my image | my images | my before | my children"
        " | my kids | my son | my daughter | " + combine(
            "my | our", combine("two | three | 2 | 3 | young | little | youngest | eldest",
                                "children | kids | sons | daughters | son | daughter")))),
        part=True, report=False),
)
# fmt: on
