"""Look-alikes that outrank the strong topics (a GDPR-compliant service, a
memory leak, "where my money goes", a metric that fell, the customer's own
lawyer as a user), followed by the replies that end a topic
(``classifier_replies``). They close the strong topics' table
(``classifier_topics.TOPIC_RULES``), in this order.
"""

from __future__ import annotations

from ticketd.domain.classifier_replies import REPLY_RULES
from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["LAWS", "LOOKALIKE_RULES"]

# Privacy laws by name; "<law> compliant" and similar are look-alikes.
LAWS = (
    "gdpr | dsgvo | rgpd | uk gdpr | ccpa | cpra | lgpd | pipeda | popia | pdpa | appi"
    " | data protection act | privacy act | consumer privacy act | data protection law"
    " | data protection laws | privacy law | privacy laws | privacy rights | ferpa | hipaa"
    " | coppa | glba | vcdpa | ctdpa | ucpa | law 25 | loi 25 | pdpl | pipl | dpdp act | kvkk"
    " | nfadp | revfadp | fadp | pdpo | privacy principles"
)
_LAW_TOPICS = (
    "compliant | compliance | certified | certification | audit | questionnaire | clause"
    " | clauses | addendum | requirements | training | policy | documentation | readiness"
    " | data processing agreement | data processing addendum | dpa | data processing"
    " | template | documents | terms"
)
_COMPLIANCE = " | ".join(
    f"{law.strip()} {topic.strip()}" for law in LAWS.split("|") for topic in _LAW_TOPICS.split("|")
)

# fmt: off
_LOOKALIKES: tuple[Rule, ...] = (
    # --- look-alikes that outrank the strong topics ---------------------------
    Rule("benign_mention", kw(
        compliance=(_COMPLIANCE + " | data protection officer | data processing agreement"
                    " | personal data fields | count as personal data"),
        memory_leak="memory leak~",
        # A guarantee in a pitch, not a demand: "or your money back".
        money_back_offer="or your money back | or you get your money back | day money back",
        # "Standing with my bad knee": an adjective, not "my bad" owning up.
        bad_body=combine("my bad | his bad | her bad | our bad",
                         "knee | knees | back | leg | legs | hip | hips | eyes | eye | shoulder"
                         " | ankle | foot | feet | hand | arm | neck | heart | hearing | credit"
                         " | luck | experience | day | week | connection | wifi | signal"),
        # "Sue me, but I liked the old layout better": an idiom.
        sue_me_idiom="sue me | so sue me",
        # A field or a setting named "emergency": "the emergency contact number".
        # Its details are the contact's, not the customer's account ("the
        # phone number of my emergency contact" is no account request).
        emergency_field=("emergency number | emergency phone | emergency details"
                         " | emergency info | emergency information | " + combine(
                             "emergency contact | emergency contacts | emergency contacts s"
                             " | emergency contact s | " + combine(
                                 "emergency contact | emergency contacts",
                                 "with a | with their | with a different | with another"
                                 " | and their | and his | and her"),
                             "| number | details | phone number | mobile number | phone"
                             " | mobile | email | email address | address | name")
                         + " | " + combine(
                             "phone number | mobile number | number | email address | email"
                             " | address | name | details | contact details",
                             combine("of my | for my | of the | for the | of our | for our"
                                     " | of his | of her | for his | for her",
                                     "emergency contact | emergency contacts"))),
        # A merchant refunding their own customers is no refund demand.
        merchant_refund=combine(
            "we | i | im having to | having to | have to | had to | we have to | i have to"
            " | we had to | i had to",
            "refund people | refund customers | refund our customers | refund my customers"
            " | refund them | refund the difference | refund buyers | refund guests"
            " | refund clients"),
        # A threat taken back: "please ignore what I said about the ombudsman".
        threat_withdrawn=combine(
            "please ignore what i said about | ignore what i said about | please disregard"
            " what i said about | disregard what i said about | forget what i said about"
            " | please forget what i said about | ignore my comment about"
            " | ignore my message about | ignore the bit about | forget the bit about",
            "the ombudsman | ombudsman | the regulator | my lawyer | a lawyer | the lawyer"
            " | lawyers | legal action | court | the court | my solicitor | a solicitor"
            " | the bank | my bank | a chargeback | the chargeback | suing | going to court"),
        # A leak of water, not of data: "the leak is under the kitchen sink".
        water_leak=(combine("leak | leaks | leaking",
                            "under the | under my | in the kitchen | in the bathroom"
                            " | from the ceiling | from the roof | from the pipe | in the roof"
                            " | in my flat | in the flat | in the ceiling | in the house")
                    + " | the leak is under | the leak is in | water leak~ | pipe leak~"
                    + " | roof leak~ | gas leak~ | leaking tap | leaky tap | leaking pipe"
                    + " | leaking roof | oil leak~"),
        # A status code's name, not access: "401 Unauthorized".
        status_code=(combine("401 | 403 | http 401 | http 403 | error 401 | error 403 | status 401",
                             "unauthorized | unauthorised | forbidden")
                     + " | unauthorized error | unauthorised error | unauthorized response"
                     + " | unauthorised response | unauthorized exception"),
        # A breach of an internal rule, not of data: "policy breaches".
        rule_breach=(combine("policy | rule | rules | conduct | dress code | hr | covenant"
                             " | parking | tenancy | uniform | attendance",
                             "breach | breaches")
                     + " | breach of policy | breaches of policy | breach of the rules"
                     # A service-level timer's status: "tickets show as breached".
                     + " | " + combine("show as | shows as | shown as | showing as | marked as"
                                       " | flagged as | marked | sla | slas | sla is | sla was"
                                       " | target | targets",
                                       "breached")
                     + " | breached the sla | breach the sla | breaching the sla"
                     + " | breached our sla | breached sla | sla breaches"),
        # A regulator's register or reference, not a complaint to it.
        regulator_reference=combine(
            "fca | sra | cqc | ofsted | finra | ico",
            "reference | number | registration | registered | authorised | authorized"
            " | firm reference | frn | id | licence | license | approved | number and"),
        # Notice of leaving, not legal pressure: "procurement will send the
        # formal notice separately".
        leaving_notice=(combine("send | sending | sent | give | giving | gave | submit | provide",
                                "the formal notice | formal notice | our formal notice"
                                " | formal notice separately")
                        + " | formal notice of termination | formal notice to cancel"
                        + " | formal notice of non renewal | formal notice of cancellation"),
        # "What's the difference between a refund and a void?"
        difference_question=combine(
            "difference between a | difference between | difference between the",
            "refund | refunds | chargeback | chargebacks | dispute | disputes | credit | void"),
        # Either of two ways of getting money back is a question of method:
        # "credited or refunded?".
        refund_method=(combine("credited | credit | a credit | store credit | voucher | a voucher",
                               "or refunded | or refund | or a refund")
                       + " | " + combine("refunded | refund | a refund",
                                         "or credited | or credit | or a credit | or store credit"
                                         " | or a voucher")),
        # The customer's employer paying them back: "my office is reimbursing".
        employer_pays=(combine("my office | my employer | my company | our company | the company"
                               " | work | my work | my boss | my firm",
                               "is reimbursing | reimburses | will reimburse | reimbursing"
                               " | reimbursed | pays me back | will pay me back | covers it")
                       + " | for reimbursement | reimbursement from my | reimbursement by my"
                       + " | expense claim | expenses claim | claim it on expenses"
                       + " | for my expenses"),
        # Pages and notices about outages, not one: "a status page for outages".
        outage_notices=(combine("status page | page | notifications | alerts | emails | policy"
                                " | updates | subscription | history | reports | compensation",
                                "for outages | about outages | on outages | for downtime")
                        + " | outage notifications | outage alerts | outage history"
                        " | outage reports | outage page | outage policy | outage emails"),
        # Where the customer's money goes is budgeting, not money to get
        # back: "where my money goes each month", "where is our money going".
        budgeting=combine(
            "where | where is | wheres | where does | where do | see where | track where"
            " | show where | know where | shows where | understand where",
            combine("my | our | the | all my | all our", "money goes | money is going | money go"
                    " | money went | money is spent | money gets spent | money going"))
        + " | " + combine(
            combine("where did | where does | where do | where has | where is | where",
                    "my money | our money | all my money | all our money"),
            combine("go | goes | going | gone | went", "this month | each month | every month"
                    " | last month | per month | a month | each week | every week | this week"
                    " | on | to"))
        + " | " + combine("track | tracking | manage | managing | budget | budgeting | save"
                          " | saving | organise | organize | plan | planning",
                          "my money | our money"),
        # A metric that fell is not an outage: "no-shows are down 30%",
        # "sales went down a bit", "error rates are down since the fix".
        metric_down=combine(
            "no shows | noshows | cancellations | sales | bookings | signups | sign ups"
            " | returns | complaints | errors | error rates | error rate | costs | prices"
            " | revenue | conversions | conversion rate | conversion rates | visits | visitors"
            " | traffic | website traffic | site traffic | web traffic | organic traffic"
            " | churn | refunds | chargebacks | tickets | response times"
            " | wait times | waiting times | numbers | figures | margins | profits | views"
            " | clicks | opens | open rates | downloads | installs | registrations | enquiries"
            " | inquiries | leads | subscribers | followers | ratings | reviews"
            " | late payments | missed appointments | abandoned carts | bounces | bounce rate"
            " | spam | fees | our costs | our sales | our bookings | our revenue | our traffic"
            " | our numbers | our figures | our signups | our visits",
            "are down | is down | went down | were down | was down | have gone down"
            " | has gone down | are way down | are well down | down by | are down by"
            " | are down on | is down on | dropped | fell | have dropped | have fallen"),
        # The customer who noticed something, not a confirmation of their own
        # activity: "it was me who spotted the login".
        reporter=combine("it was | that was | this was",
                         "me who | me that | us who | us that | me and | us and"),
        # Another provider's outage in the news: "are you affected by the
        # big cloud outage?".
        news_outage=combine(
            "affected by | impacted by | hit by | heard about | hear about | read about",
            combine("the | this | that | todays | yesterdays | the big | the recent | the global"
                    " | the major | the huge",
                    "outage | cloud outage | aws outage | azure outage | internet outage"
                    " | cloudflare outage | google outage | microsoft outage"))
        + " | outage in the news | outages in the news | outage on the news",
        # The merchant's own customers' refunds: "how fast refunds are
        # processed for our customers".
        merchant_refunds=combine(
            "refund | refunds | refunding | refunded | chargebacks | chargeback | disputes",
            combine("| are processed | are handled | get processed | are issued | go out"
                    " | work | are paid | get paid",
                    combine("for our | to our | for my | to my",
                            "customers | clients | buyers | shoppers | guests | patients"
                            " | members | users"))),
        # Another provider's trouble, told as a reason to switch.
        third_party=combine(
            "competitor | competitors | your competitor | our old provider | our previous provider"
            " | our last provider | our former provider | another provider | the old provider"
            " | our old bank | our old system",
            "charged | billed | overcharged | was down | is down | went down | were down"
            " | has been down | lost | leaked | was hacked | got hacked | had an outage | deleted"
            " | double charged"),
        # Conforming to a privacy law is a question, not a request: "does
        # your service comply with HIPAA?".
        law_conformance=combine(
            "comply with | complies with | complying with | compliant with | compliance with"
            " | conform to | conforms to | adhere to | adheres to | in line with | meet | meets"
            " | covered by | subject to | certified for | ready for",
            LAWS + " | the gdpr | the ccpa"),
        # One item shown as unavailable, not the service: "shows every menu
        # item as 'unavailable'".
        shown_unavailable=("as unavailable | as offline | marked unavailable"
                           " | marked as unavailable | listed as unavailable | shown as unavailable"
                           " | showing unavailable | shows unavailable"),
        legal_terms=combine("arbitration | tribunal", "clause | clauses | agreement | terms"
                            " | required | requirement | provision | provisions | policy"),
        hackathon=("hackathon~ | growth hack~ | life hack~ | bit of a hack | quick hack | hacky"
                   " | a hack to | hack together | hacked together | ugly hack | dirty hack"
                   " | workaround hack"),
        look_alike=("look like phishing | looks like phishing | look like spam | offline mode"
                    " | offline access | offline support | offline viewing | offline version"
                    " | offline listening | listen offline | listening offline | play offline"
                    " | work offline | works offline | use offline | download to watch offline"
                    " | watch offline | offline maps"),
        down_payment=("down payment | down time | " + combine(
            "went | goes | gone | go | come | came | is | are | was | been | has gone",
            "down to")),
        # A public office named as an address or an employer: "120 Attorney
        # General Road", "I work at the State Attorney General office".
        public_office=combine(
            "| to the | with the | at the | for the | from the | of the",
            combine("attorney general | attorney generals | attorneys general"
                    " | district attorney | district attorneys",
                    "| office | offices | department | road | street | building | plaza"
                    " | avenue")),
        # The customer's own lawyer asking about a document or a clause:
        # a question, not pressure ("our lawyer asked whether your DPA ...").
        own_lawyer_asks=combine(
            "our | my | the company | the companys | our companys",
            combine("lawyer | lawyers | legal team | counsel | solicitor | attorney"
                    " | legal department | legal dept",
                    "asked whether | asked if | asked about | asked me to check | wants to know"
                    " | loves | love | likes | like | uses | use | is using | enjoys | recommended"
                    " | recommends | is happy with | was happy with | signed up | has signed up"
                    " | get | gets | needs access | need access | needs a login | needs an account"
                    " | is on holiday | is on vacation | is away | is off | is out of office"
                    " | is busy | will sign | signed | will review"
                    " | has access | have access | to have access | to get access"
                    " | set up | joined | prefers | thinks | said | says | suggested"
                    " | would like to know | is reviewing | reviewed | has a question"
                    " | had a question | has questions | has some questions | wanted to know"
                    " | is asking | asked us | asked me | needs to review | wants to review"
                    " | would like to review"
                    # Reviewing the supplier's own papers ("our lawyer needs a
                    # copy of your DPA"); a copy of the customer's records for
                    # the lawyer ("my lawyer needs a copy of the contract") is
                    # a case being built.
                    " | " + combine("needs a copy of | asked for a copy of | asked for"
                                    " | wants a copy of | needs to see",
                                    "your | the dpa | the data processing | the msa | the sla"
                                    " | the terms | the privacy policy | the security"
                                    " | the soc | the iso"))),
        # A friend who happens to be a lawyer recommends, not threatens.
        lawyer_friend=combine("my | our | a",
                              "lawyer friend | attorney friend | solicitor friend"
                              " | lawyer friends | friend who is a lawyer"),
        # A lawyer as someone's role: "our accountant, who is also a lawyer".
        lawyer_role=combine("who is also a | who is a | is also a | also a | who is an",
                            "lawyer | attorney | solicitor | barrister | paralegal | advocate")
        # A relative's or friend's job: "my sister is a lawyer and she loves it".
        + " | " + combine(
            combine("my sister | my brother | my wife | my husband | my partner | my mum"
                    " | my mom | my mother | my dad | my father | my son | my daughter"
                    " | my cousin | my uncle | my aunt | my friend | my neighbour"
                    " | my neighbor | my flatmate | my roommate | my girlfriend | my boyfriend"
                    " | my fiance | my fiancee | my niece | my nephew | my grandson"
                    " | my granddaughter",
                    "is a | is an | works as a | works as an | was a | is training to be a"
                    " | is studying to be a | wants to be a"),
            "lawyer | attorney | solicitor | barrister | paralegal"),
        new_colleague=combine("a new | our new | another | new", "lawyer | attorney | solicitor"
                              " | paralegal | barrister | advocate"),
        law_firm_customer=("were a law firm | we are a law firm | as a law firm | our law firm"
                           " | " + combine("were a | we are a | as a | our | at a | im at a"
                                           " | i work at a | i run a",
                                           "solicitors firm | law office | law practice"
                                           " | legal practice | firm of solicitors | legal firm"
                                           " | barristers chambers | small law practice")
                           + " |"
                           " | at a law firm | at our law firm"
                           " | for law firms | law firms like | small law firm | " + combine(
                               "im a | i am a | im an | i am an | as a | as an | work as a"
                               " | work as an | i work as a",
                               "lawyer | attorney | solicitor | barrister | paralegal | advocate")),
        # A policy or a how-to about stolen cards, not a theft.
        card_policy=combine(
            "lost or stolen | stolen or lost | report a stolen | report stolen | if a stolen",
            "card | cards | credit card | debit card | fuel card | bank card",
        ),
        # One thing marked unavailable or offline, not the service.
        one_thing_offline=("for offline | save for offline | available offline"
                           " | offline downloads | offline download | offline playback"
                           " | offline content | offline files | offline sync | offline reading"
                           " | offline editing | offline storage | "
                           + combine(
            "document | file | item | product | page | video | report | option | slot | size"
            " | colour | color | seat | date | room | course | book | download | heater | device"
            " | sensor | camera | printer | lock | plug | thermostat | light | hub | charger"
            " | speaker | doorbell | tracker | tv",
            "unavailable | offline | is unavailable | is offline | shows offline | as offline"
            " | shows as offline | goes offline | went offline | currently unavailable")),
        # The pages of one document, not the site: "every page of the PDF".
        document_pages=combine("every page | all pages | all the pages",
                               "of the | of my | of our | in the | of this | of that"),
        # Writing about a topic, not raising it: "GDPR tips", "fraud
        # prevention", "a phishing awareness webinar".
        topic_writing=combine(
            "fraud | phishing | chargeback | chargebacks | scam | scams | gdpr",
            "prevention | tips | awareness | webinar | webinars | guide | guides | checklist"
            " | newsletter | article | articles | blog | course | tutorial | best practices"
            " | protection | detection | screening | check | checks | rules | filter | filters"
            " | tool | tools | scoring | monitoring | settings"),
        # A court as a place with opening hours: "the courts are shut for
        # the holiday" (a lawyer's diary, not a threat).
        court_hours=combine("court | courts | the court | the courts",
                            "dates | date | hearing | hearings | deadline | deadlines | filings"
                            " | are closed | is closed | are shut | is shut | closes | closed for"
                            " | opening hours | holidays | recess | is in recess | are in recess"
                            " | diary | calendar | schedule | listings | list"),
        sports_court=(combine("court", "booking | bookings | slot | slots | hire | times"
                              " | availability | fees | at once")
                      + " | book a court | book courts | " + combine(
                          "tennis | squash | padel | badminton | basketball | netball"
                          " | volleyball | food | two | three",
                          "court | courts"))),
        report=False),
)
# fmt: on

LOOKALIKE_RULES: tuple[Rule, ...] = (*_LOOKALIKES, *REPLY_RULES)
