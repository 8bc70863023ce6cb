"""Strong topics: money, legal pressure, data protection, security and
outages, named with their usual words; and the look-alikes that outrank them.

Every rule here is ``strong``: a ticket that raises the topic is high
urgency, however calmly it is worded. Situations described without these
words are in ``classifier_situations``.
"""

from __future__ import annotations

from ticketd.domain.classifier_lookalikes import LAWS, LOOKALIKE_RULES
from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["TOPIC_RULES"]

# fmt: off
_STRONG_TOPICS: tuple[Rule, ...] = (
    Rule("refund_demand", kw(
        refund=("refund~ | refund request | havent received my refund"
                " | havent received the refund | havent got my refund | never received my refund"
                " | never got my refund | didnt receive my refund | didnt get my refund"
                " | still no refund | no refund yet | full refund | remboursement | reembolso"
                " | rimborso | terugbetaling"
                # A refund not given, told as a fact (not a retraction):
                # "we've had no refund", "there has been no refund".
                " | " + combine("had | received | got | seen | been | and | but | yet",
                                "no refund | no refunds")),
        money_back=(combine("havent | have not | never | didnt | did not | not | still havent"
                            " | still not | still didnt | still never",
                            "got my money back | got the money back | received my money back"
                            " | had my money back | got our money back")
                    + " | " + combine("still no | yet no | and no | but no | still not"
                                      " | still havent got my | still havent received my"
                                      " | still not got my",
                            "money back | reimbursement")
                    + " | money back | my money | our money | every penny | every cent | paid back"
                    " | pay me back | pay us back | pay it back | back on my card"
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
            " | taken twice | paid it twice | paid this twice | paid that twice"
            " | " + combine("two | 2 | three | 3 | four | 4",
                            "identical charges | identical payments | identical debits"
                            " | identical transactions | identical withdrawals | identical bills"
                            " | of the same charge | of the same payment")
            + " | identical charges | identical payments | identical debits"
            " | identical transactions"),
        overcharge="overcharge~ | overbilled"),
        sentiment=-2, strong=True, family="money"),
    Rule("payment_fraud", kw(
        fraud="fraud | fraudulent | fraudulently | fraudster~ | scammer~",
        stolen_card="stolen card | card was stolen | card got stolen | card has been stolen"
                    " | stolen credit card | stolen debit card | card stolen"),
        sentiment=-2, strong=True, family="money", proper=True),
    Rule("legal_threat", kw(
        lawsuit=("lawsuit~ | litigation | legal proceedings | class action | legal claim"
                 " | claim against you | legal steps | legal recourse | legal route"
                 # Legal pressure in plain words: "all legal remedies", "our
                 # legal options", "file suit", "seek damages", "a judge".
                 " | " + combine("legal", "remedies | remedy | options | avenues | measures"
                                 " | means | consequences | channels")
                 + " | " + combine("file | filing | filed | bring | bringing | intent to",
                                   "suit | a suit | suit against")
                 + " | " + combine("seek | seeking | claim | claiming | pursue | pursuing"
                                   " | recover | recovering | sue for | liable for",
                                   "damages")
                 + " | reserve all rights | reserve all our rights | reserve our rights"
                 " | reserve all my rights | reserve my rights | without prejudice"
                 " | " + combine("before | in front of | take this to | taking this to"
                                 " | take it to | taking it to | take you to",
                                 "a judge | the judge | a magistrate | the magistrate")),
        solicitor="solicitor~ | barrister~",
        lawyer=("lawyer~ | law firm | our counsel | my counsel | legal representative~"
                " | legal representation | legal adviser | legal advisor | seek legal advice"
                " | seeking legal advice | sought legal advice | taking legal advice"
                " | legal counsel | outside counsel | our client has | legal advice"
                " | legal opinion | " + combine(
                    "our | my | an | the | to an | family",
                    "advocate | advocates | jurist | notary")
                + " | legal aid | legal help | legal assistance"
                # In the customer's own language: "mon avocat", "mi abogado".
                " | avocat | avocats | abogado | abogados | anwalt | rechtsanwalt | advogado"
                " | avvocato"),
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
                   + " | " + combine(
                       "office | offices | agency | authority | bureau | department | ministry"
                       " | board | commission | organisation | organization | association",
                       "for consumers | of consumers | for consumer | for the consumers"
                       " | for consumer affairs | of consumer affairs | for consumer protection"
                       " | of consumer protection | for consumer rights")
                   + " | enforcement body | enforcement agency | enforcement authority"
                   " | national enforcement body | eu261 | eu 261 | regulation 261"
                   " | consumidor | consumidores | del consumidor | consommateur~"
                   " | consommation | verbraucherzentrale | verbraucherschutz"
                   " | consumentenbond | procon | profeco | consumatori | que choisir | omic"
                   " | hoja de reclamaciones | libro de reclamaciones | facua | altroconsumo"
                   " | test achats"),
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
                             " | complaint with the | complaint with | claim with"
                             " | lodged a complaint | filed a complaint | submitted a complaint"
                             " | reported your company | referred my complaint"
                             " | complaint to the"),
        breach_of_contract="breach of contract",
        # A notice or penalty from a tax or labour authority: "a notice from
        # the state Department of Labor", "an IRS penalty notice".
        authority_notice=(combine(
            "notice from | letter from | audit by | audit from | inquiry from | investigation by"
            " | penalty from | fine from | notice by | assessment from",
            "the irs | irs | hmrc | the department of labor | the department of labour"
            " | the state department of labor | the labor department | the labour department"
            " | the tax office | the tax authority | the revenue | the labor board"
            " | the labour board | the wage and hour division")
            + " | irs notice | hmrc notice | irs penalty | hmrc penalty | penalty notice"
            " | department of labor notice | department of labour notice"),
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
                                 " | hear from | hearing from | be hearing from | be contacted by"
                                 " | handed over to | forwarded to | escalated to"
                                 " | escalating to | escalate to"
                                 " | sent to | sending to | sending it to | with | involving"
                                 " | involve | involved",
                                 "our legal team | our legal department | our legal dept"
                                 " | our attorneys | my attorney | my lawyers | my solicitors"
                                 " | my legal team | the legal team | our lawyers | our solicitors"
                                 " | our legal counsel")
                       + " | consumer law | consumer laws | consumer protection law~"
                       # "Pass this on to whoever handles legal".
                       " | handles legal | deals with legal | this to legal | it to legal"
                       " | going legal | go legal | the legal route"
                       " | consumer protection act | against the law | breaking the law"
                       " | break the law | broke the law | broken the law | in violation of"
                       " | violation of the | violating the law | violates the law"
                       " | this is illegal | thats illegal | its illegal | is illegal | was illegal"
                       " | is unlawful | illegally | illegal charge~ | illegal fee~ | "
                       + combine("legal department | legal dept | legal team",
                                 combine("requires | demands | expects | insists on | awaits",
                                         "a response | a written response | an answer"
                                         " | a reply | a formal response | your response")
                                 + " | will be in touch | will contact you | will be contacting"
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
            " | parliamentary | local government | state | federal | national | european"
            # Professional regulators: "the General Optical Council".
            " | optical | dental | pharmaceutical | chiropractic | osteopathic | nursing"
            " | midwifery | nursing and midwifery | care | social care | veterinary | teaching"
            " | professional | professions | health and care professions | general medical"
            " | general optical | general dental | general pharmaceutical | general teaching"
            " | financial reporting | audit | accounting | solicitors | bar"
            " | pensions | payments | payment systems | lottery",
            "commission | commissioner | ombudsman | ombudsman service | regulator | tribunal"
            " | watchdog | standards authority | standards agency | board | bureau | agency"
            " | council | ombudsperson")
            + " | " + combine(
                "to the | with the | contact the | contacted the | contacting the | inform the"
                " | informed the | informing the | escalate to the | escalating to the"
                " | escalated to the | involve the | involving the | write to the"
                " | writing to the | written to the | report you to the | reported it to the"
                " | reporting it to the",
                "authorities | authority | commission | ombudsman | regulator | police"
                " | government | attorney | ministry | consumer office")
            # An authority writing or asking: "HMRC has written to us", "the
            # regulator wants the records by the 30th".
            + " | " + combine(
                "hmrc | the irs | irs | the tax office | the tax authority | the tax authorities"
                " | the revenue | the regulator | our regulator | the ombudsman | the inspector"
                " | the inspectorate | the auditor general | the data protection authority"
                " | the information commissioner | the ico | the cqc | the fca | the sra | the gmc"
                " | the goc | the gdc | the nmc | the hcpc | the gphc | the care inspectorate",
                "has written | have written | wrote to | has asked | have asked | asked us"
                " | asked me | wants | want | are asking | is asking | has requested"
                " | have requested | requested | has opened | have opened | opened an"
                " | is investigating | are investigating | has contacted | have contacted"
                " | contacted us | contacted me | has sent | sent us | sent me | has given us"
                " | gave us | has fined | fined us | is auditing | are auditing | will open"
                " | would open | will investigate | has demanded | demanded | is demanding"
                " | are demanding | has launched | launched")
            + " | cnil | aepd | garante | bafin | cqc | ofsted | sra | eeoc | finra | afca"
            " | oaic | cppa | acma | ipso | dpc | edpb | the ico | ico complaint | asa complaint"
            " | the asa | ombudsperson | ecc"
            " | european consumer centre | european consumer center | police report"
            " | reported it to the police | report it to the police | crime reference"
            " | action fraud")),
        sentiment=-2, strong=True, family="legal", proper=True,
        names=("sue", "court", "lawyer", "solicitor")),
    Rule("legal_process", kw(
        legal_process=("tribunal | arbitration | pending matter | paralegal"
                       # Boards and hearings that settle disputes: "I've applied
                       # to the Residential Tenancies Board", "for the hearing".
                       " | tenancies board | rent board | residential tenancies"
                       " | adjudicator | adjudication | for the hearing | at the hearing"
                       " | before the hearing | the hearing date | a hearing date | " + combine(
                           "county | crown | district | supreme | high | magistrates"
                           " | federal | circuit | superior | appeals | claims | civil"
                           " | commercial | state",
                           "court | courts")),
        # Counsel writing for a client: formal, not a threat of the customer's.
        representation=("this office represents | we represent | we act for | acting on behalf of"
                        " | on behalf of our client | instructed to act | we have been instructed"
                        " | we are instructed | have instructed | this firm represents"
                        " | have now instructed | have also instructed | have formally instructed"
                        " | has now instructed | have today instructed | have since instructed"
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
        gdpr=LAWS + " | gdpr request | " + combine(
            # "Under GDPR Article 15": a data subject's right by its article
            # (a "GDPR article" alone is something to read).
            "gdpr | dsgvo | rgpd | uk gdpr | the gdpr | under | under the",
            combine("article | art | art.", "15 | 16 | 17 | 18 | 20 | 21")),
        data_subject_request=("data subject access request | subject access request | dsar"
                              " | deletion request | erasure request | data deletion request"
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
                     " | not reachable | isnt reachable | is not reachable | cannot be reached"
                     " | cant be reached | not accessible | isnt accessible | is not accessible"
                     " | unreachable | unusable"),
        nobody_can_log_in=("nobody can log in | nobody can login | no one can log in"
                           " | nobody on our team can log in"),
        pipeline_stopped=("pipeline has stopped | pipeline stopped | pipeline is down"
                          " | nothing is being processed"
                          " | none of our webhooks | no webhooks"),
        nothing_works=("nothing loads | nothing works | every request | every page | all requests"
                       " | all api requests")),
        sentiment=-2, strong=True, family="impact", proper=True),
)
# fmt: on

TOPIC_RULES: tuple[Rule, ...] = _STRONG_TOPICS + LOOKALIKE_RULES
