"""Broad concepts for exposure: someone seeing what is not theirs (another
person's data, the customer's own things seen by another person, a record
nobody created), something private made public, a secret shown whole, a
link open without a login. Word families, not phrases (see
``classifier_parts_concepts``); ``classifier_situations`` composes them
("every employee's" + "home address" + "shows" in one sentence).
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["EXPOSURE_PARTS", "PEOPLE"]

# Other people whose data the customer should not see, as owners.
PEOPLE = (
    "customer | client | user | member | patient | student | pupil | parent | tenant | guest"
    " | employee | staff member | colleague | coworker | passenger | traveller | traveler"
    " | buyer | shopper | seller | driver | subscriber | applicant | candidate | donor"
    " | resident | player | learner | family | company | business | organisation"
    " | organization | person | people | account holder | household | child | kid"
    " | worker | caller | visitor | attendee | participant | contact | owner | school"
)


def _owners(determiners: str, nouns: str) -> str:
    """Possessive and plural owners: "another customer's" (apostrophes are
    dropped: "another customers"), "other customers", "every patient's"."""
    forms = []
    for noun in nouns.split("|"):
        noun = noun.strip()
        plural = noun[:-1] + "ies" if noun.endswith("y") and noun[-2] not in "aeiou" else noun + "s"
        if noun.endswith("person"):
            plural = noun[:-6] + "people"
        forms += [noun + "s", plural, plural + "s"]
    return combine(determiners, " | ".join(dict.fromkeys(forms)))


# fmt: off
EXPOSURE_PARTS: tuple[Rule, ...] = (
    # --- exposure: someone seeing what is not theirs ----------------------------------
    # "Every employee's", "other customers'", "four strangers'", "the last customer's".
    Rule("others_data", kw(others_data=(
        _owners("every | all | all the | all our | all of our | other | another | the other"
                " | any | any other | random | some other | the last | the previous | the next"
                " | a different | different | strangers | unknown | four | three | two | five"
                " | several | many | hundreds of | thousands of", PEOPLE)
        + " | everyones | everybodys | strangers | someone elses | somebody elses"
        " | one anothers"
        " | other peoples | a strangers | random peoples | some random"
        + " | " + combine("of | from | belonging to | for | that belong to | which belong to",
                          combine("another | other | a different | different | a competing"
                                  " | some other | another random", PEOPLE))
        # "A payslip for a man called Derek Ames".
        + " | " + combine("for a | of a | from a | to a | a | for some | some",
                          combine("man | woman | person | guy | lady | customer | client"
                                  " | patient | company | business | family | user | member"
                                  " | child | student | stranger",
                                  "called | named"))
        + " | someone called | someone named | somebody called | somebody named"
        + " | a competitor | our competitor | competitor | competitors | a competitors"
        " | our competitors | competing company | competing business"
        + " | " + combine("all | every | any | all the | all our | every single",
                          PEOPLE))),
        part=True, report=False),
    Rule("personal_data", kw(personal_data=(
        "address~ | home address~ | salary | salaries | pay | wages | payslip~ | pay slip~"
        " | phone number~ | mobile number~ | email address~ | date of birth | dates of birth"
        " | birth date~ | medical | health | diagnos~ | prescription~ | passport~"
        " | passport number~ | id number~ | id card~ | national insurance | social security"
        " | ssn | bank details | bank account~ | account number~ | card number~ | card details"
        " | transactions | statements | bank statement~ | test result~ | results | grades"
        " | messages | chat~ | transcript~ | conversations | payroll | contract~ | documents"
        " | rent | arrears | photos | pictures | files | records | details | personal details"
        " | personal info | personal information | personal data | names | full name~"
        " | location~ | orders | order history | invoices | tax return~ | licence | license"
        " | driving licence | driver license | signature~ | footage | recordings | reports"
        " | cv | cvs | resume~ | applications | notes | case notes | history"
        " | door code~ | access code~ | gate code~ | alarm code~ | key code~ | lockbox"
        " | appointment~ | appointment times | doctor~ | doctors name | sales figures"
        " | figures | numbers | revenue | prices | price list | customers | client list"
        " | customer list | children~ | kids | school | schools | data")),
        part=True, report=False),
    Rule("can_view", kw(can_view=(
        "see | sees | saw | seeing | seen | view | viewed | viewing | visible | shows | showed"
        " | shown | showing | displays | displayed | displaying | lists | listed | listing"
        " | contains | contained | includes | included | has | had | opens | opened"
        " | download | downloaded | read | access | accessed | appear~ | pops up | comes up"
        " | came up | got | get | received | receive | sent me | emailed me | gave me"
        " | in it | on it | exposed | reveal~ | leak~ | print~ | printed | emails | sends"
        " | attaches | attached | exports | exported")),
        part=True, report=False),
    # Another person seeing the customer's own things: "his school friend
    # could see my account page with my name and address".
    # A sign-in detail changed behind the customer's back, told without an
    # actor ("my login email was replaced with another one"), then locked
    # out: the change was not theirs.
    Rule("changed_behind", kw(changed_behind=combine(
        "email | login email | email address | account email | password | phone number"
        " | mobile number | number | recovery email | username | user name | 2fa"
        " | two factor | login | login details | sign in details",
        "was changed | has been changed | got changed | were changed | have been changed"
        " | was replaced | has been replaced | got replaced | were replaced | was switched"
        " | got switched | was swapped | got swapped | was reset | has been reset | got reset"
        " | was removed | has been removed | changed overnight | changed by itself"
        " | changed on its own | is different | is now different | is someone elses"
        " | is not mine | isnt mine | changed to")),
        part=True, report=False),
    # The same, the detail named apart from the change ("the password on my
    # account was changed"): a passive change and a sign-in detail in one
    # sentence.
    Rule("passive_change", kw(passive_change=(
        "was changed | has been changed | got changed | were changed | have been changed"
        " | was replaced | has been replaced | got replaced | was reset | has been reset"
        " | got reset | was switched | got switched | was swapped | got swapped"
        # "Your email address has been updated", "a new phone number was added".
        " | was updated | has been updated | got updated | were updated | have been updated"
        " | was edited | has been edited | was modified | has been modified | was altered"
        " | has been altered | was added | has been added | were added | have been added"
        " | was set | has been set | was granted | has been granted | were granted"
        " | was turned off | has been turned off | was disabled | has been disabled"
        " | was removed | has been removed")),
        part=True, report=False),
    Rule("locked_out", kw(locked_out=(
        "cant get in | cannot get in | can not get in | cant log in | cannot log in"
        " | can not log in | cant login | cannot login | locked out | lock me out"
        " | locked me out | locked us out | cant access | cannot access | can not access"
        " | no longer access | no longer log in | cant sign in | cannot sign in"
        " | not able to log in | unable to log in | unable to access | unable to sign in"
        " | cant enter | cannot enter | can not enter | no access | lost access")),
        part=True, report=False),
    Rule("viewer_other", kw(viewer_other=(
        combine("his | her | their | a | my sons | my daughters | my kids | a school | some"
                " | another | my | our",
                "friend | friends | classmate | classmates | colleague | coworker | neighbour"
                " | neighbor | flatmate | roommate | stranger | ex | school friend | school friends"
                " | school mate | schoolmate")
        + " | someone else | somebody else | another user | another customer | other people"
        " | other users | a stranger | strangers | random people | anyone else")),
        part=True, report=False),
    Rule("my_things", kw(my_things=combine(
        "my | our",
        "account | account page | name | address | home address | details | bills | orders"
        " | messages | photos | profile | history | data | information | payment details"
        " | card details | bank details | location | phone number | email | invoices"
        " | statements | documents | files | medical | records | conversations | chats"
        " | delivery address | shipping address | billing address | postal address"
        " | contact details | personal details | mobile number | mobile | payslip~ | salary"
        " | bookings | appointments | prescriptions | results | test results"
        " | location history | search history | purchases | transactions | passport | id"
        " | pictures | videos | notes | diary | calendar | emails")),
        part=True, report=False),
    # Records of people or companies: "a contact nobody here created".
    Rule("people_record", kw(people_record=(
        "contact | contacts | record | records | lead | leads | entry | entries"
        " | customer record~ | client record~ | patient record~ | profiles | company records"
        " | him | her | them")),
        part=True, report=False),
    # Data that belongs to someone else: "the lab results in my portal
    # belong to a different patient".
    Rule("belongs_other", kw(belongs_other=combine(
        "belong to | belongs to | belonging to | meant for | intended for",
        "a different | another | someone else | somebody else | other | a stranger"
        " | someone i dont know | a person i dont know | a man i dont know | a woman i dont know")),
        part=True, report=False),
    # Something private made public: "photos from my private album are in the
    # public gallery", "my hidden posts show on my profile".
    Rule("private_ish", kw(private_ish=(
        "private | privately | only me | only for me | only visible to me | hidden | personal"
        " | confidential | internal | unlisted | friends only | not public | secret"
        " | anonymous | anonymously")),
        part=True, report=False),
    Rule("made_public", kw(made_public=(
        "public | publicly | everyone can see | anyone can see | everybody can see"
        " | visible to everyone | visible to anyone | visible to all | shown to everyone"
        " | showing to everyone | shows to everyone | for everyone | to everyone | to the world"
        " | on google | in google | indexed | search results | strangers can see"
        " | visible to any | visible to all | visible to other | visible to every"
        " | anyone can | everyone can | my name shows | my name appears | with my name")),
        part=True, report=False),
    # A secret shown whole where it should be masked: "returns the full
    # card number in the orders endpoint".
    Rule("unmasked", kw(unmasked=(
        "full | in full | unmasked | not masked | not redacted | not hidden | not just the last"
        " | entire | the whole | complete | clear text | readable | not encrypted | unencrypted"
        " | all 16 digits | every digit")),
        part=True, report=False),
    Rule("shown_where", kw(shown_where=(
        "returns | returned | shows | shown | showing | displays | displayed | visible | printed"
        " | in the response | endpoint | api | logs | log file | url | export | csv | email"
        " | receipt | invoice | screen | page | webhook | payload | notification")),
        part=True, report=False),
    # A link or page that opens without a login.
    Rule("open_link", kw(open_link=(
        "without any login | without a login | without logging in | without login"
        " | without signing in | without a password | without password | no login needed"
        " | no login required | anyone with the link | anyone who has the link"
        " | anyone who guesses | guesses the | guessing the | by guessing | change the id"
        " | changing the id | next number | url pattern | sequential")),
        part=True, report=False),
    Rule("sensitive_stuff", kw(sensitive_stuff=(
        "payroll | salaries | salary | wages | payslips | financials | accounts | bank statements"
        " | statements | medical records | health records | contracts | contract | customer list"
        " | client list | customer data | client data | user data | personal data | tax returns"
        " | passport~ | invoices | report | reports | records | files | documents | photos"
        " | customer details | client details | patient~ | student~ | employee~ | any customers"
        " | any customer | every customer | any users | any user | any file | any files")),
        part=True, report=False),
    # A secret sent, posted or shown to people who should not have it: "I
    # emailed our whole mailing list a newsletter with the admin password",
    # "forwarded the thread to a supplier", "you can read our login in the
    # photo she posted on Facebook".
    # The customer questions a change they were told of: "is that normal?",
    # "was this you?", "probably a mix-up on my end", "should I be worried?".
    Rule("doubt_change", kw(doubt_change=(
        "is this normal | is that normal | is it normal | is normal | was this you"
        " | was it you | was that you | is this legit | is this genuine | is this real"
        " | is that legit | is that genuine | is that real | is this right | is that right"
        " | who changed | who did this | who did that | who made | who added | who granted"
        " | why was | why has | why did | what happened | how did this happen"
        " | how did that happen | mix up | mixup | mistake on my end | mistake on our end"
        " | better mention | better flag | better let you know | should i be worried"
        " | should i worry | should we be worried | is my account safe | is our account safe"
        " | have i been hacked | have we been hacked | am i hacked | is someone | was someone"
        " | someone else | not sure why | no idea why | dont know why | i dont know how"
        " | didnt expect | did not expect | wasnt expecting | was not expecting"
        " | can you check | could you check | please check | check what | check if"
        " | check whether | look into | is everything ok | is my account ok | anything to worry"
        " | probably nothing | nothing to worry | just flagging | flagging it | flag it"
        " | thought i should | thought id | to be safe | just in case | i wasnt using"
        " | i was not using | what should i do | what do i do | what do we do"
        " | what should we do | is it safe | is this safe | is that safe | is this a scam"
        " | is it a scam | scam | phishing")),
        part=True, report=False),
    # A notice of account activity the customer received: "I got an email
    # saying my password was changed", "your notification: new sign-in".
    Rule("notice_received", kw(notice_received=(
        combine("got | get | received | receive | had | have | just got | just received"
                " | arrived | there was | i got | we got | we received | i received",
                "an email | a email | an e mail | a notification | an alert | a text | an sms"
                " | a message | a mail | a push | a push notification | a warning | an otp"
                " | a code | a verification code | a security code | a login code"
                " | your email | your notification | your alert | your text | your message"
                " | email | notification | alert | text | sms | message | mail | warning")
        + " | email saying | notification saying | alert saying | text saying | sms saying"
        " | message saying | email that said | notification that said | email says"
        " | notification says | alert says | email telling | notification telling"
        " | security alert | security notification | login alert | sign in alert"
        " | account alert")),
        part=True, report=False),
    Rule("security_event", kw(security_event=(
        "new sign in | new sign ins | new signin | new login | new logins | new log in"
        " | sign in attempt | login attempt | log in attempt | sign in from | login from"
        " | signed in | logged in | logged into | signed into | new device | device added"
        " | device was added | new browser | password was changed | password has been changed"
        " | password changed | password reset | reset your password | reset my password"
        " | email address has been | email was changed | email has been changed"
        " | phone number was | phone number has been | number was changed | 2fa was"
        " | two factor was | mfa was | admin role | role granted | new admin | admin rights"
        " | new payee | payee added | payee was | bank details | payout details"
        " | verification code | security code | login code | one time code | otp")),
        part=True, report=False),
    # Someone else's business by its trade: "invoices for a dentist in
    # Bristol" (the customer is a plumber).
    Rule("other_trade", kw(other_trade=combine(
        "for a | of a | from a | belonging to a | for some | of some",
        "dentist | doctor | plumber | builder | electrician | accountant | hairdresser | salon"
        " | restaurant | cafe | bakery | school | clinic | hotel | gym | garage | pharmacy"
        " | florist | vet | charity | church | dental practice | law firm | estate agent"
        " | nursery | pub | bar | barber | optician | physio | chiropractor | landlord")),
        part=True, report=False),
    # Control of the customer's device given away: "he told me to install
    # AnyDesk", "let them remote into my laptop".
    Rule("remote_access", kw(remote_access=(
        "anydesk | teamviewer | team viewer | remote access | remote desktop | remotely access"
        " | remotely accessed | remote into | remoted into | remote control | access my computer"
        " | access to my computer | access to my laptop | access my laptop | access my phone"
        " | access to my phone | control of my computer | control my computer"
        " | control of my laptop | control of my phone | share my screen | shared my screen"
        " | screen share | screen sharing | quick support | rustdesk | ultraviewer")),
        part=True, report=False),
    Rule("credential", kw(credential=(
        "password~ | passcode~ | login details | login and password | username and password"
        " | admin login | admin username | admin password | our login | my login"
        " | practice login | shop login | store login | master password | api key~"
        " | secret key~ | private key~ | access key~ | credentials | recovery code~"
        " | backup code~ | seed phrase | recovery phrase | 2fa code~ | mfa code~"
        " | one time code~ | pin code | pin number | card number~ | cvv | cvc | access token~"
        " | auth token~ | bearer token~ | login for | logins for | the login | the logins")),
        part=True, report=False),
    Rule("sent_out", kw(sent_out=(
        "sent | send | emailed | email~ | mailed | forwarded | forward | posted | post"
        " | shared | share | published | publish~ | went out | gone out | went to | cc | ccd"
        " | copied in | broadcast | uploaded | tweeted | pasted | screenshot~ | photo | picture"
        " | video | can read | can clearly read | could read | clearly read | clearly visible"
        " | is visible | was visible | are visible | readable | legible | in the background"
        " | can see it | could see it | zoom in")),
        part=True, report=False),
    # A lost or stolen device, or a break-in.
    Rule("device_plural", kw(device=(
        "phones | laptops | tablets | ipads | iphones | computers | devices | macbooks | pcs"
        " | mobiles | handsets | work laptop | work phone | company laptop | company phone"
        " | my mac | the mac | desktop | workstation")),
        part=True, report=False),
    Rule("device_taken", kw(device_gone=(
        "broken into | broke into | burgled | burglary | break in | robbery | robbed | mugged"
        " | theft | thieves | thief | went missing | gone missing | left behind | left it"
        " | forgot it | forgotten | lost it | were taken | was taken | got taken | got stolen"
        " | was stolen | were stolen | swiped | pinched | taken from | is gone | was gone"
        " | are gone | were gone | burglars | burglar | robbers | nicked | snatched | stole"
        " | took our | took my | took the")),
        part=True, report=False),
    Rule("wide_audience", kw(wide_audience=(
        # People outside the business: "emailed to an outside vendor".
        "an outside | an outsider | outsiders | outside party | outside parties | our vendor"
        " | the vendor | a contractor | a freelancer | another company | someone outside"
        " | people outside | an external company | an outside company"
        " | mailing list | mailing lists | whole list | entire list | newsletter~ | mail out"
        " | mailout | mass email | bulk email | everyone on the list | group chat | team chat"
        " | public channel | whatsapp group | facebook group | wrong person | wrong recipient~"
        " | wrong email address | wrong address | wrong customer | wrong client | wrong contact"
        " | one of our suppliers | our suppliers | a supplier | our supplier | a vendor"
        " | an external | outside the company | outside our company | a third party"
        " | third parties | a stranger | facebook | instagram | twitter | tiktok | linkedin"
        " | reddit | youtube | social media | went viral | shares | retweet~ | the post"
        " | the whole company | the whole school | all staff | all our staff | company wide"
        " | " + combine("all our | all of our | all my | all of my | our whole | our entire"
                        " | the whole | the entire | every one of our | every",
                        "customers | clients | patients | members | users | subscribers"
                        " | contacts | parents | students | guests | tenants | suppliers"
                        " | customer | client | patient | member | user | subscriber | contact"
                        " | list | database")
        + " | " + combine("about | over | nearly | almost | some", "100 people | 200 people"
                          " | 300 people | 500 people | 1000 people | 1,000 people | 1,200 people"
                          " | 2,000 people"))),
        part=True, report=False),
    # Signed in on a computer that is not the customer's: "a computer at the
    # library", "my friend's laptop", "the hotel lobby PC".
    Rule("borrowed_computer", kw(borrowed_computer=(
        combine("computer | pc | laptop | terminal | tablet | ipad | phone | mac",
                "at the library | in the library | at a library | at the hotel | in the hotel"
                " | in a hotel | at an internet cafe | in an internet cafe | at the airport"
                " | at work | at school | at the office | at my friends | at a friends"
                " | at the print shop | in the lobby | at the shop | at the bank | at uni"
                " | at university | at college")
        + " | library computer | library pc | internet cafe | cyber cafe | net cafe"
        " | lan house | print shop | business centre | business center | hotel lobby"
        " | kiosk | borrowed laptop | borrowed phone | borrowed computer | borrowed tablet"
        " | friends laptop | friends computer | friends phone | friends ipad"
        " | someone elses laptop | someone elses phone | someone elses computer"
        " | my friends laptop | my friends phone | my friends computer | colleagues computer"
        " | my colleagues laptop | school computer | college computer | university computer"
        " | uni computer | public wifi computer | shared laptop | shared ipad | shared tablet")),
        part=True, report=False),
    Rule("left_signed_in", kw(left_signed_in=(
        "didnt log out | did not log out | didnt sign out | did not sign out | forgot to log out"
        " | forgot to sign out | forgot to logout | forgot to log off | didnt log off"
        " | didnt logout | not logged out | not signed out | never logged out"
        " | never signed out | left it logged in | left it signed in | left myself logged in"
        " | left my account logged in | left my account open | left it open"
        " | still logged in | still signed in | still open | i not log out | i no log out"
        " | didnt close the session | did not close the session | didnt close my session")),
        part=True, report=False),
)
# fmt: on
