"""Sentiment: how the weights of the matched rules make a verdict.

Sentiment follows the situation, then the tone:

- ``sentiment_weights``: harm done keeps the negative weight of its rule
  (someone acted on the account, money taken or claimed back, a service or
  data lost, legal threats); a situation that only puts the customer at
  risk (``AT_RISK``: a lost device still signed in, data exposed, another
  customer's data in view, a vulnerability reported) counts 0, like
  data-protection requests: told calmly it is a report, and the tone
  decides; in a ticket framed calmly as a whole (``CALMING``) so does
  every security or privacy situation;
- ``sentiment_of``: the verdict from the summed weights; thanks that close
  a request are politeness, not praise (``PRAISING`` names what is).

The feeling rules themselves are in ``classifier_feeling`` and
``classifier_grievance``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule

__all__ = [
    "ALONGSIDE",
    "AT_RISK",
    "CALMING",
    "FRAMES",
    "PRAISING",
    "THANKS",
    "TROUBLE_FEELINGS",
    "UNLESS",
    "WORDY",
    "sentiment_of",
    "sentiment_weights",
]

# Strong situations that put the customer at risk before any harm is done:
# a lost device still signed in, secrets or records exposed, another
# customer's data in view, a vulnerability reported. Told calmly they are
# reports, neutral; the tone decides ("I'm panicking", "unacceptable").
# Harm done keeps its negative weight: someone acted on the account, money
# was taken or claimed back, a service or data was lost, legal threats.
AT_RISK = frozenset({"lost_device", "data_exposed", "cross_customer_data", "security_report"})


# Cues that frame a whole ticket calmly: a hedge ("probably nothing") or a
# calm cue ("no rush"). With one, a security or privacy situation (activity
# on the account, data seen or exposed) counts 0 too: the tone decides.
CALMING = ("hedge", "calm", "minor_problem")
_CALMED_FAMILIES = frozenset({"security", "privacy"})

# Frames that take the weight of a family's situations away, each a pair
# (the rules that frame, the families whose situations then count 0): told
# calmly (``CALMING``) a security or privacy situation is a fact; legal
# pressure on the customer by someone else ("we have received a letter from
# the ICO", "a tribunal claim against us") is no complaint of theirs.
FRAMES: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (CALMING, _CALMED_FAMILIES),
    (("pressed_by_others",), frozenset({"legal"})),
)

# Feelings that count only next to a strong situation of these families:
# a theft is harm done to the customer when it puts the account at risk
# ("my phone was stolen and the app is still logged in"); a "Lost & Stolen"
# report or a pallet truck stolen in a forwarded message is not.
ALONGSIDE: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("theft",), frozenset({"security", "money"})),
    (("disowned",), frozenset({"security", "privacy", "money"})),
)

# Feelings that count only where none of these rules is left: strong words
# that praise as often as they complain ("seriously", "insane") next to
# praise or thanks that sarcasm did not cancel.
UNLESS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("intensity",), ("praise", "gratitude", "fix_thanked", "praise_interjection")),
)

# Feelings that report trouble, as the problem rules do: an interjected
# "Great," next to one of them is sarcasm ("Oh good, zero notice again").
TROUBLE_FEELINGS = ("harm_to_customer", "kept_waiting", "lost_work", "business_harm")


def sentiment_weights(
    rules: tuple[Rule, ...], *, framed: frozenset[str] = frozenset()
) -> tuple[int, ...]:
    """Each rule's sentiment weight as sentiment counts it, by table
    position: an at-risk situation counts 0 whatever its table says; in a
    ticket framed so that a family's situations are facts (``framed``, the
    families of a ``FRAMES`` entry) so does every situation of the
    family."""
    return tuple(
        0 if rule.id in AT_RISK or (rule.strong and rule.family in framed) else rule.sentiment
        for rule in rules
    )


# Rules that praise or thank for something done, as opposed to the thanks
# and politeness that close a request ("Could you send the invoice? Thanks
# so much!").
PRAISING = (
    "praise",
    "praise_interjection",
    "fix_thanked",
    "refund_received",
    "thanks_in_subject",
)
# Thanks in the subject line ("Thank you, Sofia", "Thanks + question") are
# the point of the ticket, not a closing formula: ``classify`` adds
# ``thanks_in_subject`` for them.
THANKS = ("gratitude", "politeness")


# More words than a thank-you note takes ("Thanks!", "Thank you for your
# help, have a lovely weekend"): a ticket this long that only closes with a
# "Thanks" tells something the rules did not read.
WORDY = 25


def sentiment_of(
    positive: int,
    negative: int,
    *,
    praised: bool,
    content: bool,
    asks: bool,
    fyi: bool,
    wordy: bool = False,
) -> str:
    """The sentiment from the summed weights of the matched rules:

    - a ticket that asks for something or reports a problem and praises
      nothing is not positive for its thanks: they close the request or
      the report (at most 1 counts);
    - negative when the negative total is at least 2 and not smaller than
      the positive total (a stronger negative beats praise);
    - positive when the positive total is at least 2 and larger, or when a
      ticket says nothing but thanks (no request, no question, no rule
      that moves urgency other than "no action needed"): "thx!";
    - neutral otherwise.
    """
    if (asks or content) and not praised:
        positive = min(positive, 1)
    if negative >= 2 and negative >= positive:
        return "negative"
    if (positive >= 2 and positive > negative) or (
        positive
        and not negative
        and not content
        and not asks
        and not fyi
        and (praised or positive >= 2 or not wordy)
    ):
        return "positive"
    return "neutral"
