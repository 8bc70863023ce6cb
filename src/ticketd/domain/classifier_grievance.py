"""Grievances in everyday words: the complaint families ``classifier_feeling``
adds to the emotion words of ``classifier_tone``, for customers who
complain without an angry word.

- ``let_down``: expectations and promises broken ("I expected a lot more",
  "I was told someone would call me back", "not worth it any more"), a
  product that got worse ("a big step back"), a customer not listened to
  or treated badly ("closed my ticket without fixing anything", "is this
  how you treat paying customers");
- ``pressure``: what the customer will do about it: go to their bank or a
  consumer body, go public, stop renewing ("this is your last chance",
  "I'm posting about this everywhere", "we won't be renewing");
- ``irony``: thanks and praise for harm done ("thanks for cancelling my
  order without telling me", "really impressive how you managed to lose
  my parcel", "it only took me six attempts"): sarcasm, which switches
  the ticket's thanks and praise off.

All are sentiment only: none moves urgency, none is reported in
``top_keywords``.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["GRIEVANCE_RULES"]

_COUNTS = (
    "two | three | four | five | six | seven | eight | nine | ten | twenty | 2 | 3 | 4 | 5 | 6"
    " | 7 | 8 | 9 | 10 | 12 | 15 | 20 | several | a dozen"
)

# What someone did on the account that the customer disowns ("I never
# added", "none of us created"): changes and actions, not looking at or
# passing on what they saw.
_DISOWNED_ACTS = (
    "change | changed | changing | add | added | create | created | request | requested"
    " | make | made | send | sent | write | wrote | book | booked | authorise | authorised"
    " | authorize | authorized | approve | approved"
    " | log in | logged in | login | sign in | signed in | set up | setup | move | moved"
    " | transfer | transferred | initiate | initiated | invite | invited | reset"
    " | link | linked | connect | connected | enable | enabled | turn on | turned on"
    " | update | updated | edit | edited | delete | deleted | order | ordered"
    " | buy | bought | purchase | purchased | withdraw | withdrew | travel | travelled"
    " | traveled | use | used"
)
# The same after "not" or "never": past forms, and only the base forms
# that are no malfunction cue ("never send" is one).
_DISOWNED_AFTER_NOT = (
    "changed | added | created | requested | made | sent | wrote | written | booked"
    " | authorised | authorized | approved | logged in | signed in | moved | transferred"
    " | initiated | invited | linked | connected | enabled | turned on | updated | edited"
    " | deleted | ordered | bought | purchased | withdrew | withdrawn | travelled | traveled"
    " | used"
    " | create | request | make | write | book | authorise | authorize | approve"
    " | log in | login | sign in | set up | setup | move | transfer | initiate"
    " | invite | reset | link | enable | turn on | delete | order | buy | purchase"
    " | withdraw | travel | use"
)

# Going to someone who can make the company pay: "before I go to my bank".
_ACTS = combine(
    "go to | contact | call | complain to | take this to"
    " | raise this with | be contacting | be calling | write to"
    " | speak to | talk to",
    "my bank | the bank | our bank | my card company | the card company | my card issuer"
    " | the card issuer | my credit card company | the credit card company"
    " | my card provider | paypal | the press | the media | a journalist | the newspapers",
)

# fmt: off
GRIEVANCE_RULES: tuple[Rule, ...] = (
    Rule("let_down", kw(
        expectations=("expected more | expected a lot more | expected much more"
                      " | expected so much more | expected far more | expect better"
                      " | hoped for better | not worth it | not worth the money"
                      " | not worth the price | isnt worth it | is not worth it | not worth paying"
                      " | no longer worth | wasnt worth it | not worth the hassle"
                      " | worse than before | worse than it was | step back | a step back"
                      " | backwards step | backward step | going backwards | gone downhill"
                      " | going downhill | went downhill"
                # A problem without end: "third week in a row".
                " | in a row | every single time | each and every time | every single day"
                " | all the time | time after time | over and over | week after week"
                " | month after month | day after day | every month there | every week there | "
                + combine(combine("two | three | four | five | ten | twenty | thirty | forty"
                                  " | fifty"
                                  " | 2 | 3 | 4 | 5 | 10 | 20 | 30 | 40 | 45 | 50 | several",
                                  "minutes | hours | days | weeks | nights | evenings"),
                          "straight | in a row | running")
                # Told before: "you've been told before".
                + " | youve been told | you have been told | told you before | ive told you"
                " | i have told you | already told you | we have told you | weve told you"
                # Told one thing by one agent, another by the next.
                " | different answers | conflicting answers | contradictory | contradicting"
                " | different answer every time | different story every time"
                # Changed behind the customer's back: "quietly removed".
                " | not cool | quietly removed | quietly changed | quietly raised"
                " | quietly increased | quietly dropped | quietly took"),
        # A promise told back: "I was told someone would call me back",
        # "your colleague said the refund would take 5 days".
        promise_broken=combine(
            "i was told | we were told | you said | you told me | you told us | your colleague said"
            " | your agent said | your colleague told me | your agent told me | i was assured"
            " | we were assured | you assured me | you assured us | you promised me"
            " | you promised us | they promised | they told me | they said",
            "someone would | somebody would | you would | it would | this would | that would"
            " | i would | we would | it will | you will | someone will"
            " | i would get | we would get | id get | wed get | it should | this was"),
        not_listened=("didnt listen | did not listen | doesnt listen | dont listen"
                      " | wouldnt listen | not listening | never listen | didnt even read"
                      " | did not even read | without fixing"
                      " | without solving | without resolving | without answering | without helping"
                      " | without reading | closed my ticket | closed my case | closed the ticket"
                      " | how you treat | is how you treat | paying customer | paying customers"
                      # Told before and ignored: "even though I corrected it twice".
                      " | even though i told | even though i asked | even though i corrected"
                      " | even though we told | even though we asked | even though i explained"
                      " | despite asking | despite telling | despite me telling"
                      " | despite my request | despite our request | despite my emails"
                      " | despite several"
                      # Advice for whoever decided: "whoever decided to remove it should".
                      " | whoever decided | whoever thought | who decided to | who thought this"
                      " | who thought that | who thought it"
                      " | why i bother | why do i bother | why we bother | why should i bother"
                " | dont know why i bother | dont know why we bother")),
        sentiment=-2, report=False),
    Rule("pressure", kw(
        going_elsewhere=combine(
            "before i | ill | i will | im going to | i am going to | we will | well | were going to"
            " | we are going to | or i will | or ill | or we will | i shall | will be",
            _ACTS),
        going_public=("posting about this | post about this | posting this everywhere"
                      " | going public | go public | to the press | contact the press"
                      " | all over the internet"
                      " | everywhere i can | tell my friends | telling my friends | warn my friends"
                      " | tell all my friends | telling everyone | tell everybody"),
        last_chance=("your last chance | last chance to fix | last chance before | final warning"
                     " | final chance | one last chance | one more chance"),
        not_renewing=("we wont be renewing | we will not be renewing | i wont be renewing"
                      " | i will not be renewing | we wont renew | i wont renew | we will not renew"
                      " | i will not renew | not going to renew | wont be continuing"
                      " | will not be continuing | not be renewing | im done with | i am done with"
                      " | were done with | we are done with | done ordering | done with you"
                      " | done with your | cancelling everything | canceling everything"
                      " | last time i order | last time we order | never ordering")),
        sentiment=-2, report=False),
    # What the customer never wanted or never got, told as a fact: negative
    # only with another cue, such as a charge ("charged me for September
    # although I asked to cancel in August", "took 60 for a delivery that
    # never came", "charge me 2 times").
    Rule("not_wanted", kw(not_wanted=(
        "after i cancelled | after cancelling | after we cancelled | after i canceled"
        " | although i cancelled | even though i cancelled | even though we cancelled"
        " | i already cancelled | already cancelled | i asked to cancel | we asked to cancel"
        " | since i cancelled | never came | never ordered"
        " | didnt order | did not order | never signed up | didnt sign up | did not sign up"
        " | never agreed to | never asked for | didnt ask for | did not ask for | 2 times"
        " | two times | for nothing"
        # Against what the customer did or said: "even though I updated my
        # details", "despite me asking".
        " | even though i | even though we | even though ive | even though weve"
        " | despite me | despite us | despite having"
        # What the customer cannot even do: "can't even finish a message".
        " | cant even | cannot even | can not even | doesnt even | does not even | dont even"
        " | didnt even | wont even | isnt even | not even")),
        sentiment=-1, report=False),
    # Activity on the account the customer disowns, told as a fact:
    # "none of us created that user", "I didn't change anything", "we were
    # all asleep". Harm done by someone else, negative however calmly it is
    # told, but only next to a security, privacy or money situation
    # (``classifier_sentiment.ALONGSIDE``: "I didn't change anything" next to
    # a plain bug is a fact). What the reporter did not do with data they
    # saw ("I didn't open or share it") is good faith, not disowning.
    Rule("disowned", kw(disowned=(
        combine("nobody | no one | noone | none of us | neither of us"
                " | nobody here | nobody on our team | no one on our team | nobody in our team"
                " | nobody in the office | nobody at our company | not one of us | nobody of us"
                " | no one of us",
                _DISOWNED_ACTS)
        # After "not" or "never" the base form of some verbs is also a
        # malfunction cue of its own ("did not change", "never send":
        # ``bug_report``), which a longer match would hide: only the verbs it
        # does not list there.
        + " | " + combine("i never | i have not | i havent | i hadnt | we never | we have not"
                          " | we havent | i didnt | i did not | we didnt | we did not",
                          _DISOWNED_AFTER_NOT)
        + " | i was asleep | we were asleep | we were all asleep | was asleep at"
        " | were asleep at | i was sleeping | we were sleeping | wasnt me | was not me"
        " | wasnt us | was not us | werent us | it wasnt me | swears he | swears she"
        " | swear i | i swear")),
        sentiment=-2, report=False),
    Rule("irony", kw(
        # Thanks for the harm itself: "thanks for cancelling my order".
        thanked_for_harm=combine(
            "thanks for | thank you for | thanks a lot for | thanks so much for"
            " | thank you so much for | cheers for | many thanks for | thanks again for"
            " | thank you very much for",
            "deleting | charging | overcharging | losing | breaking"
            " | wasting | ignoring | ruining | wiping | making me wait | keeping me waiting"
            " | leaving me | locking me out | hanging up | messing up"
            " | doubling | the runaround | closing my ticket | closing my case | the silence"
            " | making me | making us | leaving us"
            # Thanks for what was done to the customer: "thanks for raising the
            # price again" (not the malfunction cues, which a longer match
            # would hide: "logging me out").
            " | spamming | hiding | raising the price | raising prices | raising our"
            " | hiking | increasing the price | putting up the price"),
        # Achievement for harm: "you managed to lose my parcel twice".
        managed_harm=combine(
            "you managed to | youve managed to | you have managed to | how you managed to"
            " | you somehow managed to | somehow managed to | you even managed to"
            " | you guys managed to | you actually managed to",
            "lose | break | delete | make | mess | screw | charge | cancel | double | wipe"
            " | ruin | turn | lock | bill | misplace | lose it"),
        # Effort praised by its count: "it only took me six attempts".
        counted_effort=combine(
            "it only took me | only took me | it only took | it only takes | only took us"
            " | only takes me | only took",
            combine(_COUNTS, "attempts | tries | goes | calls | phone calls | chats"
                             " | reboots | reinstalls | agents | transfers"
                             # Time praised by its length: "wow, only took 9
                             # days to get a reply".
                             " | days | weeks | months | hours | business days"
                             " | working days")),
        # Praise no one means: "slow clap", "love having to".
        praise_for_harm=("a fun game | fun little game | treasure hunt | scavenger hunt"
                         " | guessing game | so called | so-called | slow clap | golf clap"
                         " | love having to"
                         " | love that i have to | love that we have to | love how i have to"
                         " | love how we have to"
                         # Praise of what an update took away, or of what
                         # is still missing: "love how the new update buried
                         # the toggle", "love how the app still has no dark
                         # mode", "love paying for premium to see ads".
                         " | " + combine("love how | loving how | i love how | really love how",
                                         "the new update | the update | the latest update"
                                         " | your update | your new update | the new version"
                                         " | the redesign | the new design | the new layout"
                                         " | the app still | it still | you still"
                                         " | there is still | theres still | its still")
                         + " | " + combine("love | loving | really love | just love",
                                           "paying for | paying extra | typing my | retyping"
                                           " | re typing | hunting for | scrolling through"
                                           " | digging through | searching for")
                         # Praise nobody means, said of the work itself:
                         # "really impressive stuff", "said no one ever".
                         + " | impressive stuff | top notch stuff | incredible stuff"
                         " | really great stuff | truly impressive | said no one | said nobody"
                         " | said no one ever"
                         # News welcomed that is bad news: "great to know
                         # I've been mispronouncing my own language".
                         " | great to know | nice to know | lovely to know"
                         " | wonderful to know")),
        sentiment=-4, report=False,
        cancels=("gratitude", "praise", "politeness", "thanks_in_subject", "praise_interjection")),
)
# fmt: on
