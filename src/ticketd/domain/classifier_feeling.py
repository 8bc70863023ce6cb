"""Feeling: how the customer takes what happened to them, told in words.

The rules below are complaint and harm concepts the emotion words of
``classifier_tone`` do not cover (how their weights make a sentiment is
``classifier_sentiment``). None moves urgency, none is reported
in ``top_keywords``. ``harm_to_customer`` (the cost to the customer told
as a fact: "I missed a call because of this", "nobody told us"),
``felt_words`` (feelings in everyday words: "tiresome", "betrayed"),
``exasperation`` (questions nobody asks to learn the answer),
``reproach`` (what the customer is owed or will tell others),
``business_harm``, ``worry``, ``kept_waiting``, ``lost_work`` and
``poor_verdict`` are negative on their own; ``mild_displeasure``
("unfortunately", "not ideal") only with another cue; ``good_sense``
turns a complaint word into praise ("killing me in the best way");
``hedge`` ("probably nothing") frames the whole ticket calmly
(``classifier_sentiment.CALMING``): its security and privacy situations
count 0 too.
"""

from __future__ import annotations

from ticketd.domain.classifier_grievance import GRIEVANCE_RULES
from ticketd.domain.classifier_rules import ASK, Rule, combine, kw

__all__ = ["FEELING_RULES"]

# Spans of time counted: "for three weeks", "since 5 days".
_SPANS = combine(
    "2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | two | three | four | five | six | seven | eight | nine"
    " | ten | several | many | a few | one | a",
    "days | weeks | months | week | month",
)

# fmt: off
FEELING_RULES: tuple[Rule, ...] = (
    Rule("harm_to_customer", kw(harm_to_customer=(
        # Waiting without end: "sits at 99% forever", "pending for ages".
        combine("stuck | sits | sitting | pending | waiting | spinning | loading | hangs",
                "forever | for ages")
        + " | "
        "because of you | thanks to this"
        " | wasted | waste my | waste our | lost a day | lost hours | lost an hour"
        " | penalty | penalised | penalized | late fee | waiting fee | extra fee"
        " | not my fault | isnt my fault | wasnt my fault | not our fault"
        " | regret~ | defeats the purpose | out of pocket | nobody told | no one told"
        " | zero notice"
        # Done to the customer without a word: "suspended without any
        # warning", "renewed without asking me", "deleted without explanation".
        " | " + combine("without | with no | with zero", "warning | any warning | explanation"
                        " | any explanation | reason | any reason")
        + " | no warning | no explanation | no reason given | not consulted | never consulted"
        " | without consulting | without consulting us | "
        + combine("triples | doubles | tripled | doubled | quadrupled | triple | double",
                  "our cost | my cost | the cost | our costs | the price | our bill | my bill"
                  " | the bill | our fees | the fee")
        # The same trouble counted: "third parcel this month".
        + " | " + combine(combine("second | third | fourth | fifth | 2nd | 3rd | 4th | 5th",
                                  "parcel | order | delivery | package | invoice | attempt"
                                  " | email | call | incident"),
                          "this month | this week | this year | in a row | running")
        # Money still taken: "you keep billing me", "still charging us".
        + " | " + combine("you keep | keep | kept | you kept | still | you are still | youre still"
                        " | continue to | continued to", "billing me | billing us | charging me"
                        " | charging us | taking money")
        + " | you still took | still took | still taken | still deducted | still debited"
        # Contact the customer refused: "I'm STILL getting texts", "you
        # still email me", "a constant stream of calls".
        " | " + combine("still getting | still receiving | still get | keep getting"
                        " | keeps emailing | keep emailing | keeps sending | keep sending"
                        " | you still send"
                        " | you still email | still emailing | still sending | keeps calling"
                        " | keep calling | keeps texting | keep texting",
                        "me | us | texts | emails | calls | messages | spam | marketing"
                        " | newsletters"
                        " | your emails | your newsletter | your marketing | your texts"
                        " | your calls | your messages")
        + " | constant stream | stream of calls | calls every day | emails every day"
        # Strangers who know what only the company was told: "calls from
        # loan companies who all somehow know I applied", "they got my
        # details from your partner list".
        " | " + combine("who | they | who all | which | that | and they | companies who"
                        " | people who",
                        "know my | knew my | knows my | somehow know | somehow knew | know i"
                        " | knew i | knew im | know im | knew that i | know that i | knew about my"
                        " | know about my")
        + " | " + combine("got | obtained | bought | had | received",
                          "my details from | my number from | my name from | my data from"
                          " | my email from | my address from | my information from")
        + ""
        " | without telling | without notice | no notice | not what i paid for"
        " | paying for nothing | what am i paying for | what are we paying for"
        " | same as last time | same problem again | same issue again | same error again"
        " | it isnt fixed | still isnt fixed | not fixed | wasnt fixed"
        " | " + combine("i missed | we missed | ive missed | weve missed | made me miss"
                        " | made us miss | i had to miss", "a | an | my | our | the | it")
        + " | and missed it | and missed my | and missed the | missed two | missed three"
        " | missed several | missed both | now missed")),
        sentiment=-2, report=False),
    Rule("felt_words", kw(felt=(
        "tiresome | tiring | exhausting | cheeky | such a pain"
        " | livid | betray~ | frighten~ | scared | terrified | anxious"
        " | stressed | stressful | distress~ | shocked | gutted | unhappy | dissatisfied"
        " | irritat~ | absurd | shambles | farce | lousy | laughable"
        " | pointless | is worse | got worse | even worse | getting worse | gets worse"
        " | much worse | far worse | made it worse | bad experience | horrendous | dreadful"
        " | sick of it | had enough"
        " | creepy | violated | invasion | humiliat~ | helpless | desperate | disgraceful"
        " | shameful | mortified | feel sick | felt sick | sick about | sick to my stomach"
        " | pulling my hair out | tearing my hair out | going crazy | going mad | losing my mind"
        " | at my wits end | ugly"
        # Learner English: "I am not satisfy", "this is not serious".
        " | not satisfy | no satisfy | not satisfied | is not serious | isnt serious"
        " | very sad | so sad | im sad | i am sad | really sad"
        " | makes me sad | made me sad | very not happy"
        " | sigh | argh | grr | ruined | ruining")),
        sentiment=-2, report=False),
    # Words of strong feeling that praise as often as they complain ("the
    # new map is insane", "seriously, well done", "I can't believe how easy
    # it was"): negative only where nothing is praised or thanked
    # (``classifier_sentiment.UNLESS``).
    Rule("intensity", kw(intensity=(
        "seriously | insane | insanely | unbelievable | unbelievably | scary | cant believe"
        " | can not believe | cannot believe | couldnt believe | could not believe")),
        sentiment=-2, report=False),
    # Questions nobody asks to learn the answer: "what is going on?", "is
    # anyone there?", "how hard can it be?", "when will this be fixed?".
    # They still expect a reply.
    Rule("exasperation", kw(exasperation=(
        "what is going on | whats going on | what the hell | what on earth"
        " | is anyone there | is anybody there | anyone there | anybody there"
        " | is anyone listening | is anyone reading | does anyone read | does anyone care"
        " | anyone home | are you serious | are you kidding | you must be joking"
        " | you must be kidding | youve got to be kidding | you have got to be kidding"
        " | is this a joke | how hard can it be | how hard is it | how difficult can it be"
        " | how difficult is it | what is the point | whats the point | why is it so hard"
        " | why is this so hard | why is it so difficult | why is this so difficult"
        " | why do i have to | why do we have to | why should i have to"
        " | why should we have to | why should i | why should we | why does this keep"
        " | why does it keep | why do you keep | why is nobody | why is no one"
        " | why has nobody | why has no one | why havent you | why hasnt anyone"
        " | how is this acceptable | how is that acceptable | how is this ok"
        " | how is this okay | how can this happen | how could this happen | how could you"
        " | how dare | when will this be fixed | when will it be fixed"
        " | when is this going to be fixed | when are you going to fix | when will you fix"
        " | when will someone | am i the only one | do you even | why am i paying"
        " | why are we paying | why should i pay | why should we pay | why do i pay"
        " | why do we pay")),
        sentiment=-2, role=ASK, report=False),
    # What the customer says they are owed, or will tell others: "I
    # demand", "you owe us an explanation", "make this right", "a one-star
    # review", "never again", "I no longer trust you", "a complaint".
    Rule("reproach", kw(
        demand=("i demand | we demand | i insist | we insist | i deserve | we deserve"
                " | owe me | owe us | want an explanation | need an explanation"
                " | expect an explanation | compensation | compensate | make this right"
                # Expectations broken: "you said it would be fixed by Monday".
                # (told back in full: ``let_down``)
                " | was supposed to be"
                " | were supposed to be | should have been fixed | should have been sorted"
                " | should have arrived | should have been done"
                " | make it right | put this right | put it right | i was promised"
                " | we were promised | you promised | was promised | were promised"),
        reproach=("bad review | negative review | one star | 1 star | trustpilot"
                  " | social media | tell everyone | warn others | warn everyone | never again"
                  " | never using | never buy | never order | never recommend | not recommend"
                  " | wont recommend | wouldnt recommend | cannot recommend | cant recommend"
                  " | stop recommending | last straw | final straw | enough is enough"
                  " | my patience | our patience | patience is | out of patience"
                  " | lost patience | losing patience | lost a customer | lose a customer"
                  " | losing a customer | lost faith | lost confidence | no longer trust"
                  " | dont trust | cant trust | cannot trust | how can i trust"
                  " | how can we trust | mislead~ | misled | lied | lying | false advertising"
                  " | deceptive | deceiv~ | dishonest | cheated | robbed | robbery | greedy"
                  " | hidden fee~ | hidden charge~ | ripped off | selling my data"
                  " | selling my details | selling our data | sold my data | sold my details"
                  " | sold our data | selling them to | sold them to"),
        # Asides that say the opposite of what they mean: "funnily enough".
        aside=("funnily enough | funny that | how convenient | what a surprise"
               " | surprise surprise | shocker | go figure"),
        complaint=("complain | complained | complaining | grievance | make a complaint"
                   " | making a complaint | raise a complaint | raising a complaint | my complaint"
                   " | our complaint | another complaint")),
        sentiment=-2, report=False, proper=True),
    # What the problem costs the customer's business: "we've lost sales",
    # "it's costing us", "our clients are complaining".
    Rule("business_harm", kw(business_harm=(
        combine("lost | lose", "sales | orders | customers | clients | business | revenue"
                               " | money | bookings | deals | leads | income | trust")
        + " | losing orders | losing clients | losing business | losing bookings"
        " | losing deals | losing leads | losing income | losing trust | costing us"
        " | costing me | has cost us | has cost me | cost us money | cost me money"
        " | our reputation | my reputation | reputational | look unprofessional"
        " | look stupid | look like idiots"
        " | angry customers | customers are angry | clients are angry"
        " | customers are complaining | clients are complaining | complaints from"
        " | getting complaints | flooded with | inundated"
        " | " + combine("customers | clients | guests | patients | buyers | shoppers | members"
                        " | our users", "are leaving"
                        " | are cancelling | are canceling"
                        " | cant order | cannot order | cant pay | cannot pay | cant book"
                        " | cannot book | cant check out | cannot check out")
        + " | sitting idle | standing idle | sat idle | busiest day | busiest time | busiest hour"
        " | busiest week | busiest season | peak season | peak hours | during peak"
        " | in the middle of our | in the middle of a")),
        sentiment=-2, report=False),
    # Fear for one's account, money or data: "I'm worried", "alarming".
    Rule("worry", kw(worry=(
        "worried | worrying | worries me | alarming | alarmed | panicking | panicked"
        " | freaking out | freaked out | nervous | uneasy | unsafe | feel unsafe | horrified"
        " | horrifying | terrifying | deeply concerned | very concerned | extremely concerned"
        " | seriously concerned | really concerned | lost sleep | cant sleep")),
        sentiment=-2, report=False),
    # Kept waiting, chasing, time lost: "I've been waiting for days", "I
    # spent hours on this", "nobody gets back to me".
    Rule("kept_waiting", kw(kept_waiting=(
        combine("been waiting | waiting | waited | wait | on hold | chasing | been asking"
                " | been chasing",
                "for days | for weeks | for hours | for a week | for two weeks | for a month"
                " | for months | over a week | since last week | all day | all week | "
                + combine("for | since | over", _SPANS) + " | " + _SPANS)
        # Learner English: "I am wait my order since 3 weeks" (a problem
        # "since 3 days" alone is a fact).
        + " | hours on the phone | hours on hold | keep chasing | had to chase"
        " | nobody gets back | no one gets back | never got back | never heard back"
        " | never replied | never answered | still awaiting | no updates | without a reply"
        " | without any reply | without a response | without any response | left hanging"
        " | kept waiting | keep waiting | have to chase | having to chase | wasting my time"
        " | waste of my time | spent hours"
        " | spent all day | spent the whole | spent days | my whole weekend | all weekend"
        # Time waited, counted: "it's been 3 weeks".
        " | " + combine("its been | it has been | weve waited | ive waited | waited",
                        combine("2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | three | four | five"
                                " | six | several | many",
                                "days | weeks | months"))
        + " | nobody tells | no one tells | nobody can tell | no one can tell"
        " | nobody has told | no one has told"
        # Nobody there to answer: "nobody answers the phone".
        " | nobody answers | no one answers | nobody picks up | no one picks up"
        " | nobody is answering | no one is answering | nobody responds | no one responds"
        " | never answer | never answers | never pick up | never picks up"
        # The same in the base form of learner English, and nobody writing
        # back: "nobody tell me nothing", "nobody from your team contacted us".
        " | " + combine("nobody | no one | noone", "tell | answer | reply | respond | help | call"
                        " | contact | contacted | has contacted | called | got back | from your"
                        " | bothered | cares | care | is helping | is replying | is responding"
                        " | is listening | has helped | helped | will help")
        + " | heard nothing | not heard anything | havent heard anything | not heard back"
        " | nothing back | not a single reply | not a single answer | not one reply"
        # Nobody to reach: "the bot goes round in circles".
        " | round in circles | going in circles | goes in circles | no way to reach"
        " | no way to contact | no way to speak | no way to talk | no way to get hold"
        " | impossible to reach | impossible to contact | impossible to get hold"
        " | impossible to speak | cant get hold of | cannot get hold of"
        " | cant get through to | cannot get through to | a real person"
        " | a real human | an actual human | an actual person")),
        sentiment=-2, report=False),
    # Work or data the customer lost, told in passing ("I lost an afternoon
    # of edits", "all my changes are gone"): harm done, negative however
    # calmly it is told (a whole data set lost is the strong data_loss).
    Rule("lost_work", kw(lost_work=(
        combine("lost | lose | losing", "my work | our work | my changes | our changes | my edits"
                                        " | our edits | my progress | our progress | my notes"
                                        " | everything | all my work | all our work")
        + " | changes are gone | edits are gone | work is gone | everything is gone"
        " | all gone | had to redo | have to redo | had to start over | have to start over"
        " | had to start again | start from scratch | from scratch again"
        # What the product deleted: "the update wiped all my filters".
        " | " + combine("it | you | update | sync | app | system | has | have | import | migration",
                        combine("deleted | wiped | erased | removed | cleared | overwrote | reset",
                                "all my | all our | all of my | all of our | every | everything"
                                " | my saved | our saved"))
        + " | just gone | simply gone | completely gone | gone forever | lost forever"
        " | gone for good")),
        sentiment=-2, report=False),
    # Hedges that frame a report as probably harmless: "probably nothing",
    # "not sure if it matters", "just wanted to check". A security or
    # privacy situation told with one is a report, not harm felt.
    Rule("hedge", kw(hedge=(
        "probably nothing | probably a glitch | probably fine | probably harmless"
        " | might be nothing | may be nothing | could be nothing | its probably nothing"
        " | not sure if it matters | not sure it matters | not sure if its important"
        " | not sure if this is important | not sure if its anything | not sure if this matters"
        " | just checking | just wanted to check | wanted to check | just to be safe"
        " | to be on the safe side | out of curiosity | mostly curious | no big deal"
        " | not too worried | im not worried | kind of funny | bit funny | a bit odd"
        " | just odd | just flagging it")),
        report=False),
    # A theft: a crime against the customer, harm done however calmly it
    # is told ("my phone was nicked", "the laptop was taken from my car";
    # a device lost or left somewhere is a risk, not harm: the tone decides).
    Rule("theft", kw(theft=(
        "stolen | nicked | snatched | pickpocketed | pick pocketed | pickpocket~ | mugged"
        " | burgled | burglarised | burglarized | burglary | break in | thief | thieves | theft"
        " | knifepoint | gunpoint | at knife point | at gun point | "
        + combine("taken | grabbed | swiped", combine(
            "from | out of | off", "my | our | his | her | their | the")))),
        sentiment=-2, report=False, proper=True),
    # Legal pressure on the customer by someone else, the customer asking
    # for help with it: "we've received a letter from the ICO", "the
    # tribunal has asked us for", "a claim against us", "FINRA examiners
    # want", "not against you". Urgent, but no complaint of the customer's:
    # the legal rules count 0 (``classifier_sentiment.FRAMES``), the tone
    # decides.
    Rule("pressed_by_others", kw(pressed_by_others=(
        # Up to the article only: the noun ("a notice from the IRS") may
        # be a cue of the legal rules, which must keep it.
        # An organisation pressed: "we have received a ..." ("I received a
        # marketing email from you" is the customer's own grievance).
        combine("we have received | weve received | we received | we have had | weve had"
                " | we had | we have been sent | weve been sent | we were sent"
                " | we have been served | weve been served | we were served",
                "a | an | the | this | their | one | two | some")
        + " | received correspondence"
        " | " + combine("has | have | had | they | which | who | it",
                        "asked us | asked me | written to us | written to me | wrote to us"
                        " | wrote to me | contacted us | contacted me | requested from us"
                        " | requested us | ordered us | ordered me | given us until"
                        " | given me until")
        + " | asked us for | asked us to | asking us for | asking us to | ask us for | ask us to"
        " | requires us to | require us to | required us to | requires me to | require me to"
        " | wants us to | want us to | wanted us to | wants our | want our | want from us"
        " | need from us | needs from us | their deadline | deadline they gave"
        " | deadline set by | deadline to us | respond to them | reply to them"
        " | " + combine("claim | complaint | case | action | appeal | investigation | inquiry"
                        " | enquiry",
                        "against us | against me | against our | against my")
        + " | " + combine("inquiry | enquiry | investigation | audit | review | examination",
                          "into us | into our | into my | of our")
        + " | investigating us | investigating our | examiners | inspector | inspectors"
        " | inspection | an audit from | audited by"
        " | not against you | nothing against you | not a complaint about you"
        " | not about you"
        # An authority acting on the customer's business: "the Charity
        # Commission has opened a case", "the commission is auditing our
        # trust account", "this office has received several complaints".
        # ("I have opened a case with the ombudsman" is the customer's own.)
        " | " + combine("has opened | has launched | has begun | has started", "a | an")
        + " | is auditing | are auditing | auditing our | auditing us | audit of our"
        " | " + combine("has received | have received",
                        "a complaint | a consumer complaint | a concern | several | complaints"
                        " | a number of | multiple | numerous | two complaints"
                        " | three complaints"))),
        report=False),
    # A complaint word turned into praise: "the plan is killing me in the
    # best way possible".
    Rule("good_sense", kw(good_sense=(
        "in the best way | in the best possible way | in a good way | in the good way")),
        sentiment=2, report=False, cancels=("complaint_tone", "felt_words")),
    # Matched by code: thanks in the subject line (see ``THANKS``).
    Rule("thanks_in_subject", (), report=False),
    # Matched by code: a ticket of more words than a thank-you note takes
    # (``WORDY``); its closing "Thanks" alone is politeness, not praise.
    Rule("says_more", (), report=False),
    # Mild displeasure, as often a polite way to report a fact ("Unfortunately
    # the export fails"): negative only with another cue ("again", "!!").
    Rule("mild_displeasure", kw(mild_displeasure=(
        "unfortunately | sadly | regrettably | inconvenient | inconvenience | hassle | not ideal"
        " | less than ideal | far from ideal | bit of a pain"
        " | bothersome | tedious")),
        sentiment=-1, report=False),
    # Verdicts on the service in plain words: "poor", "unreliable", "sucks".
    Rule("poor_verdict", kw(poor=(
        "very poor | really poor | so poor | pretty poor | quite poor | is poor | was poor"
        " | poor quality | poor experience | poor communication | bad service | bad support"
        " | bad product"
        " | very bad | really bad | so bad | too bad | unreliable"
        " | unstable | flaky | half baked | amateur~ | incompeten~ | negligen~ | inexcusable"
        " | unforgivable | no excuse | subpar | sub par | substandard | below par | mediocre"
        " | crap | crappy | sucks | suck | wtf | damn | dammit"
        " | bloody | ffs | never works | never working")),
        sentiment=-2, report=False),
    *GRIEVANCE_RULES,
)
# fmt: on
