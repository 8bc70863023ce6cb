"""Thanks, praise and politeness: the positive rules of the tone table.

``gratitude`` and ``praise`` (+2) make a ticket positive; an interjected
"Great," (``praise_interjection``) is praise, or sarcasm next to trouble;
``politeness`` (+1) and ``courtesy`` (0) are closing formulas, wishes and
words in another sense ("outstanding balance", "would be great"). Whether
thanks make a ticket positive is decided in ``classifier_sentiment``: thanks
that close a request are politeness.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["PRAISE_RULES"]

# fmt: off
PRAISE_RULES: tuple[Rule, ...] = (
    Rule("gratitude", kw(
        thanks=("thanks for | thank you for | thanks so much | thank you so much | many thanks"
                " | thanks a lot | big thanks | wanted to say thanks | thank the"
                " | pass our thanks | thanks again | say thank you | say thanks | thank you to the"
                " | i want to say thank you | i want to say thanks | i want to thank"
                " | i wanted to thank | we want to thank | we wanted to thank"
                " | i just want to thank"
                " | thank you to your | big thank you | massive thanks | huge thanks"
                " | i would like to thank | id like to thank | we would like to thank"
                " | wed like to thank | i would like to say thank | id like to say thank"
                " | we would like to say thank | wed like to say thank | i would like to express"
                " | id like to express | just wanted to say | i just wanted to say"
                " | cant thank you enough | cannot thank you enough | couldnt thank you enough"
                " | cant thank you guys enough | please pass on | please pass my | please pass our"
                " | please give my thanks | please send my thanks | please thank | please extend"
                " | pass on my thanks | pass on our thanks | pass my thanks | please say thanks"
                " | please say thank you | cheers for | kudos to"
                # Help thanked in any English: "thank you for help me
                # yesterday", "it help me to save money".
                " | for help me | for helping me | for help us | for helping us | you help me"
                " | you helped me | you helped us | it help me | it helps me | it helped me"
                " | helped me a lot | helped us a lot | help me a lot | "
                + combine("thank you for | thanks for | thank you so much for | thanks a lot for"
                          " | thank you very much for",
                          "help me | helping me | help us | helping us")
                + " | thank you very much for your | thanks very much for your | thank you kindly"
                " | many many thanks"),
        appreciate="appreciate~ | much appreciated | grateful"),
        sentiment=2, report=False),
    Rule("praise", kw(
        great="great | great service | great support",
        excellent=("excellent | fantastic | amazing | awesome | brilliant | superb | outstanding"
                   " | wonderful | lovely | top notch | impressed | impressive | seamless"
                   " | game changer | thrilled | stellar | exceptional | phenomenal | incredible"
                   " | terrific | fabulous | spot on | first class | five stars | 5 stars"
                   " | highly recommend | would recommend | will recommend | blown away"
                   " | exceeded expectations | exceeded my expectations | exceeded our expectations"
                   " | beyond expectations | couldnt be happier | could not be happier | so glad"
                   " | really glad | very glad | relieved | knowledgeable | a breeze | super easy"
                   " | thankful | killing it | over the moon | step up | a big step up"
                   " | a huge step up | much easier | so much easier | a lot easier | much clearer"
                   " | so much clearer | nice work | going well | going really well | went well"
                   " | taken to it | good service | very good service"),
        love="love~ | enjoy | enjoying | enjoyed | really enjoy",
        happy="happy | pleased | delighted | satisfied | happy customer",
        helpful="helpful | quick help", perfect="perfect | perfectly | works perfectly",
        works_well=("working really nicely | works really nicely | working nicely | works nicely"
                    " | working really well | works really well | works a treat"
                    " | working a treat | runs smoothly | running smoothly"),
        good_job=("good job | good work | well done | kudos | keep up the good work"
                  " | looks good | best helpdesk | the best support | the best service"
                  " | youre the best | you are the best | good news | all good | ur the best"
                  " | keep it up | nice one | cant wait | so excited | really excited | exciting"
                  " | killed it | nailed it | smashed it | hats off | saved my life | saved the day"
                  " | lifesaver | life saver | deserves a raise | so kind | above and beyond"
                  " | huge fan | big fan | a fan of | is very good | is so good | is really good"
                  " | looking forward to trying | excited to try | smooth process"
                  " | really smooth | so smooth | very smooth | went smoothly"
                  " | went really smoothly"
                  " | are very good | are so good | so patient | very patient"
                  " | never failed me | never failed us | never let me down | never let us down"
                  " | like it so much | i really like | we really like | so much fun"
                  # Praise passed on: "shout out to the team", "recommended you
                  # to three clinics", "you guys rock".
                  " | shout out | shoutout | props to | recommended you to | recommended your"
                  # Praise to be passed on is not a request: "please pass this
                  # on to her manager", "let his manager know".
                  " | please pass this on | please pass it on | pass this on | pass it on"
                  " | pass it along | pass this along | please pass along | "
                  + combine("please let | let | please tell | tell",
                            "her manager | his manager | their manager | her boss | his boss"
                            " | their boss | her team leader | his team leader")
                  + " | recommending you to | told my friends about | told everyone about"
                  " | you rock | you guys rock | you all rock | u rock | absolute legend"
                  " | a legend | legends | top bloke | top man | top guy | top lad | killer feature"
                  # Praise in everyday words: "went up without a hitch", "you
                  # saved my bacon", "owe you a pint", "I'd pay extra for that".
                  " | without a hitch | no hitches | super clear | painless"
                  " | saved my bacon | saved our bacon | saved my skin | saved our skin"
                  " | lifesavers | life savers | youre a star | you are a star | youre stars"
                  " | owe you a pint | owe you a drink | owe you a beer | owe you one"
                  " | worked like a charm | works like a charm | like a dream | flawless"
                  " | flawlessly | seamlessly | second to none | made my day | made our day"
                  " | never a problem | never had a problem | never had any problem"
                  " | never had an issue | never had any issue"
                  " | id pay extra | i would pay extra | would pay extra | wed pay extra"
                  " | we would pay extra"
                  " | looking forward to working | look forward to working"
                  " | smooth sailing | plain sailing | was smooth | were smooth | was easy"
                  " | were easy"
                  " | so easy | very easy | really easy | easy to use | user friendly"
                  " | user-friendly"
                  " | " + combine(
                      "best", "app | apps | service | food app | bank | experience | purchase"
                              " | decision | thing | feature | update | support"))),
        sentiment=2, on_negation="negated_praise", report=False,
        names=("great", "excellent", "perfect", "love", "happy", "helpful", "good job")),
    # Praise in passing after a concession: "otherwise great update",
    # "apart from that, all good", "love the app otherwise". It is warm,
    # not the point of a ticket that suggests or reports something (+1, as
    # politeness).
    Rule("passing_praise", kw(passing_praise=(
        combine("otherwise | otherwise , | apart from that | apart from that , | other than that"
                " | other than that , | aside from that | aside from that , | but otherwise"
                " | besides that ,",
                "great | good | all good | fine | perfect | happy | love it | brilliant"
                " | excellent | amazing | lovely | awesome | nice | very good | really good"
                " | great update | great app | great service | great work | great job"
                " | happy with | loving it | its great | its perfect | everything is great"
                " | everything is fine | everything is perfect | all is good | all fine")
        + " | " + combine("love | like | enjoy | loving | enjoying",
                          "it otherwise | the app otherwise | the platform otherwise"
                          " | the product otherwise | the service otherwise | the update otherwise"
                          " | the rest | everything else"))),
        sentiment=1, report=False),
    Rule("praise_interjection", kw(
        interjection=combine(
            "great | brilliant | wonderful | fantastic | perfect | lovely | amazing | awesome"
            " | nice | excellent | superb | marvellous",
            ", | . | !",
        )
        + " | love how | love that | love it when | gotta love | i love how | i love that"
        # Thanks for what hurt, said as a wish come true: "I really wanted
        # all my templates reset" (sarcasm next to trouble).
        " | just what i needed | exactly what i needed | just what i wanted"
        " | exactly what i wanted | just what we needed | exactly what we needed"
        " | i really wanted all | i really wanted my | i really wanted every"
        " | lightning fast | lightning-fast"
        " | oh good | oh great | oh wonderful | oh brilliant | oh fantastic | oh perfect"
        " | oh joy | oh lovely | wow amazing | wow great | if you enjoy | if you like waiting"
        # Praise of how something happened, sarcasm next to trouble: "really
        # impressive how you lost my parcel twice", "love getting charged
        # for a service that doesn't work", "top marks for the new checkout".
        " | impressive how | amazing how | incredible how | brilliant how | great how | nice how"
        " | wonderful how | fantastic how | love getting | love being | love paying"
        " | love waiting | love when | top marks | bravo | congrats on | well played"
        " | perfect timing | great timing | brilliant timing | impeccable timing | lovely timing"
        " | cool , so | great , so | oh cool | cool cool"),
        sentiment=2, report=False),
    Rule("politeness", kw(
        thanks=("thanks | thank you | thx | ty | cheers | danke | merci | gracias | vielen dank"
                " | thank u | thanku | thankyou | thanx | thnx | tnx | tks"),
        # Closing formulas thank for help not given yet, or out of habit:
        # polite, not praise ("Many thanks in advance for your help").
        closing_thanks=("many thanks in advance | thanks for any help | thank you for any help"
                        " | thanks for your time"
                        " | thank you for your time | thanks for looking | thank you for looking"
                        " | thanks for checking | thank you for checking | thanks for considering"
                        " | thank you for considering"),
        # Season's greetings are warm, not praise: "Happy holidays to the team".
        greetings=("happy holidays | happy new year | happy christmas | merry christmas"
                   " | happy easter | happy diwali | happy eid | happy hanukkah"
                   " | happy thanksgiving | happy weekend | happy friday | seasons greetings"
                   # Wishes that close a message: "Have a lovely Easter".
                   " | have a lovely | have a great | have a nice | have a good | have a wonderful"
                   " | enjoy your weekend | enjoy the weekend"
                   # Wishes that open one: "Hope you're having a great week!".
                   " | hope all is well | hope youre well | hope you are well | hope youre ok"
                   " | hope this finds you well | hope this email finds you well | "
                   + combine("hope youre having | hope you are having | hope you had"
                             " | hope youve had | hope you have had | having | hope you have",
                             "a great | a good | a lovely | a nice | a wonderful | a fantastic")
                   + " | hope youre doing well | hope you are doing well"
                   " | hope youre keeping well")),
        sentiment=1, report=False),
    Rule("courtesy", kw(
        thanks_in_advance="thanks in advance | thank you in advance",
        happy_to=("happy to | happy for | would be great | be happy if | would be perfect"
                  " | would be ideal | would be lovely | would be brilliant | would be fantastic"
                  " | would be amazing | would be awesome | would be wonderful"),
        other_sense=("outstanding issue~ | outstanding ticket~ | outstanding question~"
                     " | outstanding item~ | great deal | great many | love to know"
                     " | stopped using | stop using | have stopped using | stopped paying for"
                     " | love to hear | perfectly clear | perfectly fine | perfectly good"
                     " | perfectly valid | perfectly readable | perfectly normal"
                     # An attempt, not a recurrence: "tried again with another card".
                     " | tried again | try again | trying again | tried it again | try it again"
                     " | tried once again | " + combine(
                         "whenever", "i | we | they | someone | anyone | a | the | my | our | it"
                                     " | he | she"))
                     # A wish, not praise: "it will be very helpful if you can".
                     + " | would be helpful | would be very helpful | will be helpful"
                     # Asking what happened is not exasperation: "can you
                     # check what's going on?".
                     " | check whats going on | check what is going on | see whats going on"
                     " | find out whats going on | look into whats going on"
                     " | tell me whats going on | know whats going on | explain whats going on"
                     " | investigate whats going on | understand whats going on"
                     # The customer's own attempts: "reconnecting didn't help".
                     " | " + combine(
                         "restarting | reinstalling | reconnecting | rebooting | resetting"
                         " | unplugging | updating | logging out | clearing the cache"
                         " | clearing cache | clearing cookies | that | it",
                         "didnt help | did not help | doesnt help | hasnt helped")
                     + " | blocked out | block out | blocking out"
                     " | will be very helpful | would be really helpful | be helpful if"
                     # An apology for asking, not a complaint of asking again.
                     " | if this has been asked before | if this was asked before"
                     " | been asked before | if youve been asked | sorry if this is"
                     # "that's why" explains, it asks nothing; "confusing our
                     # staff" tells an effect, not a verdict.
                     " | thats why | that is why | which is why | this is why | "
                     + combine("confusing", "our | my | the | customers | people | users | clients"
                                            " | patients | staff | everyone")
                     # A past success named as a comparison: "same layout as
                     # last month, which went through fine".
                     + " | "
                     + combine("which | last month it | last time it | before it | it always",
                                       "went through fine | worked fine | was fine | went through"
                                       " | worked | worked perfectly")
                     # Gone elsewhere already, told as a reason: "I've moved to
                     # another provider" is not a threat to leave.
                     + " | " + combine("moved to | switched to | have moved to | have switched to"
                                     " | went with | gone with | chose | chosen | changed to",
                                     "another | a different | a competitor | a new")
                     # Saying thanks, not asking: "I want to say a big thank
                     # you"; money sent home is a transfer, not a request.
                     + " | i want to say | i wanted to say | i just want to say"
                     " | we want to say | we wanted to say"
                     " | i want to appreciate | we want to appreciate"
                     " | i want to congratulate | we want to congratulate"
                     " | send money home | sending money home | send money back home"
                     " | to send money to my"),
        report=False),
)
# fmt: on
