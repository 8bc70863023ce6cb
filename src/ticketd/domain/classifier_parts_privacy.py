"""Situation parts for harm to a person's privacy and daily life: another
customer's data seen, secrets and data exposed (posted publicly, given to
a fake site), a stranger
watching what was private, a service the customer lives on gone for days,
and an erasure wanted for good.

Each part is a small vocabulary (a ``Rule`` with ``part=True``), matched in
a layer of its own where overlaps are kept; ``classifier_situations``
composes them, with the *who* parts of ``classifier_parts_incident`` ("a
man I don't know" + "saw" + "my private runs" is private data seen by a
stranger; "no internet" + "since Thursday" is a service lost for days).
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["PRIVACY_PARTS"]

_ROLES = (
    "customer | client | user | member | student | patient | person | family | company"
    " | business | account | tenant | employee | guest | buyer | child | kid | parent"
    " | organisation | organization | school | shop | store | firm | practice | household"
    " | donor | subscriber | pupil | resident | applicant | candidate | supporter | passenger"
    " | owner | seller | driver | contact | traveller | member | clinic | pharmacy | dentist"
    " | restaurant | venue | agency | landlord | salon | gym | hotel | charity | surgery"
    " | haulier | carrier | supplier | vendor | merchant | partner | broker | contractor"
)


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


_OTHER = " | ".join(
    f"{who} {form}"
    for who in (
        "another",
        "a different",
        "other",
        "every other",
        "a totally different",
        "a completely different",
        "an entirely different",
        "some other",
        "some random",
        "a random",
        "an unknown",
    )
    for role in _ROLES.split("|")
    # singular, possessive ("another company's": apostrophes are dropped), plural
    for form in dict.fromkeys((role.strip(), role.strip() + "s", _plural(role.strip())))
)
_PERSONAL = (
    "names | addresses | home addresses | phone numbers | email addresses | salaries | salary"
    " | payslips | payslip | pay slip | medical | health records | passport~ | social security"
    " | card numbers"
    " | bank details | personal data | personal details | personal information | dates of birth"
    " | nhs number~ | insurance number~ | national insurance | social security number~"
    " | patient number~ | id number~ | tax id~ | date of birth | medical records | card number"
    " | card details | account number~"
)

_DAYS = (
    "monday | tuesday | wednesday | thursday | friday | saturday | sunday | the weekend"
    " | last week | yesterday morning | the day before yesterday"
)
_UTILITIES = (
    "internet | signal | mobile signal | phone signal | service | connection | network"
    " | broadband | wifi | wi fi | power | electricity | gas | water | hot water | heating"
    " | dial tone | phone line | landline | tv | coverage | mobile data | reception"
)

# fmt: off
PRIVACY_PARTS: tuple[Rule, ...] = (
    # --- another customer's data ----------------------------------------------------
    Rule("other_party", kw(
        other_party=("someone elses | somebody elses | other peoples | other people"
                     " | other companies | other businesses | every other | strangers"
                     " | different company | different customer"
                     # A real person's data in an example, the previous
                     # user's session on a shared screen.
                     " | a real customers | a real users | a real persons | a real clients"
                     " | the previous users | the previous user | the previous customers"
                     " | the previous customer | the previous persons | the previous person"
                     " | the person before me | the previous owners | the last persons"
                     " | not at our school | not at our company | not at our practice"
                     " | who are not ours | who are not at our | from other schools"
                     " | other schools | other companies data"
                     " | " + _OTHER)),
        part=True, report=False),
    # Not another customer's data: a conflict message ("this number is
    # associated with another account") or others doing fine ("other people
    # can join him fine").
    Rule("others_fine", kw(others_fine=(
        "associated with another | associated with a different | linked to another"
        " | linked with another | already associated | already linked | already in use | "
        + combine("other people | other users | others | other customers | other players",
                  "can | are fine | are ok | are okay | have no | dont have | work fine"))
        # "Other clients' documents open fine", "every other row that works".
        + " | " + combine("other | others | all other | all the other | every other | the other"
                          " | all our other",
                          combine("| clients | customers | users | pharmacies | rows | episodes"
                                  " | stores | documents | clients documents | files | accounts"
                                  " | employees | staff | colleagues | team members | drivers",
                                  "open fine | work fine | load fine | are fine | are ok | work"
                                  " | works | play fine | receive ours fine | receive fine"
                                  " | that works | that work | are getting | look right"))),
        part=True, report=False, cancels=("other_party", "another")),
    Rule("see", kw(
        see=("see | sees | seeing | saw | shows | showed | showing | shown | visible | contains"
             " | contained | included | includes | returns | returned | got | opened | open"
             " | landed | access | accessed | view | viewing | viewed | appear~ | displayed"
             " | listed | received | there were | there was | pulled up | fetch~ | receiving"
             " | getting | meant for | read | reading | let me download | let me open"
             " | sent me | sent us | emailed me | emailed us | gave me | given me | shared with me"
             " | let me see | show | i get | we get | i can get | we can get | comes up"
             " | come up | pops up | pop up | could download | can download | downloaded"
             " | could open | can open | could access | can access | able to see"
             " | able to open | able to download | able to access | pulls up | brings up"
             " | returning | exposing | exposes | leaking | leaks | serving | serves"
             " | displaying | showing up | shows up")),
        part=True, report=False),
    Rule("personal_info", kw(personal_info=_PERSONAL + " | name and address"),
         part=True, report=False),
    Rule("another", kw(another=(
        "another | someone elses | somebody elses | a strangers | my colleagues | a colleagues"
        " | " + combine("the last | the previous | the next | a previous",
                        "customers | clients | users | patients | guests | persons | person"
                        " | customer | client | user | patient | guest | shoppers | shopper")
        + " | "
        " | my coworkers | a coworkers | my neighbours | my neighbors | my managers"
        " | my bosss | other staffs | other employees")),
         part=True, report=False),
    # --- secrets and data exposed ---------------------------------------------------
    Rule("secret", kw(
        secret=("password~ | api key~ | secret key~ | secret~ | token~ | credentials"
                " | private key~ | env file | login details | access key~ | live key~"
                " | card number~ | backup code~ | recovery code~ | recovery key~ | seed phrase"
                " | one time code~ | login code~ | pin code | username and password"
                " | admin login | our login | my login | login for | logins for | admin password"
                " | stripe key~ | stripe secret | aws key~ | aws secret~ | client secret~"
                " | webhook secret~ | ssh key~ | signing key~ | encryption key~ | access token~"
                " | bearer token~ | auth token~ | session token~ | secret token~ | master key~"
                " | root password | database password | db password | wifi password"
                " | the code | my code | the code from | sms code~ | text code | verification code~"
                " | security code~ | pin | my pin | card details | my card details | bank details"
                " | my bank details | cvv | cvc | login details | my username | otp | 2fa code~")),
        part=True, report=False),
    Rule("gave_away", kw(gave_away=(
        "typed | entered | put in | gave | given | submitted | filled in | handed over | shared"
        " | told them | read out | read them | read him | read her | told him | told her"
        " | gave it | gave them | gave him | gave her | shared it | put my | typed in"
        " | logged in through | logged in via | signed in through | signed in via"
        " | logged in with it | filled out | sent them | sent him | sent it | i did")),
        part=True, report=False),
    Rule("fake_site", kw(fake_site=(
        "fake | spoof~ | phish~ | looked like yours | looked exactly like | look like yours"
        " | pretending to be you | imitation | copycat | bogus | scam site | scam page"
        " | scam email | clone | cloned | not your site | not your website | address was wrong"
        " | wrong website | wasnt your | was not your | pretended to be you | claimed to be you"
        # An impostor in any wording: "a man claiming to be your support",
        # "someone saying they were from your fraud team".
        " | claiming to be | claimed to be | claims to be | saying they were from"
        " | said they were from | said he was from | said she was from | saying he was from"
        " | saying she was from | says he is from | says she is from | pretending to be"
        " | pretended to be | posing as | posed as | impersonating | impersonated"
        " | thought was yours | thought it was yours | thought it was you | thought was you"
        " | looked like your | looked like you | looked real | looked legit | looked official"
        " | scam call | scam text | scammer~ | fraudster~ | link in the email | link in the text"
        " | link in a text | link in an email | link in the message | was that real"
        " | was it real | was this real | is it real | was that you | was it you | it wasnt"
        " | it was not | got phished | been phished | was phished"
        # The lure: a message asking to verify or confirm the account or
        # threatening to close it; an address that was not right.
        " | needed to be verified | needs to be verified | need to be verified"
        " | had to be verified | has to be verified | must be verified | needed verifying"
        " | needs verifying | needed verification | needs verification | "
        + combine("asking me to | asked me to | asking us to | asked us to | told me to"
                  " | telling me to | saying i need to | saying i had to | saying we need to"
                  " | said i had to | said i need to | said we had to | saying to | asking to"
                  " | wanted me to | wanting me to",
                  "verify | re verify | reverify | confirm | reconfirm | re confirm | validate"
                  " | re validate | unlock | reactivate | re activate | update | log in | login"
                  " | sign in | re enter | enter my | enter our | secure")
        + " | " + combine("account would be | account will be | account is going to be"
                          " | account was going to be",
                          "suspended | closed | locked | deleted | deactivated | disabled"
                          " | blocked | frozen | restricted")
        + " | " + combine("web address | the address | the url | the domain | the link"
                          " | the website address | the site address | the sender | the senders"
                          " | the email address | the page address",
                          "was odd | looked odd | was weird | looked weird | was strange"
                          " | looked strange | was wrong | looked wrong | was different"
                          " | looked different | was not yours | wasnt yours | was misspelled"
                          " | was misspelt | was spelled wrong | looked off | was off"
                          " | was suspicious | looked suspicious | was a bit off"))),
        part=True, report=False),
    Rule("exposed_weak", kw(
        exposed_weak=("public | posted | pasted | pushed | visible | screenshot | forum | repo"
                      " | github | gitlab | shared | in the url | in the logs | in plain"
                      # Sent to many by mistake: "in the newsletter to 300 clients".
                      " | in the newsletter we | in our newsletter | newsletter we sent"
                      " | mailing we sent"
                      " | email we sent to | to all our clients | to our clients | to all clients"
                      " | to all our customers"
                      # Shown on a screen others watch: "the password field
                      # unmasked while I streamed".
                      " | unmasked | on stream | streamed | streaming | livestream | live stream"
                      " | on camera | screen share | screen sharing | screenshare"
                      # Written out where it should be hidden: "my new password
                      # in normal text in the confirmation email".
                      " | normal text | readable text | unencrypted | not encrypted"
                      " | not masked | not hidden | in the email body | in the confirmation email"
                      " | in the welcome email | written in the email | written in the mail")),
        part=True, report=False),
    Rule("exposed", kw(
        exposed=("is public | was public | are public | were public | set to public | made public"
                 " | public link | link is public | page source | source code | view source"
                 " | in the html | in the response"
                 " | in the console | in the network tab | viewable by anyone | visible to anyone"
                 " | accessible to anyone | open to anyone"
                 " | anyone who has the link | anyone who has it | anyone can access"
                 " | anyone could access | visible to everyone | viewable by everyone"
                 " | publicly | plain text | plaintext | clear text | exposed | paste site"
                 " | anyone can see | anyone can open | anyone with the link | without any login"
                 " | without logging in | without a login | google search | indexed"
                 " | for anyone to see | anyone could see | printed in | public forum"
                 " | public group | public channel | public repo"
                 " | posted online | on the internet | leaked online | online for anyone"
                 " | search engine~ | found it through | whoever has | whoever gets"
                 " | whoever opens | whoever clicks"
                 # Shipped to every browser or phone: "in your JavaScript bundle".
                 " | javascript bundle | js bundle | in the javascript | in your javascript"
                 " | in the js | client side code | frontend code | front end code | source map"
                 " | source maps | in the apk | in the app binary | lets anyone | allows anyone"
                 " | lets anybody | allows anybody | " + combine(
                     "anyone | anybody | everyone | the public | any visitor",
                     "can download | can read | can view | could download | could read"
                     " | can find | is able to download"))),
        part=True, report=False),
    # --- private things seen, watched or heard by someone else --------------------
    Rule("private_thing", kw(private_thing=(
        "private | privately | only me | only visible to me | never shared | not shared"
        " | hidden | inside my | inside our | in my home | in our home | in my house"
        " | in our house | living room | bedroom | bathroom | my kids | my children"
        " | my daughter | my son | medical | hospital | my home address | where i live"
        " | location | her location | his location | my location | where she lives"
        " | where he lives | where we live")),
        part=True, report=False),
    # Reaching records by editing an address: "if I change the number at the
    # end of the link", "by changing the id in the URL".
    Rule("url_tamper", kw(url_tamper=combine(
        "change | changed | changing | edit | edited | editing | modify | modified | alter"
        " | altered | increment | tweak | tweaked | swap | swapped",
        "the url | the link | the address bar | the id | the ids | the number in the"
        " | the web address | the browser address | the number in the link"
        " | the number at the end | the last number in | the digits in | the id in | a number in"
        " | the number to | the id to | the last digits"
        " | one digit in | the parameter | the query string")),
        part=True, report=False),
    # "By changing the invoice ID in the link": an identifier edited (the
    # link named in the same sentence, ``in_link``).
    Rule("id_change", kw(id_change=combine(
        "change | changed | changing | edit | edited | editing | modify | modified | alter"
        " | altered | increment | incremented | tweak | tweaked | swap | swapped | replace"
        " | replaced | replacing | put | putting | type | typed | typing | enter | entered",
        "the invoice id | the order id | the order number | the user id | the customer id"
        " | the account id | the account number | the booking number | the booking id"
        " | the ticket number | the record id | the number | the id number | the reference"
        " | the invoice number | the document id | the file id | the report id | the patient id"
        " | the member id | the student id | the employee id | the page number | another number"
        " | a different number | another id | a different id | someone elses id"
        " | the digits | one digit | a digit | the last digit | the last digits")),
        part=True, report=False),
    Rule("in_link", kw(in_link=(
        "in the link | in the url | in the address bar | in the browser | of the url"
        " | of the link | in the web address | at the end of the link | at the end of the url"
        " | in the address | in the api call | in the request | in the query")),
        part=True, report=False),
    Rule("login_through", kw(login_through=(
        "logged in through | logged in via | signed in through | signed in via | logged in on it"
        " | logged in using the link | logged in from the link | logged in there | signed in there"
        " | logged into it | signed into it")),
        part=True, report=False),
    # The account shows someone else's identity: "my profile now has a
    # different name and photo".
    Rule("identity_swapped", kw(identity_swapped=combine(
        "my profile | my account | my page | my channel | my shop | my store | our page"
        " | our profile | our account | our store | our shop | our channel",
        "now has a different | now shows a different | now has someone elses"
        " | has someone elses | shows someone elses | now has another | has a new name"
        " | has a different name | has a different photo | is now called | now belongs to"
        " | belongs to someone else | is under a different name | is now under")),
        part=True, report=False),
    # Sensitive details of people, and an audience of everyone: "salaries
    # appear in the search results for all staff".
    Rule("sensitive_personal", kw(sensitive_personal=(
        "salary | salaries | payslip~ | pay slip~ | wages | medical | health record~"
        " | diagnos~ | home address~ | passport~ | social security | ssn | national insurance"
        " | bank details | bank account~ | date of birth | dates of birth | disciplinary"
        " | performance review~ | appraisal~ | sick note~ | sick leave | test results"
        " | criminal record~ | background check~ | visa status")),
        part=True, report=False),
    Rule("audience_all", kw(audience_all=(
        # People outside the business a role lets in: "our vendor can see
        # owner bank details", "tenants can open the payroll tab".
        combine(combine("| our | the | a | every | any | all",
                        "vendor | vendors | contractor | contractors | supplier | suppliers"
                        " | tenant | tenants | guest | guests | student | students | intern"
                        " | interns | freelancer | freelancers | volunteer | volunteers | cleaner"
                        " | cleaners | temp | temps"),
                "can | could | is able to | are able to | was able to | login can"
                " | logins can | account can | accounts can | role can | user can | users can")
        + " | " +
        "for all staff | to all staff | for everyone | to everyone | to all users | for all users"
        " | to all employees | for all employees | to the whole company | to every employee"
        " | to the whole team | for the whole team | to anyone in | for anyone in | to all members"
        " | for all members | to other employees | to other staff | to other users"
        " | to other members | to other patients | to other tenants | to other customers"
        " | to the public | to anyone | to anybody")),
        part=True, report=False),
    Rule("watch", kw(watch=(
        "see | saw | seen | seeing | watch | watching | watched | view | viewed | viewing"
        " | look at | looked at | looking at | listen to | listened to | listening to"
        " | accessed | comment~ | downloaded | shared with | sent me | messaged me"
        " | screenshot~"
        " | able to see | able to watch | able to view")),
        part=True, report=False),
    # --- a service people live on, gone for days -------------------------------------
    Rule("service_gone", kw(service_gone=(
        combine("no | lost | lost all | lost the | zero | without", _UTILITIES)
        + " | " + combine("internet | line | phone | connection | broadband | router | tv",
                          "dead | is dead | went dead | is down | down | cut off | keeps dead")
        # "The power has been off on our street".
        + " | " + combine("power | electricity | water | gas | heating | hot water | internet"
                          " | broadband | signal | wifi | phone line",
                          "is off | has been off | been off | was off | went off | is out"
                          " | has been out | been out | went out | cut | was cut | has been cut"
                          " | is gone | has gone | outage | cut off"))),
        part=True, report=False),
    Rule("days_long", kw(days_long=(
        combine("since", _DAYS)
        + " | " + combine("2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | two | three | four | five | six"
                          " | seven | several | many | few", "days | days now | weeks")
        + " | for days | days now | over a week | more than a week | a whole week | all week"
        " | for weeks | 48 hours | 72 hours")),
        part=True, report=False),
    # Something missing over a stretch of time: "for the last 9 days", "since
    # Monday" (not "within two days").
    Rule("days_running", kw(days_running=combine(
        "the last | the past | for the last | for the past | in the last | over the last",
        combine("2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 14 | two | three | four | five"
                " | six | seven | eight | nine | ten | few | several", "days | weeks"),
    ) + " | the last week | the past week | the last fortnight | for days | for weeks"
        " | over a week | more than a week | " + combine("since", _DAYS)),
        part=True, report=False),
    # "19 days ago", "three weeks ago": long past.
    Rule("days_ago", kw(days_ago=combine(
        "2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20"
        " | 21 | 25 | 30 | two | three | four | five | six | several | many",
        "days ago | weeks ago | months ago")),
        part=True, report=False),
    # --- erasure wanted for good -------------------------------------------------------
    # One item edited on a profile, not data about the person: "remove the
    # old address from my profile".
    Rule("on_profile", kw(on_profile=combine(
        "from | on | in | to | onto", "my profile | our profile | his profile | her profile")),
        part=True, report=False, cancels=("about_me",)),
    Rule("wish", kw(wish=(
        "i want | we want | i would like | id like | wed like | i need | please | i demand"
        " | i ask | i request | i insist | kindly | i expect | make sure")),
        part=True, report=False),
    Rule("for_good", kw(for_good=(
        "permanently | fully | completely | for good | forever | entirely | totally"
        " | every trace | from your servers | from your server | on your servers | on a server"
        " | from your systems | from your system | from your database | not just hide"
        " | not just hidden | not hidden | not paused | not just deactivate~ | actually gone"
        " | actually deleted | all of them | all of it | everything")),
        part=True, report=False),
)
# fmt: on
