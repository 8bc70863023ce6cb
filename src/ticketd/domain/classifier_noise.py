"""Messages that are not a customer's request: out-of-office and automatic
replies, delivery and read receipts, cold sales pitches, spam, link
building, newsletters, surveys and job applications. An automatic-reply
marker, two different away cues or two different pitch cues make the ticket
low, neutral and needing no action, whatever it mentions
(``classifier_verdict.decide``). The broader hints (``away_hint``, ``bulk_hint``:
sentence shapes of auto-replies, newsletters, surveys, partnership and
link-building offers, job applications) count with those cues only in a
ticket that reports no trouble (no strong rule, nothing that raises
urgency): "Your payout is 12 days late, your newsletter says within 24
hours" stays a complaint. One cue or hint alone does not make a ticket
noise; it only tells that a ticket that asks nothing and reports no
problem needs no action.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import AUTO_REPLY, PITCH, Rule, combine, each, kw

__all__ = ["HINTS", "NOISE_RULES"]

# Rules whose cues count toward noise only in a ticket that reports no trouble.
HINTS = ("away_hint", "bulk_hint")

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
                    " | delivery status notification | message not delivered"
                    # Generated confirmations and receipts.
                    " | auto-generated | auto generated | automatically generated"
                    " | this is an automatic | this email was sent automatically"
                    " | this message was sent automatically | sent from an unmonitored"
                    " | has been delivered to the following | was delivered to the following"
                    " | your message was read | was read on | read receipt for | return receipt"
                    " | would like to recall the message | wants to recall the message")),
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
               " | companies lose | on average | we can fix | we can help you | we can improve"
               " | we can boost | we can get you | we can increase | small fee | low cost"
               " | at low cost | high quality websites | affordable rates | can i show you"
               " | let me show you | scanned your website | scanned your site | i scanned your"
               " | we scanned your | free live webinar | live webinar | webinar with"
               " | proven tactics | proven strategies | proven ways | proven methods"
               " | domain expiration | expiration notice | failure to renew | renew your domain"
               " | domain registration | packages from | packages start | real reviews"
               " | star reviews | buy reviews | more reviews | certified ethical | ethical hackers"
               " | ethical hacking | cost companies | costs companies | cost businesses"
               " | an average of | start your free trial | start a free trial | try it free"
               " | try it for free | try us free | get started free | close more deals"
               # Lists, factories and events sold to a support inbox.
               " | attendees list | attendee list | verified contacts | data fields | total counts"
               " | interested in acquiring | professional manufacturer | years experience"
               " | our factory | oem | odm | on the market for | glad to hear that you"
               " | domain service notice | search engine listing | complete your submission"
               " | happy hour | would love to have you | first month | for new customers"
               " | can i send you | demo video | ai receptionist | ai assistant | our ai | "
               + combine("merchants | stores | shops | sellers | retailers | brands | agencies"
                         " | founders | startups | teams",
                         "like you | like yours")),
        role=PITCH, report=False),
    # Sentence shapes of automatic replies and away notes: when the writer
    # is back, how they will answer, who else to write to, that the
    # message was received and will be answered in some time.
    Rule("away_hint", each(
        "ooo | off sick | out sick | on sick leave | sick leave | off work | away from my desk"
        " | away from the office | away from email | intermittent access | limited access"
        " | with no access | without access | travelling with | traveling with | business trip"
        " | on business travel | will be back on | ill be back on | i will be back | ill be back"
        " | i return on | returning on | upon my return"
        " | i will reply | i will respond | ill reply | ill respond | reply as soon as"
        " | respond as soon as | as soon as i can | thank you for your understanding"
        " | thanks for your understanding | no longer works at | no longer work at"
        " | no longer with the company | has left the company | have left the company"
        " | this mailbox | this inbox | this email address is no longer | will not be forwarded"
        " | wont be forwarded | will be forwarded | we have received your | weve received your"
        " | received your message | received your email | received your request"
        " | received your enquiry | received your inquiry | we will get back to you"
        " | well get back to you | we will respond | we will reply | well respond"
        " | within 2 business days | within two business days | within 1 business day"
        " | within one business day"
        " | your reference number | reference number is | your ticket number"
        " | ticket number is | a member of our team will | one of our team will"
        " | our team will get back | one of our agents | do not reply | dont reply"
        " | please do not reply | please dont reply | if your matter is urgent"
        " | if your enquiry is urgent | if your inquiry is urgent"
        " | reply tomorrow | respond tomorrow | reply on monday | respond on monday"
        " | reply next week | respond next week"),
        role=AUTO_REPLY, report=False),
    # Shapes of bulk mail sent to a support inbox: newsletters, product
    # updates, surveys and review requests, webinars, partnership,
    # influencer, affiliate and outsourcing offers, link building and SEO,
    # job applications.
    Rule("bulk_hint", each(
        # newsletters and product updates
        "following up on my last email | following up on my previous email"
        " | do you have 15 minutes | do you have 10 minutes | do you have 20 minutes"
        " | have a few minutes | spare 15 minutes | spare 10 minutes | we pay via | we pay per"
        " | one of your articles | your articles | your blog posts"
        " | help us improve | short questions | quick questions | only takes a minute"
        " | takes just a minute | takes less than | how would you rate | would you rate"
        " | rate the support | rate the service | rate our | reply with a number | from 1 to 5"
        " | from 1 to 10 | youre invited | you are invited | early bird | tickets are available"
        " | book now | book your | our annual | summit | trade show | meet us at | our booth"
        " | my proposal | our proposal | my offer | our offer | for your brand | your brand"
        " | my rates | our rates | rate card | media kit | ugc | content creator"
        " | search engine | domain listing | submission | optimized for mobile"
        " | optimised for mobile | checking your website | any vacancies | work for your company"
        " | join your company | consider my application | my application | i speak"
        " | freelance | my services | offer my"
        " | % off | use code | promo code | discount code | coupon code | offer ends"
        " | this week only | today only | ends soon | dont miss | last chance | shop now"
        " | buy now | order now | how satisfied | were you satisfied | very satisfied"
        " | your ticket was closed | your ticket has been closed | rate your support"
        " | careers page | your careers | apply as a | want to apply | would like to apply"
        " | like to apply | my portfolio | portfolio :"
        " | off first | off your first | off new | off all | off everything | per cent off"
        " | percent off | this month only | were offering | we are offering | based studio"
        " | for startups | for smbs | smbs | ios and android apps | new projects"
        " | loved your products | love your products | your products on | on instagram"
        " | for small businesses | for small brands | e-commerce brands | ecommerce brands"
        " | low minimums | minimum order | free samples | office is closed | we are closed"
        " | were closed | closed for the holidays | closed until | if your message is about"
        " | if your message is urgent | if your email is urgent | in case of emergency"
        " | for emergencies"
        " | top of your inbox | to the top of your | in this issue | in todays issue"
        " | view this email in your browser | view in browser"
        " | view it in your browser | view online | you are receiving this | youre receiving this"
        " | you received this email | you have received this email | you signed up"
        " | signed up for updates | signed up to receive | email preferences"
        " | manage your preferences | update your preferences | manage your subscription"
        " | opt out of these | read more on our blog | read the full"
        " | top stories | weekly digest | monthly digest"
        " | our newsletter | whats new in | whats new at | check out the latest"
        " | latest features | we shipped | product update | product news"
        " | release notes | customer story | success story | our blog"
        # surveys and reviews
        " | take our survey | take a short survey | take our short survey | minute survey"
        " | short survey | quick survey | our survey | this survey | rate your experience"
        " | rate us | leave a review | leave us a review | write a review | how likely are you"
        " | on a scale of | scale of 0 to 10 | scale of 1 to 10 | how did we do"
        " | tell us about your experience | tell us how we did | we value your feedback"
        " | your feedback matters | your opinion matters | share your feedback | click the stars"
        " | your recent experience | your recent visit | your recent purchase"
        # webinars and events
        " | save your spot | save the date | live session | live demo | register today"
        " | spots are limited | seats are limited | places are limited | limited spots"
        # offers, partnerships, outsourcing
        " | reaching out from | im reaching out | i am reaching out | wanted to reach out"
        " | reaching out to see | reaching out because | i work with | we work with"
        " | we partner with | we are a leading | were a leading | leading provider"
        " | trusted by | used by over | award-winning | top-rated"
        " | our agency | my agency | digital agency | marketing agency | our platform helps"
        " | our software helps | our tool helps | our app helps | helps companies"
        " | helps businesses | helps brands | helps teams | helping companies"
        " | helping businesses | would you be interested | are you interested"
        " | if youre interested | if you are interested | if interested | interested in learning"
        " | open to a chat | open to exploring | open to discussing | worth exploring"
        " | love to connect | lets connect | connect with you | quick chat | brief chat"
        " | short chat | minutes of your time | minute call | minute chat | minute meeting"
        " | this week or next | calendly | pick a time | find a time | when works for you"
        ""
        " | decision maker | explore a partnership"
        " | partnership opportunity | business opportunity | mutually beneficial"
        " | collaborate with you | collaborate with your | affiliate program"
        " | affiliate programme | referral program | earn commission | commission on every"
        " | influencer | brand ambassador | sponsorship | promote your | feature your"
        " | list your business | get listed | offshore | outsourcing | outsource"
        " | dedicated developers | dedicated team | hire developers | hire remote"
        " | development company | development services | app development | web development"
        " | staff augmentation | white-label | extra hands | cut churn"
        " | reduce churn | increase conversions | more conversions | increase sales"
        " | increase revenue | more leads | qualified leads"
        " | return on investment | risk-free | money-back guarantee"
        " | affordable price | affordable prices | competitive price"
        " | at a discount | discounted rate | special price | per month only"
        # link building and SEO
        " | first page of google | page one of google | first page of search | rank higher"
        " | ranking on google | search rankings | search ranking | organic traffic"
        " | website traffic | more traffic | domain authority | high da | link building"
        " | link insertion | niche edit | guest posting | sponsored post | write for your"
        " | publish an article | publish a post | seo audit | site audit"
        " | website audit | audit of your | noticed your website | came across your website"
        " | visited your website | went through your website | reviewed your website"
        " | analysed your website | analyzed your website | audited your website"
        " | improve your website | redesign your website | redesign it | website redesign"
        " | web design | mobile friendly | page speed | google ads | facebook ads"
        " | digital marketing | social media marketing | online presence | your rankings"
        " | errors on your | issues on your website"
        # job applications
        " | apply for the | applying for the | application for the | to apply for"
        " | position advertised | role advertised | job advertised | vacancy | vacancies"
        " | open position | open positions | job opening | job openings | any openings"
        " | are you hiring | hiring manager | my cv | my resume | my résumé | cover letter"
        " | curriculum vitae | for your consideration | years of experience | join your team"
        " | internship | looking for a job | looking for work | job opportunity"
        " | career opportunity | career opportunities | final-year student"
        " | recent graduate | fresh graduate"),
        role=PITCH, report=False),
)
# fmt: on
