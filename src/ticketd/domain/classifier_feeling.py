"""Feeling: how the customer takes what happened to them.

Sentiment follows the situation and the words. Two things the emotion
words of ``classifier_tone`` do not cover (neither moves urgency, neither
is reported in ``top_keywords``):

- ``harm_to_customer``: the cost to the customer told as a fact ("I missed
  a call from the hospital because of this", "I got charged the waiting
  fee", "I've wasted an hour", "nobody told us", "the same problem
  again"); negative without an angry word.
- ``felt_words``: feelings named in everyday words ("tiresome", "a bit
  cheeky", "frightening", "betrayed", "seriously?"), negative.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["FEELING_RULES"]

# fmt: off
FEELING_RULES: tuple[Rule, ...] = (
    Rule("harm_to_customer", kw(harm_to_customer=(
        # Waiting without end: "sits at 99% forever", "pending for ages".
        combine("stuck | sits | sitting | pending | waiting | spinning | loading | hangs",
                "forever | for ages")
        + " | "
        "because of this | because of you | because of that | thanks to this | as a result"
        " | wasted | waste my | waste our | lost a day | lost hours | lost an hour"
        " | penalty | penalised | penalized | late fee | waiting fee | extra fee"
        " | not my fault | isnt my fault | wasnt my fault | not our fault"
        " | regret~ | defeats the purpose | out of pocket | nobody told | no one told"
        " | without telling | without notice | no notice | not what i paid for"
        " | paying for nothing | what am i paying for | what are we paying for"
        " | same as last time | same problem again | same issue again | same error again"
        " | it isnt fixed | still isnt fixed | not fixed | wasnt fixed"
        " | " + combine("i missed | we missed | ive missed | weve missed | made me miss"
                        " | made us miss | i had to miss", "a | an | my | our | the | it"))),
        sentiment=-2, report=False),
    Rule("felt_words", kw(felt=(
        "tiresome | tiring | exhausting | cheeky | such a pain | seriously"
        " | livid | betray~ | frighten~ | scary | scared | terrified | anxious"
        " | stressed | stressful | distress~ | shocked | gutted | unhappy | dissatisfied"
        " | irritat~ | absurd | insane | unbelievable | shambles | farce | lousy | laughable"
        " | pointless | is worse | got worse | even worse | getting worse | gets worse"
        " | much worse | far worse | made it worse | bad experience | horrendous | dreadful"
        " | sick of it | had enough | cant believe | can not believe | cannot believe"
        " | creepy | violated | invasion | humiliat~ | helpless | desperate | disgraceful"
        " | shameful")),
        sentiment=-2, report=False),
)
# fmt: on
