"""Strong topics: money, legal pressure, data protection, security and
outages, named with their usual words; and the look-alikes that outrank them.

Every rule here is ``strong``: a ticket that raises the topic is high
urgency, however calmly it is worded. Situations described without these
words are in ``classifier_situations``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import ASK, Rule, combine, kw
from ticketd.domain.classifier_tone import PROBLEMS

__all__ = ["TOPIC_RULES"]

# Privacy laws by name; "<law> compliant" and similar are look-alikes.
_LAWS = (
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
    f"{law.strip()} {topic.strip()}" for law in _LAWS.split("|") for topic in _LAW_TOPICS.split("|")
)

# fmt: off
TOPIC_RULES: tuple[Rule, ...] = (
    Rule("refund_demand", kw(
        refund=("refund~ | refund request | havent received my refund"
                " | havent received the refund | havent got my refund | never received my refund"
                " | never got my refund | didnt receive my refund | didnt get my refund"
                " | still no refund | no refund yet | full refund"),
        money_back=(combine("still no | yet no | and no | but no | still not | still havent got my"
                            " | still havent received my | still not got my",
                            "money back | reimbursement")
                    + " | money back | my money | our money | every penny | every cent | paid back"
                    " | pay me back | pay us back | pay it back | put it back | back on my card"
                    " | back to my card | back into my account | back to my account | credited back"
                    " | return the money | return my money | want it back | want that back"
                    " | want them back | want the money back | want the second one back"
                    " | want the difference back | want the extra back | refund the difference"
                    " | money returned | reverse the charge | reverse this charge | claw it back"),
        reimbursement="reimburse~ | reimbursement~",
        # A claim for compensation is a demand for money.
        compensation=("claim for compensation | compensation claim~ | claim compensation"
                      " | claiming compensation | demand compensation | demanding compensation"
                      " | want compensation | expect compensation | seek compensation"
                      " | seeking compensation | entitled to compensation | request compensation"
                      " | requesting compensation | compensate me | compensate us")),
        sentiment=-2, strong=True, family="money", proper=True),
    Rule("chargeback", kw(chargeback="chargeback~ | charge back | charge-back~"),
         sentiment=-2, strong=True, family="money", proper=True),
    Rule("disputed_charge", kw(
        dispute="dispute~ | disputing",
        # Refusing a charge: "this is wrong and I'm not paying it".
        refuse_to_pay=("im not paying | i am not paying | i will not pay | i wont pay"
                       " | we are not paying | were not paying | we will not pay | we wont pay"
                       " | i refuse to pay | we refuse to pay | not going to pay")),
         sentiment=-2, strong=True, family="money", proper=True),
    Rule("double_charge", kw(
        double_charge=(
            "charged twice | charged me twice | charged us twice | billed twice | billed us twice"
            " | billed me twice | double charge~ | double billed | double billing"
            " | duplicate charge~ | duplicate payment~ | charged three times | charged 3 times"
            " | charged 2 times | two identical payments | two pending authorisations"
            " | charged for the same invoice | charged again | billed again | charged two times"
            " | took it again | taken it again | took the payment again | took the money again"
            " | debited again | debited us again | debited me again | collected again"
            " | deducted again | charged us again | charged me again | took it twice"
            " | taken twice | paid it twice | paid this twice | paid that twice"),
        overcharge="overcharge~ | overbilled"),
        sentiment=-2, strong=True, family="money"),
    Rule("payment_fraud", kw(
        fraud="fraud | fraudulent | fraudulently | fraudster~ | scammer~",
        stolen_card="stolen card | card was stolen | card got stolen | card has been stolen"
                    " | stolen credit card | stolen debit card | card stolen"),
        sentiment=-2, strong=True, family="money", proper=True),
    Rule("legal_threat", kw(
        lawsuit=("lawsuit~ | litigation | legal proceedings | class action | legal claim"
                 " | claim against you | legal steps | legal recourse | legal route"),
        solicitor="solicitor~ | barrister~",
        lawyer=("lawyer~ | law firm | our counsel | my counsel | legal representative~"
                " | legal representation | legal adviser | legal advisor | seek legal advice"
                " | seeking legal advice | sought legal advice | taking legal advice"
                " | legal counsel | outside counsel | our client has | " + combine(
                    "our | my | an | the | to an | family",
                    "advocate | advocates | jurist | notary")
                + " | legal aid | legal help | legal assistance"),
        attorney="attorney~", sue="sue~",
        legal_action="legal action | take you to court | see you in court | to court",
        court="court | courts | small claims",
        formal_notice=("formal notice | legal notice | notice of claim | letter before action"
                       " | letter before claim | issue proceedings | commence proceedings"
                       " | bring proceedings | proceedings against | file a claim against"
                       " | cease and desist | demand letter | notice before action"),
        regulator=("regulator~ | ombudsman | ombudsmen | trading standards | watchdog"
                   " | competition and markets authority | citizens advice | ofcom | ofgem"
                   " | ofwat | accc | fair trading | financial conduct authority"
                   " | better business bureau | bbb | ftc | cfpb | fca"
                   " | information commissioner~ | " + combine(
                       "consumer | consumers",
                       "protection | rights | centre | center | council | agency | bureau | affairs"
                       " | association | advice | authority | organisation | organization"
                       " | commission | tribunal | office | offices | body | bodies | watchdog"
                       " | ombudsman | board | department | protection office")
                   # Sector regulators by their kind: "the Competition Bureau",
                   # "the Data Protection Commission", "the Financial Ombudsman".
                   + " | " + combine(
                       "competition | trade | fair trade | privacy | financial"
                       " | financial services | telecoms | telecommunications | banking"
                       " | insurance | communications | energy",
                       "bureau | authority | commission | commissioner | regulator | ombudsman"
                       " | ombudsman service | watchdog")
                   # Consumer-protection bodies named in the customer's own
                   # language: "la oficina del consumidor", "Verbraucherzentrale".
                   + " | consumidor | consumidores | del consumidor | consommateur~"
                   " | consommation | verbraucherzentrale | verbraucherschutz"
                   " | consumentenbond | procon | profeco | consumatori"),
        # A public prosecutor's office is pressure when the customer
        # turns to it; named alone it is an address or an employer.
        attorney_general=combine(
            "report you to | reported you to | reporting you to | report this to"
            " | reported this to | report it to | reported it to | complain to | complained to"
            " | complaining to | complaint to | complaint with | complaints with | contact"
            " | contacted | contacting | write to | wrote to | writing to | written to"
            " | escalate to | escalated to | escalating to | escalate this to | go to | going to"
            " | went to | gone to | file with | filed with | filing with | lodge with"
            " | lodged with | notify | notified | inform | informed | informing | involve"
            " | involving | alert | alerted | tell | told | sent this to | sent it to"
            " | forwarded this to | forward this to | take this to | taking this to"
            " | call | called | calling",
            "the attorney general | the attorney generals office | my attorney general"
            " | our attorney general | the state attorney general | my state attorney general"
            " | our state attorney general | your state attorney general | the ag | my ag"
            " | the district attorney | my district attorney | the state attorney"
            " | the office of the attorney general"),
        regulator_complaint=("report you to | reported you to | reporting you to | formal complaint"
                             " | complaint with the | complaint with | case with | claim with"
                             " | lodged a complaint | filed a complaint | submitted a complaint"
                             " | reported your company | referred my complaint"
                             " | complaint to the"),
        breach_of_contract="breach of contract",
        # Claims that a right was infringed, in any of their usual names.
        infringement=("infringement | infringing | infringe~ | dmca | takedown notice"
                      " | take down notice | takedown request | copyright claim"
                      " | copyright violation | trademark violation | violates our trademark"
                      " | our registered trademark | our trademark | our copyright"
                      " | intellectual property | defamation | defamatory | libel~ | libellous"
                      " | slander~ | slanderous"),
        # Legal process in plain words: a money claim, a judgment, bailiffs.
        claim_process=("money claim | moneyclaim | county court judgment | ccj | statutory demand"
                       " | injunction | bailiff~ | debt collector~ | my legal rights"
                       " | our legal rights | my rights under | our rights under"
                       " | consumer rights act | equality act | unlawful | unlawfully | "
                       + combine("referred to | passed to | passed on to | handed to"
                                 " | handed over to | forwarded to | escalated to"
                                 " | escalating to | escalate to"
                                 " | sent to | sending to | sending it to | with | involving"
                                 " | involve | involved",
                                 "our legal team | our legal department | our legal dept"
                                 " | my legal team | the legal team | our lawyers | our solicitors"
                                 " | our legal counsel")
                       + " | consumer law | consumer laws | consumer protection law~"
                       " | consumer protection act | against the law | breaking the law"
                       " | break the law | broke the law | broken the law | in violation of"
                       " | violation of the | violating the law | violates the law"
                       " | this is illegal | thats illegal | its illegal | is illegal | was illegal"
                       " | is unlawful | illegally | illegal charge~ | illegal fee~ | "
                       + combine("legal department | legal dept | legal team",
                                 "will be in touch | will contact you | will be contacting"
                                 " | is involved | are involved | has been informed"
                                 " | have been informed | will follow up | is now involved"
                                 " | will take over | is aware")),
        # A body that means legal pressure, by its kind: "the equality
        # commission", "the housing ombudsman"; regulators by their usual
        # acronyms.
        regulator_body=(combine(
            "equality | human rights | advertising | advertising standards | gambling | health"
            " | aviation | civil aviation | transport | housing | education | securities"
            " | utilities | water | postal | fair work | employment | labour | labor | medical"
            " | pharmacy | charity | charities | press | legal services | motor | rail"
            " | broadband | internet | tenancy | rental | property | travel"
            " | gaming | data protection | food | environmental | workplace | public services"
            " | parliamentary | local government | state | federal | national | european",
            "commission | commissioner | ombudsman | ombudsman service | regulator | tribunal"
            " | watchdog | standards authority | standards agency | board | bureau | agency"
            " | council | office | ombudsperson")
            + " | " + combine(
                "to the | with the | contact the | contacted the | contacting the | inform the"
                " | informed the | informing the | escalate to the | escalating to the"
                " | escalated to the | involve the | involving the | write to the"
                " | writing to the | written to the | report you to the | reported it to the"
                " | reporting it to the",
                "authorities | authority | commission | ombudsman | regulator | police"
                " | government | attorney | ministry | consumer office")
            + " | cnil | aepd | garante | bafin | cqc | ofsted | sra | eeoc | finra | afca"
            " | oaic | cppa | acma | ipso | dpc | edpb | the ico | ico complaint | asa complaint"
            " | the asa | ombudsperson | ecc"
            " | european consumer centre | european consumer center | police report"
            " | reported it to the police | report it to the police | crime reference"
            " | action fraud")),
        sentiment=-2, strong=True, family="legal", proper=True, names=("sue", "court", "lawyer")),
    Rule("legal_process", kw(
        legal_process=("tribunal | arbitration | pending matter | paralegal | " + combine(
                           "county | crown | district | supreme | high | magistrates"
                           " | federal | circuit | superior | appeals | claims | civil"
                           " | commercial | state",
                           "court | courts")),
        # Counsel writing for a client: formal, not a threat of the customer's.
        representation=("this office represents | we represent | we act for | acting on behalf of"
                        " | on behalf of our client | instructed to act | we have been instructed"
                        " | we are instructed | have instructed | this firm represents"
                        " | our firm represents | firm representing")),
        strong=True, family="legal", proper=True),
    # Records a court or a legal process demands of the customer (a
    # subpoena, a court order, a litigation hold): urgent, formal, not the
    # customer's anger; the lawyer or the dispute it mentions carries no
    # negative weight of its own.
    Rule("records_demanded", kw(
        records_demanded=("court order | court orders | subpoena~ | served with | legal hold"
                          # Administering a dead customer's estate.
                          " | probate | executor | executors | executrix | letters testamentary"
                          " | letters of administration | estate of the late | handling the estate"
                          " | for a court case | for the court case | for court proceedings"
                          " | disclosure order | litigation hold | witness statement"
                          " | preservation request | preservation notice | preserve all"
                          " | family court | family courts | " + combine(
                              "the court | court | the judge | the tribunal",
                              "has asked | asked me | asked us | requires | required | requested"
                              " | has ordered | ordered me | ordered us | wants"))),
        strong=True, family="legal", proper=True, cancels=("legal_threat", "disputed_charge")),
    Rule("gdpr_request", kw(
        gdpr=_LAWS + " | gdpr request | " + combine(
            # "Under GDPR Article 15": a data subject's right by its article
            # (a "GDPR article" alone is something to read).
            "gdpr | dsgvo | rgpd | uk gdpr | the gdpr | under | under the",
            combine("article | art | art.", "15 | 16 | 17 | 18 | 20 | 21")),
        data_subject_request=("data subject access request | subject access request | dsar"
                              " | copy of all personal data | copy of my personal data"
                              " | all personal data | all my personal data | data subject request"
                              " | data access request | privacy request"),
        erasure=("erasure | erase~ | right to be forgotten | right to erasure | delete my data"
                 " | delete my personal data | delete all my data | my personal data"),
        opt_out=("do not sell | dont sell | opt out of the sale | opt out of sale"
                 " | opt out of sharing | opt out of data sharing | stop selling my"
                 " | stop sharing my | sale of my personal"),
        withdraw_consent="withdraw~ my consent | withdraw consent",
        data_protection_authority="data protection authority | data protection request"),
        strong=True, family="privacy", proper=True),
    Rule("security_breach", kw(
        data_breach="data breach~ | security breach~ | breach~",
        hacked="hack~ | hacker~", compromised="compromise~",
        unauthorised_access=("unauthorised access | unauthorized access | unauthorised"
                             " | unauthorized"),
        data_exposed="data was exposed | data exposed | exposed data", leak="leak~",
        malware="malware | ransomware | keylogger | virus | trojan",
        impersonation=("pretending to be | pretended to be | impersonat~ | posing as"
                       " | claiming to be from | claimed to be from")),
        sentiment=-2, strong=True, family="security", proper=True, names=("hacked",)),
    Rule("security_report", kw(
        vulnerability=("vulnerability | vulnerabilities | xss | sql injection | exploit~ | csrf"
                       " | idor | remote code execution"),
        security_issue="security issue | security incident | security hole | security flaw",
        phishing="phishing", suspicious_login="suspicious login~ | suspicious activity",
        credential_leak="stolen credentials | password leaked | api key was leaked"),
        strong=True, family="security", proper=True),
    Rule("outage", kw(
        outage=("outage~ | unplanned downtime | blackout | black out | blacked out"
                " | total failure | complete failure | meltdown | went dark | gone dark"
                " | service disruption | major disruption | platform is dead | site is dead"
                " | app is dead | completely dead | site dead | app dead | server dead"
                " | website dead | platform dead | system dead | site died | app died"
                " | server died | system died | everything died | everything is dead"),
        down=("is down | are down | been down | went down | was down | completely down"
              " | is it down | production down | prod down | server down | site down"
              " | everything is down | all down | down for everyone | down again | still down | "
              + combine(
                  combine("is the | is your | are the | are your",
                          "service | site | website | app | server | servers | platform"
                          " | system | api | portal | network"),
                  "down",
              )),
        unavailable=("unavailable | service unavailable | temporarily unavailable | offline"
                     " | unreachable | unusable"),
        nobody_can_log_in=("nobody can log in | nobody can login | no one can log in"
                           " | nobody on our team can log in"),
        pipeline_stopped=("pipeline has stopped | pipeline stopped | pipeline is down"
                          " | nothing is being processed"
                          " | none of our webhooks | no webhooks"),
        nothing_works=("nothing loads | nothing works | every request | every page | all requests"
                       " | all api requests")),
        sentiment=-2, strong=True, family="impact", proper=True),
    # --- look-alikes that outrank the strong topics ---------------------------
    Rule("benign_mention", kw(
        compliance=(_COMPLIANCE + " | data protection officer | data processing agreement"
                    " | personal data fields | count as personal data"),
        memory_leak="memory leak~",
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
                    " | would like to know | is reviewing | reviewed | needs a copy"
                    " | asked for a copy | has a question | had a question | has questions"
                    " | has some questions | wanted to know | is asking | asked us | asked me"
                    " | needs to review | wants to review | would like to review | asked for")),
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
        sports_court=(combine("court", "booking | bookings | slot | slots | hire | times"
                              " | availability | fees | at once")
                      + " | book a court | book courts | " + combine(
                          "tennis | squash | padel | badminton | basketball | netball"
                          " | volleyball | food | two | three",
                          "court | courts"))),
        report=False),
    # Thanks for putting a problem right: the problem is over ("thank you
    # for sorting out the double charge", "thanks for fixing it so fast").
    Rule("fix_thanked", kw(fix_thanked=combine(
        "thanks for | thank you for | cheers for | thanks so much for | thank you so much for"
        " | thanks again for | grateful for",
        combine("sorting out | sorting | fixing | resolving | reversing | correcting | refunding"
                " | restoring | recovering | cancelling | removing | handling | dealing with"
                " | getting",
                "the | my | our | it | this | that | everything | things | them"))),
        sentiment=2, report=False,
        # Thanks for putting an incident right ends it too: "thanks for
        # resolving the unauthorised login issue so quickly".
        cancels=(*PROBLEMS, "refund_demand", "double_charge", "unauthorised_charge",
                 "disputed_charge", "data_destroyed", "malfunction", "outage",
                 "security_breach", "security_report", "account_takeover", "data_exposed",
                 "stopped_for_everyone")),
    # A status question about a refund already agreed is a billing question,
    # not a money dispute: "When will my refund show?", "has the refund you
    # approved gone through?". It takes the refund word from the demand;
    # waiting for weeks is still money held back (a situation).
    Rule("refund_status", kw(refund_status=(
        combine(
            "when | when will | when does | when do | when should | when can i expect"
            " | when can we expect | when is | when would | how long will | how long does"
            " | how long do | how long until | how long till | how long for | how long before"
            " | how long is | how long should | how long would | how many days will"
            " | how many days does | has | have | did | is | was | any update on | any news on"
            " | any news about | status of | the status of | update on | an update on"
            " | checking on | check on | checking in on | follow up on | following up on"
            " | track | tracking | eta for | eta on | timeline for | can you confirm"
            " | could you confirm | please confirm",
            "my refund | the refund | our refund | my refunds | the refunds | this refund"
            " | that refund")
        + " | " + combine("how long does | how long do | how long will | how long is | how long for"
                          " | how long until | how long before | how many days for"
                          " | how many days does | how quickly | how fast",
                          "a refund | refunds | a refund usually | refunds usually")
        + " | " + combine(
            "the refund | my refund | a refund | our refund",
            "you approved | you agreed | you promised | you confirmed | you issued"
            " | you processed | you sent | you started | you initiated | was approved"
            " | was agreed | has been approved | has been agreed | is approved"
            " | was confirmed | has been confirmed | was issued | has been issued")
        + " | " + combine("you agreed to | you approved | you confirmed | you promised to",
                          "refund me | refund us | refund it | refund the | refund my"))),
        urgency=1, role=ASK),
    Rule("refund_received", kw(
        refund_received=(
            "got the refund | got my refund | received the refund | received my refund"
            " | " + combine("see it | its | it is | got it | the money is | money is | saw it"
                            " | can see it | its now | it is now | see the money | see my money"
                            " | got the money | got my money | the money is now",
                            "back on my card | back in my account | back on my account"
                            " | back to my card | back in my bank")
            + " | refunded me twice | " + combine(
                "refund | the refund | my refund",
                "arrived | has arrived | went through | came through | came thru | landed"
                " | has landed | cleared | has cleared | showed up | is through | is in"
                " | was processed | has been processed") + " | " + combine(
                "thanks for | thank you for | cheers for | thanks so much for",
                "the refund | my refund | the fast refund | the quick refund | sorting the refund"
                " | sorting my refund | sorting out the refund | processing the refund"
                " | processing my refund"))),
        sentiment=2, on_negation="refund_demand", cancels=("refund_demand",)),
)
# fmt: on
