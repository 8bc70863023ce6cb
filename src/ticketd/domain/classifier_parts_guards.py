"""Neutralisers for the plain-word families of ruleset 2026.11-17
(``classifier_parts_plain``): phrases that swallow the parts they contain,
so a look-alike is not read as the situation ("I thought I'd lost my
notes", "the trigger fires twice", "printed in A4", "for my husband",
"the other stores work fine", "what's the difference between ...").
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["GUARD_PARTS"]

# fmt: off
GUARD_PARTS: tuple[Rule, ...] = (
    # --- neutralisers ----------------------------------------------------
    # "We need it for reverse charge", "our VAT return": tax words.
    Rule("tax_words", kw(tax_words=(
        "reverse charge | reverse charged | reverse charging | for reverse charge"
        " | under reverse charge | vat return | vat returns | tax return | tax returns"
        " | annual return | self assessment return")),
        part=True, report=False, cancels=("reverse_money", "return_money", "amount_owed")),
    # "His email has been deleted": a fact, not a request to delete.
    Rule("past_deleted", kw(past_deleted=(
        "has been deleted | have been deleted | was deleted | were deleted | got deleted"
        " | has been removed | was removed | were removed | got removed | had been deleted"
        " | was erased | has been erased")),
        part=True, report=False, cancels=("dp_erase",)),
    # "Every other row that works", "the other pipelines": not another customer.
    Rule("every_other_thing", kw(every_other_thing=combine(
        "every other | all other | any other | the other | all the other",
        "row | rows | line | lines | file | files | record | records | item | items | entry"
        " | entries | field | fields | date | dates | day | days | week | time | one | episode"
        " | episodes | page | pages | store | stores | pipeline | pipelines | filter | filters"
        " | report | reports | invoice | invoices | product | products | setting | settings"
        " | browser | device | devices | card | cards | event | events | date filters")),
        part=True, report=False, cancels=("other_party", "another")),
    # "I called my bank and they say there's no block": the bank checked.
    Rule("bank_checked", kw(bank_checked=combine(
        "called my bank | called the bank | spoke to my bank | checked with my bank"
        " | contacted my bank | rang my bank | asked my bank",
        "and they say | and they said | and they told me | they say | they said | who said"
        " | who say | and it is fine | and its fine | and there is no | and theres no")),
        part=True, report=False, cancels=("bank_threat_phrase",)),
    # "What's the difference between Void and Write off?"
    Rule("difference_between", kw(difference_between=(
        "difference between | the difference between | whats the difference"
        " | what is the difference")),
        part=True, report=False, cancels=("amount_owed", "money_amount")),
    # "The trigger fires twice": a duplicate, not a double charge.
    Rule("fires_twice", kw(fires_twice=combine(
        "fires | fired | firing | logged | recorded | posted | sent | synced | imported | created"
        " | counted | shown | listed | appears | appear | shows | show | displayed | gets logged",
        "twice | two times | 2 times | double")),
        part=True, report=False, cancels=("repeated_act", "repeated_twice")),
    # "Printed in A4 size": a format, not data printed somewhere public.
    Rule("printed_format", kw(printed_format=combine(
        "printed in | printing in | prints in",
        "a4 | a5 | a3 | the wrong | wrong | a | colour | color | black | landscape | portrait"
        " | size | the size | large | small | bold")),
        part=True, report=False, cancels=("exposed",)),
    # "I thought I'd lost the reading lists, your colleague found them".
    Rule("thought_lost", kw(thought_lost=combine(
        "i thought | we thought | thought | i was afraid | i feared | i was worried",
        "i had lost | i lost | id lost | wed lost | we had lost | we lost | i had deleted"
        " | i deleted | we deleted | it was lost | they were lost | it was gone"
        " | they were gone")),
        part=True, report=False, cancels=("gone", "data_gone")),
    # "The card on file", "letting you know": not data held about the customer.
    Rule("not_about_self", kw(not_about_self=(
        "card on file | payment method on file | card details on file | card we have on file"
        " | letting you know | let you know | as you know | you know what | do you know if"
        " | do you know how | do you know when | do you know whether | you know ,")),
        part=True, report=False, cancels=("about_self", "held_by_you")),
    # "I booked a car for my husband": on behalf of a family member.
    Rule("for_family", kw(for_family=combine(
        "for my | for our | with my | with our",
        "husband | wife | son | daughter | kids | children | partner | mum | mom | dad | parents"
        " | family")),
        part=True, report=False, cancels=("family_member", "household")),
    # "I've never ordered before": a first-time customer, not a denial.
    Rule("first_time", kw(first_time=combine(
        "| i | ive | i have | we | weve | we have | definitely | ive definitely"
        " | i definitely | i have definitely | we definitely",
        combine("never ordered | never bought | never booked | never used | never shopped"
                " | never paid | never subscribed | never signed up | never rented"
                " | never travelled",
                "before | with you before | here before | from you before | until now"
                " | until today"))),
        part=True, report=False,
        cancels=("not_me", "not_mine", "not_me_money", "not_me_account")),
    # "To see my old ones for my records": the customer's own files.
    Rule("own_records", kw(own_records=combine(
        "for my | for our | for my own | for our own | in my | in our",
        "records | files | filing | archive | archives | bookkeeping | accounts")),
        part=True, report=False, cancels=("about_me", "mine_used", "my_things")),
    # "A temporary number that nobody knows": the customer's own new number.
    Rule("own_new_number", kw(own_new_number=combine(
        "temporary | temp | new | spare | second | backup",
        "number that nobody knows | number nobody knows | number which nobody knows"
        " | email that nobody knows | address that nobody knows")),
        part=True, report=False, cancels=("who_stranger",)),
    # "Drivers can't see the new notes field": a new thing not shown.
    Rule("cant_see_new", kw(cant_see_new=combine(
        "drivers | users | customers | staff | members | agents | employees | clients | students"
        " | patients | we | our team | our staff | our users | the team | everyone | everybody"
        " | i | the drivers | the users | the staff | the agents",
        combine("cant | cannot | can not | dont | do not | couldnt | could not | arent able to",
                "see the new | find the new | see the option | find the option | see the button"
                " | find the button | see the field | find the field | see the setting"
                " | find the setting | see the tab | find the tab | see the feature"
                " | find the feature | see the new field | see the new button"))),
        part=True, report=False,
        cancels=("people_cannot", "failure", "not_functioning", "everyone_all", "scope_group")),
    # "How do I delete a user's personal data?": the data of the customer's
    # own customers, not the customer's.
    Rule("third_party_data", kw(third_party_data=combine(
        "a | an | our | one of our | the | their | a former | an old | any",
        combine("users | customers | clients | members | patients | employees | staff | contacts"
                " | students | subscribers | guests | candidates | tenants | visitors",
                "personal data | data | details | information | info | records | profile"
                " | personal information | personal details"))),
        part=True, report=False, cancels=("about_me", "about_self", "my_contact")),
    # "Some of our customers", "one of our tills": not all of them.
    Rule("some_of", kw(some_of=combine(
        "some | some of | some of our | some of the | a few | a few of our | one of our"
        " | one of the | a couple of | several of our | two of our | one",
        "customers | clients | patients | members | students | users | guests | subscribers"
        " | parents | drivers | staff | employees | tenants | buyers | attendees | players"
        " | tills | terminals | card readers | printers | tablets | devices | machines"
        " | kiosks | scanners")),
        part=True, report=False,
        cancels=("recipients_not_getting", "our_fleet", "people_cannot", "everyone_all",
                 "scope_group", "none_of_ours", "whole_org")),
    # "I lost my phone last year ... move my data": the phone, not the data.
    Rule("lost_device_words", kw(lost_device_words=combine(
        "lost my | lost our | lost the | lost his | lost her | i lost my | we lost our",
        "phone | laptop | ipad | tablet | device | mobile | computer | iphone | card | wallet"
        " | keys | key | charger | password | login | bag | purse")),
        part=True, report=False, cancels=("gone",)),
    # "I lost my copies of the 2023 invoices, can you resend them?": the
    # customer's own copies, gone on their side; the originals are with
    # the service, which is asked to send them again.
    Rule("own_copies_lost", kw(own_copies_lost=combine(
        "i lost | ive lost | i have lost | i had lost | we lost | weve lost | i deleted"
        " | ive deleted | i accidentally deleted | i threw away | i misplaced | i cant find"
        " | we deleted | we misplaced | i no longer have | we no longer have",
        "my copy | my copies | our copy | our copies | the copies | the copy | my paper copies"
        " | the paperwork | my paperwork | my receipts | our receipts | the receipts"
        " | the printouts | my printouts | the emails with | the email with | my old emails"
        " | the pdfs | my pdfs | my downloaded")),
        part=True, report=False, cancels=("gone", "data_gone", "data_broken", "device_gone")),
    # "Callum left last Friday": a person leaving, not a device left behind.
    Rule("person_left", kw(person_left=combine(
        "he | she | they | who | has | have | had | just | designer | employee | colleague"
        " | manager | intern | contractor | tenant",
        "left")),
        part=True, report=False, cancels=("device_gone", "device_taken")),
    # "We have nothing to do with Westfield": records of a stranger.
    Rule("no_ties", kw(no_ties=combine(
        "we have | i have | we had | ive had | weve had | we have absolutely",
        "nothing to do with | no connection to | no connection with | no relation to"
        " | no link to | never dealt with")),
        part=True, report=False),
    # "I'd like to know how reimbursement works" asks, it does not demand.
    Rule("know_how", kw(know_how=combine(
        "id like | i would like | wed like | we would like | i want | we want | i need | we need",
        "to know | to ask | to understand | to check | to find out | some information"
        " | information | info | to learn")),
        part=True, report=False, cancels=("demand_verb",)),
    # "My wife bought me the plan as a gift": a family member paying for the
    # customer, not a charge the customer did not make.
    Rule("family_gift", kw(family_gift=combine(
        "my son | my daughter | my kid | my kids | my child | my children | my husband | my wife"
        " | my partner | my flatmate | my roommate | my mum | my mom | my dad | my parents",
        "bought me | paid for me | got me | gifted me | gave me | bought it for me"
        " | bought this for me | paid for my | pays for my | pays for our | paid for our"
        " | is paying for | pays for | bought us | paid for us | bought it as a gift")),
        part=True, report=False, cancels=("family_member", "household")),
    # "My son changed my password for me because I forgot it".
    Rule("done_for_me", kw(done_for_me=combine(
        "changed my password | changed the password | reset my password | reset the password"
        " | changed my email | changed the email | changed my pin | changed the pin"
        " | got into my account | got into my | changed it",
        "for me | on my behalf | because i | since i | with my | at my | as i | to help")),
        part=True, report=False, cancels=("intruded",)),
    # "She left last month. We already changed her password": the
    # customer's own action on a former member's access.
    Rule("own_action", kw(own_action=combine(
        combine("we | i | we already | i already | weve | ive | we have | i have | we just"
                " | i just", "changed | reset"),
        "her password | his password | their password | the password | her login | his login"
        " | their login | her pin | his pin")),
        part=True, report=False, cancels=("still_active", "still_in")),
    # "Our whole team can't find the new button" is a question of where.
    Rule("cant_find", kw(cant_find=combine(
        "cant | cannot | can not | couldnt | could not | unable to",
        "find | figure out | work out | locate | see where | see how | tell where | tell how")),
        part=True, report=False, cancels=("failure",)),
    # "We sell nothing", "we are taking no orders".
    Rule("nothing_sold", kw(nothing_sold=combine(
        "we | we are | were | so we | and we | so were | meaning we",
        "sell nothing | selling nothing | take nothing | taking nothing | earn nothing"
        " | earning nothing | make nothing | making nothing | cannot sell | cant sell"
        " | are losing every sale | lose every sale | losing every sale | taking no orders"
        " | take no orders | get no orders | getting no orders")),
        part=True, report=False),
    Rule("verification_wait", kw(verification_wait=(
        "until i am verified | until im verified | until i get verified | until verified"
        " | until verification | until my account is verified | until my id is verified"
        " | until i verify | until kyc | pending verification | before i am verified")),
        part=True, report=False),
    Rule("by_mistake", kw(by_mistake=(
        "by mistake | by accident | accidentally | mistakenly | in error")),
        part=True, report=False),
    # A guarantee in a pitch, not a demand: "or your money back".
    Rule("money_back_offer", kw(money_back_offer=(
        "or your money back | or you get your money back | or we refund | or well refund"
        " | or we will refund | money back guarantee | money-back guarantee | refund guarantee"
        " | guaranteed or | satisfaction guaranteed")),
        part=True, report=False,
        cancels=("claim_back", "back", "want_back", "return_money", "reverse_money")),
    # A document about money, not the money: "my weekly earnings statement".
    Rule("money_document", kw(money_document=combine(
        "earnings | payout | payouts | salary | wages | commission | settlement | withdrawal"
        " | transfer | funds",
        "statement | statements | statement email | report | reports | summary | summaries"
        " | breakdown | csv | export")),
        part=True, report=False, cancels=("money_owed", "money_due")),
    # A password being reset or chosen is no secret given away: "the
    # password reset email", "the temporary password every user gets".
    Rule("password_routine", kw(password_routine=(
        "password reset | reset password | password resets | reset email | reset link"
        " | reset emails | reset links | temporary password | temp password"
        " | password policy | password rules | password requirements | password expiry")),
        part=True, report=False, cancels=("secret",)),
    # Taking something that is not money: "someone else has taken the
    # orders", "somebody took a parcel from my step".
    Rule("taken_thing", kw(taken_thing=combine(
        "took | taken | take | takes | taking | grabbed | grab | grabs",
        "a parcel | my parcel | the parcel | the package | my package | a package | the order"
        " | the orders | my orders | them | the job | the jobs | my jobs | the ride | the rides"
        " | the delivery | the deliveries | the slot | the spot | my spot | the booking"
        " | the shift | the shifts | my shift | the seat | a photo | a picture | a screenshot"
        " | a look | a while | ages | over | the lead | the leads | my customers")),
        part=True, report=False, cancels=("money_event", "money_taken", "money_act", "money_done")),
    # A family member as the object of a request, not an actor: "add my wife
    # as a co-owner", "only two on the policy, me and my son".
    Rule("family_object", kw(family_object=combine(
        "add | added | adding | include | included | including | invite | invited | me and"
        " | register | registered | enrol | enrolled | insure | insured | cover | covered",
        "my wife | my husband | my son | my daughter | my partner | my mother | my father"
        " | my mum | my mom | my dad | my kids | my children | my child | my sister"
        " | my brother")),
        part=True, report=False, cancels=("family_member", "household")),
    # The customer's own card or address, not data about them: "on my
    # personal card", "my personal email".
    Rule("personal_thing", kw(personal_thing=combine(
        "my | our | a | on my | with my",
        "personal card | personal credit card | personal debit card | personal account"
        " | personal email | personal phone | personal laptop | personal device | personal plan"
        " | personal use | personal capacity | personal subscription")),
        part=True, report=False, cancels=("about_me",)),
    # Where a code or receipt is routed, not data passed on: "the SMS code
    # goes to my old number".
    Rule("routed_to", kw(routed_to=combine(
        "code | codes | sms | text | texts | email | emails | mail | receipt | receipts"
        " | invoice | invoices | notification | notifications | it | everything | otp"
        " | verification",
        "goes to | go to | is going to | are going to | went to | still goes to"
        " | still go to | keeps going to | keep going to")),
        part=True, report=False, cancels=("dp_share",)),
    # A merchant refunding their own customers: "I'm having to refund
    # people by hand", "we refund the difference afterwards".
    Rule("merchant_refund", kw(merchant_refund=combine(
        "we | i | having to | have to | had to | we have to | i have to | we had to"
        " | we then | i then",
        "refund people | refund customers | refund our customers | refund my customers"
        " | refund them | refund the difference | refund it | refund by hand"
        " | refund manually | refund buyers | refund guests | refund clients")),
        part=True, report=False,
        cancels=("want_back", "return_money", "reverse_money", "reverse_charge")),
    # Sent for the support team's files, not a question about data held:
    # "just so you have it on file".
    Rule("for_your_files", kw(for_your_files=(
        "so you have it | so you have this | so you have them | so you have it on file"
        " | you have it on file | for your files | for your records | for your file")),
        part=True, report=False, cancels=("held_by_you", "about_self")),
    # The merchant's own customer as the subject: "a customer says she was
    # charged twice", "one of our clients can't download her policy"
    # (a frame of ``classifier_situations.WHOLE_SENTENCE_FRAMES``).
    Rule("their_customer_says", kw(their_customer_says=combine(
        "a customer | a client | a buyer | a guest | a patient | a member | a tenant"
        " | one of our customers | one of my customers | one of our clients"
        " | one of my clients | one of our buyers | one of our guests | one of our patients"
        " | one of our members | one of our tenants | our customer | my customer | our client"
        " | my client",
        "says | said | tells us | told us | told me | tells me | reports | reported | claims"
        " | claimed | complains | complained | cant | can not | cannot | is asking | asked")),
        part=True, report=False),
)
# fmt: on
