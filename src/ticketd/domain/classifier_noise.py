"""Messages that are not a customer's request: out-of-office and automatic
replies, cold sales pitches and spam. One such cue alone decides nothing;
an automatic-reply marker, two different away cues or two different pitch
cues make the ticket low, neutral and needing no action, whatever it
mentions (``classifier._decide``).
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import AUTO_REPLY, PITCH, Rule, combine, each, kw

__all__ = ["NOISE_RULES"]

# fmt: off
NOISE_RULES: tuple[Rule, ...] = (
    Rule("auto_reply", kw(
        auto_reply=("automatic reply | auto reply | autoreply | auto-reply | automated reply"
                    " | automated response | automated message | this is an automated"
                    " | mailbox is not monitored"
                    " | no longer monitored | not monitored | do not reply to this"
                    # Bounces are automatic too.
                    " | delivery has failed | mail delivery failed | delivery failure"
                    " | undeliverable | could not be delivered | couldnt be delivered"
                    " | delivery status notification | message not delivered")),
        role=AUTO_REPLY, report=False),
    # An automatic reply the customer received and mentions ("I got an
    # automated reply and nothing since") is a complaint, not an auto-reply.
    Rule("auto_reply_mentioned", kw(auto_reply_mentioned=combine(
        "got an | got a | received an | received a | only an | only a | just an | just a"
        " | only got an | only got a | just got an | just got a | your | an | another | yet another"
        " | nothing but an | nothing but a",
        "automatic reply | auto reply | autoreply | auto-reply | automated reply"
        " | automated response | automated message | automatic response | automated email"
        " | automatic email")),
        report=False),
    Rule("away_notice", each(
        "out of office | out of the office | limited access to email | not checking email"
              " | not checking this inbox | not checking my inbox | not checking emails"
              " | not checking messages"
              " | checking email | away from"
              " | on leave | annual leave | parental leave | maternity leave | on holiday"
              " | on vacation | back in the office | on my return | until i return"
              " | will get back to you | get back to you as soon | will reply when"
              " | will respond when | in my absence | please contact | please resend"
              " | for anything urgent | for urgent matters | in urgent cases | away until"
              " | thank you for your message | thank you for your email | im away | i am away"
              " | no access to email | without access to email | no access to my email"
              " | thank you for contacting | when im back | when i am back | when i get back"
              " | ill reply when | ill respond when | ill get back to you | at a conference"
              " | travelling until | traveling until | back in the office on | back on monday"
              " | for urgent | contact my colleague | please contact my colleague | out until"),
        role=AUTO_REPLY, report=False),
    Rule("sales_pitch", each(
        "our team of | we help | we offer | offers a | i came across | was analysing your"
               " | was analyzing your | free audit | free consultation | free trial of our"
               " | book a call | book a demo | schedule a call | 15 minute"
               " | quick call | short call | reply yes | limited time | special offer"
               " | free webinar | reserve your seat | save your seat | join our webinar"
               " | were hosting | we are hosting | register here | register now"
               " | exclusive discount | increase your | boost your | grow your | google ranking"
               " | seo | lead generation | fixed price | pricing starts"
               " | starting at | starting from | our clients include | case study | did you know"
               " | are you ready | are you confident | penetration testing | partner with you"
               " | partnership | guest post | sponsored | crypto | bitcoin | congratulations"
               " | dear website owner | dear business owner | dear user | dear customer"
               " | verify your account | click here | click the link | your mailbox"
               " | storage limit | unsubscribe here | to unsubscribe | our services"
               " | we specialise | we specialize | no obligation | hurting your | costing you"
               " | collection agency | debt collection | would you be open | open to a"
               " | worth a chat | hop on a call | calendar link | on the rise | fines of"
               " | protect your | secure your | our scanners"
               " | dear ceo | kindly review | open document | view document"
               " | late fees | wire transfer | act now | winner | claim your"
               " | you have been selected"
               " | selected as | click to | offer expires | this offer | no credit check"
               " | pre-approved | preapproved | collaboration | followers | collab | we acquire"
               " | learn more about your company | guest article | do-follow | dofollow"
               " | backlink~ | link back | subscribe to our | unsubscribe at any time"
               " | like yours | businesses like | companies like | love to offer | complimentary"
               " | book a slot | book a time | grab a slot | free scan | free assessment"
               " | has helped | we have helped | weve helped | helped companies"
               " | helped businesses | love to explore | explore a | send over a deck | a deck"
               " | reseller | love to show you | right person to speak | account executive"
               " | minute demo | a quick demo | a short demo | show you a demo | ai powered"
               " | powered by ai | no engineering required | merchants lose | businesses lose"
               " | companies lose | on average"),
        role=PITCH, report=False),
)
# fmt: on
