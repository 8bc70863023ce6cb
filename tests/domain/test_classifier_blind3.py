"""Ruleset 2026.11-6: the categories the fourth blind batch
(tests/data/classification_blind3.jsonl, development data since it was read)
missed under 2026.11-5, each pinned with the batch tickets that showed it,
and wordings written here from the rubric, so a rule that only fits the
batch phrase still fails a test.

Each batch ticket listed was misclassified by ruleset 2026.11-5. The
business half (fresh-g-*) was read and generalised first with the consumer
half (fresh-h-*) left out, then the other way round (figures in
docs/classification.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ticketd.domain.classifier import classify

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = {
    case["id"]: case
    for case in (
        json.loads(line)
        for line in (DATA / "classification_blind3.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    )
}

URGENCY = {
    "consent denied by choosing, alibis, 'did not touch anything'": [
        "fresh-g-011",  # "I never asked any export"
        "fresh-g-156",  # debited for an upgrade "which we have not opted"
        "fresh-g-210",  # 2FA off, "I was at my daughter's wedding and did not touch anything"
        "fresh-h-043",  # an archive "I did not ask for"
        "fresh-h-064",  # password "updated", "I was sitting in church ... did not touch my phone"
        "fresh-h-130",  # photos swapped on a profile, "None of that was me"
        "fresh-h-143",  # activity on my profile, "she says it wasnt her"
    ],
    "a member let go, still active": ["fresh-g-030"],
    "another company's records, in other words": [
        "fresh-g-131",  # changing the number at the end of the URL, "I get shipments"
        "fresh-g-196",  # "the result show some patients from other clinic"
        "fresh-h-131",  # threads "none of them are me", "i can open them"
    ],
    "money paid twice, held back, wanted back, refused": [
        "fresh-g-088",  # withholding payment submitted twice
        "fresh-g-188",  # payouts for the last 9 days haven't arrived
        "fresh-h-025",  # "I'd like the $4.99 back", calm
        "fresh-h-194",  # "This is wrong and I'm not paying it"
    ],
    "legal pressure: a consumer office in another language": ["fresh-g-009"],
    "a whole function stopped, a service down for hours or days": [
        "fresh-g-148",  # "dashboard down. whole team."
        "fresh-g-155",  # none of our notification emails "have gone to customers"
        "fresh-g-204",  # "the last successful backup was 19 days ago", calm
        "fresh-g-214",  # "no scheduled reports are going out"
        "fresh-h-114",  # a maintenance page since Tuesday
        "fresh-h-156",  # "a blank white page for about two hours"
    ],
    "data lost: conversations and matches": ["fresh-h-021"],
    "a password shown on a stream": ["fresh-h-112"],
    "not high: names, merchants' customers, away notices, bounces, jokes, conflicts": [
        "fresh-g-047",  # "we can't easily change it for everyone" is effort, not failure
        "fresh-g-116",  # a report called "Terminations & Breaches"
        "fresh-g-166",  # an out-of-office naming "our counsel"
        "fresh-g-212",  # a dashboard "we call Chargeback Watch", in the subject too
        "fresh-h-022",  # "I'm reporting you to the authorities ... jk"
        "fresh-h-094",  # a "---- earlier message ----" quoting a fraud alert
        "fresh-h-095",  # on parental leave, "not checking this inbox"
        "fresh-h-149",  # "Undeliverable: Your refund request"
        "fresh-h-159",  # "This number is associated with another account"
        "fresh-h-189",  # "People can't reach me on my real number"
    ],
}

SENTIMENT = {
    "worse than before is negative": ["fresh-g-007"],  # "more difficult", "before was more easy"
    "refusing how one's data is used is negative": [
        "fresh-g-027",  # "full stop"
        "fresh-g-107",  # "I never agreed to you having it. Stop it."
        "fresh-g-175",  # "I don't accept this"
    ],
    "time waited and sloppiness are negative": [
        "fresh-g-044",  # "It's been a week"
        "fresh-g-082",  # "it looks sloppy"
        "fresh-g-169",  # "been like this for weeks and nobody seems to be fixing it"
    ],
    "wishes and greetings are not praise": [
        "fresh-g-046",  # "we'd love this too"
        "fresh-g-070",  # "Happy holidays to the team!" in an FYI
        "fresh-g-165",  # "It will be very helpful if you can provide"
    ],
    "praise in other words": [
        "fresh-h-004",  # "the app is very good"
        "fresh-h-035",  # "best food app ive used"
        "fresh-h-139",  # "was SO patient with me"
    ],
    "'Love how' over a data request is sarcasm": ["fresh-h-079"],
    "an estate's attorney is formal, not angry": ["fresh-h-045"],
}


def _verdict(case_id: str):
    case = CASES[case_id]
    return case, classify(case["subject"], case["message"], case["status"])


@pytest.mark.parametrize(
    ("category", "case_id"), [(c, i) for c, ids in URGENCY.items() for i in ids]
)
def test_blind3_case_urgency(category: str, case_id: str) -> None:
    case, result = _verdict(case_id)
    assert result.urgency == case["urgency"], f"{category}: {case['note']} {result}"


@pytest.mark.parametrize(
    ("category", "case_id"), [(c, i) for c, ids in SENTIMENT.items() for i in ids]
)
def test_blind3_case_sentiment(category: str, case_id: str) -> None:
    case, result = _verdict(case_id)
    assert result.sentiment == case["sentiment"], f"{category}: {case['note']} {result}"


# --- the same situations in other words (written here, not from any corpus) ---


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        # batch 1, written after the fresh-g rules (not a measure)
        (
            "Invoice paid two times",
            "Our March invoice was paid twice from the company account, 2,400 GBP each time. "
            "Please return the second one.",
        ),
        (
            "",
            "We never asked for the premium add-on but 49 USD was taken from our card on the 3rd.",
        ),
        ("", "The office printer kiosk shows other firms' scanned documents when you tap History."),
        (
            "",
            "Our old warehouse supervisor, who we let go in June, still logs in and downloads the"
            " stock list.",
        ),
        (
            "",
            "I was on holiday in Spain all last week and came back to find my recovery email "
            "changed.",
        ),
        ("", "No automated invoices went out to any client this month, the queue is just empty."),
        ("site down", "checkout down. entire team can't take orders. 30 minutes."),
        (
            "",
            "Our vendor payouts for the last 5 days have not arrived at the bank, the portal says"
            " sent.",
        ),
        ("", "The last successful sync was 12 days ago and nobody noticed."),
        (
            "",
            "I will file a complaint with the consumer protection office if this is not refunded.",
        ),
        (
            "",
            "Vou à associação de defesa do consumidor if you don't answer me, you charged me "
            "twice.",
        ),
        (
            "",
            "When I put a different number at the end of the invoice URL I get invoices of other "
            "companies.",
        ),
        (
            "",
            "Nobody of our team changed the bank details but the payout account is different now.",
        ),
        ("", "The customer portal shows addresses of patients from other practices when searched."),
        ("", "My salary has not come in for the past two weeks, your app says transferred."),
        ("", "Our data export was downloaded at 3am. I never asked for any export and was asleep."),
        ("", "All our shipping notifications stopped reaching customers since Friday."),
        (
            "",
            "We removed him from the team last month but he is still sending messages to our "
            "clients.",
        ),
        ("", "Two-factor was turned off on my login yesterday and I did not change anything."),
        ("", "Our backups have not run for days, the last completed backup is from the 2nd."),
        # batch 2, written after the fresh-h rules (not a measure)
        ("", "All my saved conversations and every match are gone from the app."),
        ("", "I got an email that my account archive is ready. I never asked for an archive."),
        ("", "A text said my PIN was updated. I was in a meeting and did not touch my phone."),
        ("", "While screen sharing on a work call my password was unmasked for a minute."),
        ("", "The site has shown a maintenance page since Monday, it's Wednesday now."),
        (
            "",
            "Someone posted adverts from my page. My profile picture has been swapped. None of "
            "that was me.",
        ),
        (
            "",
            "There are chats in my inbox between people I don't know; none of them are me and I "
            "can read their addresses.",
        ),
        ("", "My activity shows plays from Denver last night. My brother says it wasn't him."),
        ("", "The portal has been a blank page for about three hours for our whole office."),
        ("", "There is a 480 dollar charge for data abroad. That is wrong and I refuse to pay it."),
        # batch 3, measured untouched before its fixes (14 of 20 high, 6 of 10)
        (
            "Weird",
            "Hey, my Netflix-style profile on your app now has a new PIN and a kids lock I never "
            "set. My partner didn't do it either.",
        ),
        (
            "Wallet",
            "There's a withdrawal of 300 from my wallet to a bank I've never used. Please freeze "
            "it.",
        ),
        (
            "Account",
            "Got a notice that the owner of our workspace was transferred to a gmail address. "
            "Nobody on the team requested that.",
        ),
        (
            "Staff",
            "A temp whose contract ended Friday signed in this morning and exported the candidate"
            " list.",
        ),
        (
            "Phone",
            "My tablet got nicked from my car last night and your app is still logged in on it "
            "with my card saved.",
        ),
        (
            "keys",
            "Our production API secret is sitting in a public Trello board, anybody with the "
            "board link can read it.",
        ),
        (
            "patients",
            "When I open the referral list I can see patients registered at a clinic in another "
            "city, with their NHS numbers.",
        ),
        ("deleting my data", "I'd like you to wipe my account and every record you keep on me."),
        (
            "opt out",
            "Under Virginia law I'm opting out of the sale of my personal information. Confirm "
            "please.",
        ),
        (
            "Complaint",
            "If this isn't resolved by Friday I'll be raising it with the Financial Ombudsman.",
        ),
        (
            "lawyer letter",
            "Our counsel will be writing to you regarding the breach of our agreement.",
        ),
        (
            "Charge",
            "You billed my Amex 79.00 for an annual plan, I only ever had the free tier. I want "
            "it reversed.",
        ),
        ("bank", "I'm going to call my card company and reverse this myself if I don't hear back."),
        (
            "Payroll",
            "None of our 40 employees got paid today, the payroll run shows completed but no "
            "money left the account.",
        ),
        (
            "texts",
            "Zero SMS reminders have gone out since the weekend and patients are missing "
            "appointments.",
        ),
        (
            "App",
            "The POS app crashes on launch on every till in all three stores, we're taking cash "
            "only.",
        ),
        ("Gone", "After last night's update all of our client notes from 2023 have vanished."),
        (
            "Corrupt",
            "Every PDF we downloaded today opens as garbage, the files are corrupted for the "
            "whole team.",
        ),
        (
            "Login",
            "Someone in Brazil has been signing in to my email through your app, I live in "
            "Scotland.",
        ),
        (
            "Calm",
            "No rush at all, but it looks like my card was charged for three orders I didn't "
            "place this week.",
        ),
        # batch 4, measured untouched before its fixes (17 of 20, 7 of 10)
        (
            "Strange",
            "Good morning, in our HR system there is now an admin called 'support-temp' that none"
            " of us created. Can you tell us who made it?",
        ),
        (
            "card",
            "my bank called me, somebody used my card on your site to buy 3 gift cards. I did not"
            " do this purchases",
        ),
        (
            "Booking",
            "I see a booking for 4 nights in Lisbon on my account which I never made, and the "
            "hotel has already charged me.",
        ),
        (
            "Urgent - deletion request",
            "Please remove all the information you store about my son, he is 14 and signed up "
            "without asking us.",
        ),
        (
            "Stop",
            "I have told you before to stop selling my phone number. I now get 10 spam calls a "
            "day.",
        ),
        (
            "Emails",
            "Since Tuesday our customers have not been receiving any of the order confirmation "
            "emails.",
        ),
        (
            "Timesheets",
            "All timesheets that staff submitted for last week have disappeared from the "
            "approvals screen.",
        ),
        (
            "Account",
            "I cancelled my membership in January but you have taken £35 every month since then. "
            "Give it back.",
        ),
        (
            "Letter",
            "This is a formal letter before action regarding the unpaid invoice of 4,200 EUR.",
        ),
        (
            "Regulator",
            "I have sent a complaint to the Data Protection Commission about how you handled my "
            "request.",
        ),
        (
            "Export",
            "Our customer database was downloaded by a user account belonging to a person who "
            "left the company in March.",
        ),
        (
            "Passwords",
            "The staff onboarding PDF that anyone can download from your help centre has our "
            "admin login in it.",
        ),
        ("Ride", "There are rides charged to me in a city I have never been to."),
        (
            "App",
            "The app won't open for any of our drivers since the update this morning, nobody can "
            "start their route.",
        ),
        (
            "Messages",
            "I can read other peoples private messages in the group inbox, messages not addressed"
            " to me or my team.",
        ),
        (
            "Security",
            "I received a password reset email I did not request, and then my login stopped "
            "working.",
        ),
        (
            "Photos",
            "All the photos I uploaded since 2019 are gone from my albums. Please tell me you "
            "have a backup.",
        ),
        (
            "Refund",
            "The concert was cancelled and I want my money back, 2 tickets at 65 pounds each.",
        ),
        ("Payout", "Our earnings have been frozen for two weeks and nobody answers our emails."),
        (
            "Bank details",
            "Someone changed the bank account on our payroll profile to a different IBAN.",
        ),
        # batch 5, measured untouched before its fixes (16 of 20, 10 of 10)
        (
            "pls help",
            "somebody is using my acount, i see orders to Romania i not make. change password not"
            " work",
        ),
        (
            "",
            "Our Shopify store shows maintenance since 3 hours, we didn't do anything, customers "
            "can't buy",
        ),
        (
            "Kontoauszug",
            "Sehr geehrte Damen und Herren, you have debited 249 EUR twice from our account this "
            "month. Please return the double amount.",
        ),
        (
            "",
            "all of our invoices from last year are blank when we open them. the accountant needs"
            " them next week",
        ),
        (
            "",
            "The webhook to our warehouse has not fired for any order since Friday, nothing has "
            "shipped.",
        ),
        (
            "Former employee",
            "A sales rep we fired on Monday still has the app on his phone and is calling our "
            "customers.",
        ),
        (
            "",
            "My ex knows my new address, she says she saw it in the app. I never shared it with "
            "her.",
        ),
        ("", "I want to know what personal data you have on me and who you've given it to."),
        ("", "Please close my account and make sure nothing about me stays in your system."),
        ("", "We are going to escalate this to the Competition Bureau."),
        ("", "Our attorney has advised us to withhold payment and pursue damages."),
        ("", "The price was 49, you charged 490. I need the difference refunded today."),
        (
            "",
            "My late husband's subscription is still being charged every month, I have sent the "
            "death certificate twice.",
        ),
        ("", "The app shows me the medical notes of a patient that is not mine."),
        ("", "Our API key was in a screenshot we posted in your community forum yesterday."),
        ("", "Since this morning no one in our company can log in, SSO says invalid signature."),
        ("", "Half our product catalogue has disappeared after the import, around 3,000 items."),
        (
            "",
            "I did not sign up for this yearly plan, I only wanted the free trial, you took 120 "
            "dollars.",
        ),
        (
            "Stolen",
            "my bag was stolen at the station with my laptop in it, your app is logged in on it",
        ),
        # batch 6, measured untouched before its fixes (16 of 20, 10 of 10)
        (
            "acc hacked??",
            "i cant login and my email on account is different one, not mine. also my points are "
            "gone",
        ),
        (
            "",
            "Hello, I see in my bank 3 payment to your company that I not recognize, total 87 "
            "euro.",
        ),
        (
            "",
            "Please I want you delete my informations and my photos from your app, I don't use "
            "anymore.",
        ),
        ("", "i was robbed yesterday, they took my phone, the banking app is open on it"),
        ("", "Whoever has access to our shared link can see every employee's salary."),
        ("", "Our scheduled payroll did not run on Friday, 60 people have not been paid."),
        (
            "",
            "The kiosk in our shop shows the last customer's card number on the screen after "
            "payment.",
        ),
        ("", "My son bought 400 pounds of coins in your game on my card without asking."),
        ("", "I received someone else's prescription in my order, with her name and address."),
        (
            "",
            "You have closed my account and kept the 230 dollars balance. I want this money "
            "returned.",
        ),
        ("", "Unless I get a refund by Friday I will go to small claims."),
        (
            "",
            "All my appointments for next month are gone from the calendar, clients are calling "
            "me.",
        ),
        ("", "Nobody in our clinic can open patient files this morning, it just says error 500."),
        ("", "Every single text we send to clients bounces since the update."),
        (
            "",
            "There is a login to my account from a device I don't own, in the middle of the night.",
        ),
        (
            "",
            "My employer's payroll portal shows a different bank account for my salary, I didn't "
            "change it.",
        ),
        ("", "The password reset link you sent me opened another person's account."),
        ("", "I have been double charged for the same order, please give me back one of them."),
        ("", "Your app posted on my Facebook without my permission."),
        ("", "We have evidence that your service leaked our customer list to a competitor."),
    ],
)
def test_unseen_wordings_of_high_situations(subject: str, message: str) -> None:
    assert classify(subject, message).urgency == "high", classify(subject, message)


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        # batch 1
        ("How refunds appear", "How do refunds issued from the POS show up in the daily report?"),
        ("", "Is there a dispute status we can set when one of our clients disputes a bill?"),
        ("", "We built a sheet we call Fraud Radar on your API and it works well."),
        (
            "Out of office",
            "I'm at a trade fair until Thursday and will reply when I'm back. For legal questions"
            " contact our counsel.",
        ),
        (
            "",
            "SSO fails for two users with capitals in their address. We can't simply rename them "
            "for everyone.",
        ),
        (
            "",
            "The payout from yesterday hasn't arrived yet, normally it takes two days. Could you "
            "check?",
        ),
        (
            "",
            "I tried to set up the direct debit three times and it says the account number is "
            "invalid.",
        ),
        ("", "Customers get the booking confirmation email twice since this morning."),
        ("", "Please add a report called Breach Log to the compliance section."),
        # batch 2
        ("", "Is the shop closed for the holidays? The app says be right back."),
        (
            "",
            "I'm on leave until June and not checking this inbox. For refunds or legal matters "
            "write to the office.",
        ),
        (
            "Undeliverable: refund confirmation",
            "Delivery has failed to these recipients. The address couldn't be found.",
        ),
        ("", "My number shows 'already linked to another account' but it's a new SIM."),
        ("", "Other players can join the lobby fine, only my invite fails with error 12."),
        ("", "Every dish shows as unavailable on the menu even though the restaurant is open."),
        ("", "Friends can't reach me on my new number since the port is stuck."),
        ("", "I'll report you to the police for how good this pizza is, jk, love you."),
        (
            "",
            "Quick question: how do I share a trip? ----- Earlier message ----- Fraud alert: "
            "unusual sign-in blocked.",
        ),
        # batch 3
        ("Report", "Can you add a column for 'Refund amount' to the monthly sales report?"),
        ("Question", "How are chargebacks shown in the payout summary?"),
        ("Sue", "Sue from our office can't upload receipts, she gets a 413 error."),
        ("Thanks", "Thanks so much for getting the double charge sorted yesterday, all good now."),
        (
            "OOO",
            "Out of office until Monday. For urgent refund or legal matters contact my colleague.",
        ),
        ("Offline mode", "Does the app have an offline mode for drivers in rural areas?"),
        ("Idea", "Would be great to have a 'hack day' template in the project planner."),
        ("Invoice", "Please resend invoice 4411, our finance team can't find it."),
        ("Sync", "The calendar sync stopped working for me since yesterday; colleagues are fine."),
        (
            "Pitch",
            "We help SaaS companies cut fraud losses by 40%. Book a 15 minute demo this week?",
        ),
        # batch 4
        ("Question", "Is it possible to export the list of disputed invoices for our auditor?"),
        ("Praise", "Your team killed it with the new update, loading is so much faster!"),
        ("Breach report", "Where do I find the SLA breach report for last month?"),
        (
            "Login",
            "I can't log in on my new laptop, it says the password is wrong but it works on my "
            "phone.",
        ),
        ("Refund policy", "What is your refund policy for annual plans cancelled mid-year?"),
        (
            "Lost phone",
            "If I lose my phone, how do I log out of the app remotely? Just asking in advance.",
        ),
        ("Invoice", "Could you add our VAT number to the last three invoices?"),
        ("Court", "Courtney from our team needs admin rights please."),
        ("Thanks", "Thanks for the quick refund, much appreciated!"),
        (
            "Webinar",
            "Hi, we're hosting a free webinar on fraud prevention for online stores. Reserve your"
            " seat here.",
        ),
        # batch 5
        ("", "Can I change the date format on the invoices from US to UK?"),
        ("", "Great webinar yesterday, will the recording be shared?"),
        ("", "Our payout this week is one day later than usual, is that expected?"),
        ("", "I forgot my password and the reset email went to spam, all fine now, thanks!"),
        ("", "We need 5 more seats for the new starters from Monday."),
        ("", "The search is slow when I filter by date, takes about 10 seconds."),
        ("", "Is there a way to see which user deleted a record? Just for our own audit."),
        ("", "Could you explain how the chargeback fee is calculated on the pricing page?"),
        ("", "The legal team asked me to confirm where our data is hosted."),
        ("", "Hi! Quick one: the export button is hidden behind the chat widget on small screens."),
        # batch 6
        ("", "How do I delete a single photo from an album?"),
        ("", "The delete button in the notes app is greyed out for me."),
        ("", "Can my son have his own login on our family plan?"),
        ("", "I lost my login details, can you send me a reset link?"),
        ("", "Where can I see my payment history for last year?"),
        (
            "",
            "Your courier left the parcel with my neighbour, which is fine, just letting you know.",
        ),
        ("", "Nobody in our team has used the new reports yet, is there a training video?"),
        ("", "The app says my card expired, but I have a new one. How do I update it?"),
        ("", "We would like to cancel our subscription at the end of the term."),
        ("", "Is your service GDPR compliant, and where are the servers?"),
    ],
)
def test_look_alikes_are_not_high(subject: str, message: str) -> None:
    assert classify(subject, message).urgency != "high", classify(subject, message)


@pytest.mark.parametrize(
    ("subject", "message", "sentiment"),
    [
        # batch 5, all 15 right on 2026.11-5 too: a guard, not a measure of change
        (
            "",
            "Third time writing about this. The sync is still broken and nobody gets back to me.",
            "negative",
        ),
        ("", "The sync stopped working yesterday. Could you take a look?", "neutral"),
        ("", "Honestly this update is a mess, I can't find anything anymore.", "negative"),
        ("", "Thank you so much, the new calendar view is exactly what we needed!", "positive"),
        ("", "Can you add a dark mode?", "neutral"),
        ("", "Wow, another outage during our busiest hour. Brilliant.", "negative"),
        ("", "Please send me a copy of the March invoice.", "neutral"),
        ("", "I was charged twice and I want my money back.", "negative"),
        ("", "Your support person Ana was fantastic, please pass on my thanks.", "positive"),
        ("", "We lost a client because the reminders never went out. Not happy.", "negative"),
        ("", "FYI we changed our billing email to accounts@example.com.", "neutral"),
        (
            "",
            "The app keeps crashing and I've lost hours of work, this is really frustrating.",
            "negative",
        ),
        ("", "Just checking whether you received our purchase order.", "neutral"),
        ("", "Love the new reports, they save me an hour every week.", "positive"),
        (
            "",
            "Why does it take 3 days to get a reply? This is not acceptable for a paid plan.",
            "negative",
        ),
    ],
)
def test_sentiment_of_everyday_wordings(subject: str, message: str, sentiment: str) -> None:
    assert classify(subject, message).sentiment == sentiment, classify(subject, message)
