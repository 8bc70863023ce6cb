"""Situation parts for data-protection requests: erasing, a copy of the
data, stopping its sharing or sale, refusing it ("I don't want my details
sold"), where it flows and whose it is ("about me", "my personal data").
Split from ``classifier_parts_impact``; ``classifier_situations``
composes them.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["DATA_PROTECTION_PARTS"]

# fmt: off
DATA_PROTECTION_PARTS: tuple[Rule, ...] = (
    Rule("dp_erase", kw(
        dp_erase=("delete~ | erase~ | remove~ | wipe~ | forget | purge~ | destroy | take off"
                  # "make sure nothing about me stays in your system".
                  " | nothing about me | nothing of mine | no trace of me | no trace of my"
                  " | nothing of my data | none of my data"
                  " | dont keep | do not keep | not keep | stop keeping | scrub~ | scrubbed"
                  " | scrubbing | get rid of | clear | clean"
                  " | expunge~ | obliterate~"
                  " | take away | take me off | take out | remove me | delete me | erase me"
                  " | clear out | take my | take our | take his | take her | take me out"
                  " | get me out | strike me | cross me off")),
        part=True, report=False),
    # Everything about the customer, in so many words: strong enough to read
    # with an erasure word in the neighbouring sentence ("Please delete" /
    # "My account and everything about me.").
    Rule("all_about_me", kw(all_about_me=(
        # "Delete my account" over "and everything linked to it".
        "everything linked to it | everything linked to my | everything connected to it"
        " | everything connected to my | everything associated with it | everything related to it"
        " | everything related to me | all data linked to | all data connected to"
        " | all the data linked to | all linked data | everything tied to it | "
        "everything about me | all about me | all my data | all my personal data"
        " | all my information | everything you have on me | everything you hold on me"
        " | everything you hold about me | everything you store about me | all data about me"
        " | any data about me | all information about me | every bit of my data"
        " | all my personal information | all my details | all of my data"
        # "Delete my old account and the data on it", "take me out of your
        # database": the customer's records wherever the service keeps them.
        " | the data on it | all the data on it | the data in it | all data on it | its data"
        " | the data attached | all the data attached | " + combine(
            "me | my details | my data | my name | my number | my email | my records",
            "from your database | out of your database | off your database | from your system"
            " | from your systems | out of your system | out of your systems | from your records"
            " | out of your records | off your records | from your files | off your system"
            " | from your books | from your crm"))),
        part=True, report=False),
    Rule("dp_access", kw(
        dp_access=("copy | send me | give me | receive | access to | know what | know which"
                   " | furnish me | provide me | supply me | disclose | furnish us | provide us"
                   " | export of | an export | a download of | can i get | can i have | a file of"
                   " | tell me what | what information | which personal | what data"
                   " | in a file | portability | take with me | want know | request"
                   " | want to see | see all | see what | access all | obtain | want to know"
                   " | to know | know everything | tell me | tell us | show me | what you have"
                   " | a list of | list all"
                   " | what youve got | what you hold | what you store | what you keep")),
        part=True, report=False),
    Rule("dp_share", kw(
        dp_share=("stop sharing | stop passing | stop giving | stop selling | opt me out"
                  " | stop sending | stop transferring | stop uploading | stop tracking"
                  " | stop collecting | stop storing | dont send | do not send | dont sell"
                  " | do not sell | dont share | do not share | dont pass | do not pass"
                  " | stop using | stop processing | not to use | dont use | do not use"
                  " | opt out | do not consent | dont consent | dont agree | do not agree"
                  " | handing | handed | passing my | sharing of | sale of | sell my | sold my"

                  " | giving my | pass on | passed on | share my | sharing my | goes to"
                  # An objection to processing: "I object to you profiling me".
                  " | " + combine("object to | objects to | objecting to | objection to",
                                  "the processing | processing | you processing | your processing"
                                  " | you using | the use of | use of | being profiled"
                                  " | profiling | direct marketing | marketing | you storing"
                                  " | you keeping | you holding | you sharing | sharing"
                                  " | you selling")
                  + " | restrict the processing | restrict processing | restriction of processing"
                  " | stop profiling | no profiling"
                  " | given to | shared with")),
        part=True, report=False),
    Rule("all_mine", kw(
        all_mine=("all my | all of my | all his | all of his | all her | all of her"
                  " | every bit of my | everything from my")),
        part=True, report=False),
    Rule("data_word", kw(data_word="data | information | info | personal | informations | datas"),
         part=True, report=False),
    # Refusing the flow of one's own details: "I do not want my details given
    # to partners" (the negation is of the wish, not of the details).
    Rule("dp_refuse", kw(dp_refuse=combine(
        "do not want | dont want | i do not want | i dont want | we dont want | we do not want",
        "my details | my data | my personal | my information | my info | my name | my email"
        " | my number | my address | my location | my photos | our details | our data"
        " | my recordings | my voice recordings | my videos | my messages | my history"
        " | my contacts | my face | my fingerprint | my biometrics | my health data"
        " | you to share my | you to sell my | you to pass my | you to give my | you to use my"
        " | you sharing my | you selling my | you passing my | you using my")),
        part=True, report=False),
    # Personal details flowing to third parties: "my details going to
    # advertisers", "you pass customer info to selected partners".
    Rule("data_flow", kw(data_flow=(
        "going to | sent to | sold to | passed to | given to | shared with | used for | used by"
        " | passed on | handed to | handed over | passing | passed | pass | share | shared"
        " | sell | sold | selling")),
        part=True, report=False),
    Rule("recipient", kw(recipient=(
        "advertisers | marketers | third parties | partners | selected partners | partner network"
        " | data brokers | list brokers | marketing companies | marketing firm~ | ad networks"
        " | advertising companies | other companies | affiliates")),
        part=True, report=False),
    Rule("my_contact", kw(
        my_contact=("my name | my email | my phone | my number | my address | my details"
                    " | advertisers | marketers | third parties | partners | partner network"
                    " | data brokers | list brokers | marketing companies | marketing firm~")),
        part=True, report=False),
    # --- sarcasm: praise for harm done ----------------------------------------------
    Rule("about_me", kw(
        about_me=("about me | about him | about her | about them | has on me | have on me"
                  # Records of the customer's health or case: "copies of all
                  # my x-rays and treatment history".
                  " | my x rays | my xrays | my scans | my medical | my clinical | my health"
                  " | my treatment | my dental | my test results | my lab results"
                  " | my case notes | my patient | my chart | my prescriptions"
                  " | nothing about me | no trace of me | nothing of mine"
                  " | hold on me | holds on me | store on me | keep on me | information on me"
                  " | data on me | his data | her data | their data | all of his | all of her"
                  " | all his data | all her data | of his data | of her data"
                  " | my personal | personal data | personal information | personal info"
                  " | personal details | informations | my informations | my data | all my data"
                  " | datas | my datas | all my datas"
                  " | my details | my information | my info | everything you have"
                  " | everything you hold | everything you store | everything you keep"
                  " | everything about | my profile | all my stuff | all the data | all data"
                  " | my location | my purchases | health data"
                  " | his personal | her personal | their personal | my records"
                  " | data you have | data you hold | data you store | data you keep | "
                  + combine("records | record | data | information | info | trace | traces"
                            " | details | anything | everything | files | all records"
                            " | all record", "of me | of mine")
                  + " | collected on me | collected about me | you have collected | you collected"
                  " | youve collected | gathered on me | gathered about me"
                  " | information you have | information you hold | info you have"
                  " | you have stored | youve got stored | got stored | you have got on me"
                  " | youve got on me | everything in it | everything attached | everything linked"
                  " | everything on it | everything stored | everything else | "
                  + combine("my | his | her | their | my sons | my daughters | my childs | my kids"
                            " | my fathers | my mothers | my husbands | my wifes | my partners",
                            "profile | details | data | information | info | recordings"
                            " | photos | cv | number | phone number | email address | address"
                            " | home address | account and everything"
                            " | contact details | personal details | mobile number | email")
                  + " | " + combine("stored in your | kept in your | held in your | from your"
                                    " | from all your | from every | off your | out of your",
                                    "cloud | systems | system | database | databases | records"
                                    " | list | lists | mailing list | servers | files | marketing")
                  + " | from every list | from all lists | from any list | in your cloud"
                  " | from everything | from everywhere | from all of it | from all your | "
                  # Someone the customer speaks for: "everything you store about my son".
                  + combine("about | of | on",
                            "my son | my daughter | my child | my kid | my kids | my children"
                            " | my husband | my wife | my mother | my father | my mum | my dad"
                            " | my mom | my partner | my late"))),
        part=True, report=False),
    # What the customer's data is used for, objected to: "for research",
    # "personalised ads", "to train your AI"; and the data itself named as
    # theirs ("I don't want mine used for that").
    Rule("dp_purpose", kw(dp_purpose=(
        "for research | research purposes | research use | for studies | for a study"
        " | personalised ads | personalized ads | personalised advertising"
        " | personalized advertising | targeted ads | targeted advertising | ad targeting"
        " | for advertising | for ads | advertising purposes | profiling"
        " | to profile me | for training | to train | ai training | train your ai"
        " | train your model~ | machine learning | product improvement | improve your product~"
        " | for analytics | analytics purposes | data brokers | third parties | your partners"
        " | partner companies")),
        part=True, report=False),
    # Stopping a use of the customer's data: "opt me out", "stop using my
    # purchase history", "I object to ...", "leave me out of the research".
    Rule("stop_use", kw(stop_use=(
        "stop using | stop processing | stop sharing | stop selling | stop tracking"
        " | stop collecting | stop storing | stop analysing | stop analyzing | opt me out"
        " | opt out | opting out | opted out | dont use my | do not use my | dont use our"
        " | not to use my | not use my | dont want mine used | do not want mine used"
        " | dont want my data used | do not want my data used | dont want it used"
        " | exclude me | exclude my | remove me from | take me out of | leave me out of"
        " | leave my data out | withdraw me from | object to | i object | we object"
        " | dont process | do not process | no longer use my | no longer process")),
        part=True, report=False),
    Rule("mine_used", kw(mine_used=(
        "mine used | my data used | my information used | my info used | my details used"
        " | dont want mine used | do not want mine used | dont want my data used"
        " | do not want my data used | dont want my information used | dont want it used"
        " | dont want them used | dont want my details used"
        " | my history used | my records used | our data used | it used for | them used for"
        " | my data | my personal data | my information | my personal information | my details"
        " | my personal details | my history | my purchase history | my order history"
        " | my browsing | my search history | my location | my health data | my records"
        " | my profile | my photos | my voice | my messages | my content | my posts")),
        part=True, report=False),
)
# fmt: on
