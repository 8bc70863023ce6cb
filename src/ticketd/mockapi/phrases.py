"""The wording of generated tickets: categories of support requests with
their subject and message templates, and the slot values that fill them.

Written the way customers write: calm questions, feature requests, billing
disputes, refund and chargeback demands, legal threats, GDPR requests,
outages, security reports, praise, and negated phrasings ("not urgent", "no
rush") that a keyword classifier must not mistake for urgency.
"""

from __future__ import annotations

import attrs

__all__ = ["CATEGORIES", "CLOSERS", "SLOTS", "Category"]


@attrs.frozen
class Category:
    """One kind of ticket: how often it occurs and how it is worded."""

    name: str  # stable id, e.g. "refund"
    weight: int  # relative frequency in generated data
    subjects: tuple[str, ...]  # subject templates (without "Issue ext-NNN: ")
    messages: tuple[str, ...]  # message templates
    statuses: tuple[tuple[str, int], ...] = (("open", 5), ("pending", 3), ("closed", 2))


SLOTS: dict[str, tuple[str, ...]] = {
    "product": (
        "the dashboard",
        "the mobile app",
        "the reporting module",
        "the API",
        "the billing portal",
        "the admin console",
        "the Slack integration",
        "the CSV importer",
    ),
    "feature": (
        "dark mode",
        "SSO with Okta",
        "scheduled PDF reports",
        "bulk ticket export",
        "custom fields on contacts",
        "a webhook for closed tickets",
        "two-factor authentication via hardware keys",
        "per-team dashboards",
    ),
    "amount": (
        "$49.00",
        "$129.00",
        "$499.00",
        "$1,250.00",
        "EUR 89.00",
        "$2,400.00",
        "GBP 310.00",
        "$75.50",
    ),
    "invoice": ("INV-20417", "INV-20988", "INV-31150", "INV-31702", "INV-40233", "INV-40871"),
    "name": (
        "Maria",
        "James",
        "Aisha",
        "Tomasz",
        "Priya",
        "Lukas",
        "Sofia",
        "Kenji",
        "Fatima",
        "Daniel",
    ),
    "company": (
        "Northwind",
        "Acme Logistics",
        "Bluebird Health",
        "Orbit Retail",
        "Fjord Analytics",
        "Lumen Schools",
    ),
    "days": ("two", "three", "five", "ten", "fourteen"),
    "count": ("12", "40", "250", "about 30", "over 500", "all 85"),
    "error": (
        "HTTP 502 Bad Gateway",
        "error code E-1042",
        "a blank white page",
        "'Something went wrong'",
        "a 500 Internal Server Error",
        "a timeout after 30s",
    ),
    "region": ("EU-West", "US-East", "our Frankfurt workspace", "the APAC region"),
    "integration": ("Salesforce", "HubSpot", "Zendesk", "Jira", "Shopify", "Stripe"),
}

CLOSERS = (
    "Thanks, {name}",
    "Best regards, {name} ({company})",
    "Cheers, {name}",
    "Kind regards, {name}",
    "{name} from {company}",
    "Thank you in advance. {name}",
)

CATEGORIES: tuple[Category, ...] = (
    Category(
        "question",
        14,
        (
            "How do I export reports to CSV?",
            "Question about user roles",
            "Where can I change the invoice address?",
            "Can we add more seats mid-cycle?",
            "How does the {integration} sync handle duplicates?",
            "Quick question about {product}",
        ),
        (
            "Hi, could you tell me how to export last month's reports from {product}? "
            "I looked in the settings but could not find it.",
            "Hello, we would like to give read-only access to {count} colleagues. "
            "Which role should we use?",
            "Hi team, is it possible to change the billing address on future invoices? "
            "Nothing wrong with the current one, just moving offices.",
            "Quick question: does {product} support time zones per user? "
            "No rush, whenever you have a moment.",
        ),
        (("open", 4), ("pending", 3), ("closed", 4)),
    ),
    Category(
        "feature_request",
        10,
        (
            "Feature request: {feature}",
            "Suggestion: support for {feature}",
            "Would love to see {feature}",
            "Any plans for {feature}?",
        ),
        (
            "It would be great if {product} offered {feature}. "
            "Our team of {count} would use it daily.",
            "We are evaluating an upgrade and {feature} is the main thing we miss. "
            "Is it on the roadmap?",
            "Not urgent at all, but {feature} would save us hours every week.",
        ),
        (("open", 6), ("pending", 2), ("closed", 2)),
    ),
    Category(
        "not_urgent",
        8,
        (
            "Not urgent: typo on the invoice footer",
            "Low priority: small layout glitch",
            "No rush - minor display issue in {product}",
            "Not a big deal: sorting order",
        ),
        (
            "This is not urgent, but the footer of invoice {invoice} says 'Thnak you'.",
            "No rush on this one. The chart legend in {product} overlaps on small screens.",
            "Not critical and nothing is broken, just noticed the list sorts by first name "
            "instead of last name.",
            "This is not a security issue, just a question about how long sessions last.",
        ),
        (("open", 4), ("pending", 2), ("closed", 4)),
    ),
    Category(
        "bug",
        10,
        (
            "{product} shows {error}",
            "Export button does nothing",
            "Search results are missing tickets",
            "Sync with {integration} stopped",
        ),
        (
            "Since yesterday {product} shows {error} when I open the reports tab. "
            "Tried two browsers.",
            "When I click Export nothing happens. No file, no message. Affects {count} users.",
            "The {integration} sync stopped updating {days} days ago. Could you take a look?",
        ),
    ),
    Category(
        "billing_dispute",
        8,
        (
            "Charged twice for invoice {invoice}",
            "Wrong amount on invoice {invoice}",
            "Billing error: {amount} charged after downgrade",
            "Dispute of charge {amount}",
        ),
        (
            "We were charged {amount} twice this month for invoice {invoice}. "
            "Please correct this, it is not acceptable.",
            "Invoice {invoice} bills us for {count} seats but we only have 12 active users. "
            "I dispute this charge.",
            "We downgraded {days} days ago and were still billed {amount}. This is frustrating.",
        ),
    ),
    Category(
        "refund",
        7,
        (
            "Refund request for {invoice}",
            "I want a refund",
            "Requesting refund of {amount}",
            "Refund now - service not delivered",
        ),
        (
            "I demand a full refund of {amount} for {invoice}. The service has not worked "
            "for {days} days.",
            "Please refund the {amount} charged on {invoice}. We cancelled before renewal.",
            "This is the third time I ask: refund my money immediately or I will escalate.",
        ),
    ),
    Category(
        "chargeback",
        4,
        (
            "Chargeback incoming",
            "Filing a chargeback with my bank",
            "Disputing {amount} with my credit card company",
        ),
        (
            "You ignored {days} emails about {invoice}. "
            "I am filing a chargeback with my bank today.",
            "Unless {amount} is returned by Friday we will initiate a chargeback.",
        ),
        (("open", 7), ("pending", 3)),
    ),
    Category(
        "legal",
        4,
        (
            "Legal action regarding breach of contract",
            "Formal notice from our lawyer",
            "We will sue if this is not fixed",
        ),
        (
            "Your repeated outages are a breach of contract. Our lawyer is preparing a formal "
            "notice and we are considering legal action.",
            "Our legal department has been informed. Expect a letter from our attorney about "
            "the lost data.",
            "If this is not resolved this week we will take you to court. "
            "I am copying our general counsel.",
        ),
        (("open", 8), ("pending", 2)),
    ),
    Category(
        "gdpr",
        5,
        (
            "GDPR data deletion request",
            "Data subject access request (Art. 15 GDPR)",
            "Right to erasure request",
            "Request for a copy of my personal data",
        ),
        (
            "Under Article 17 GDPR I request the erasure of all personal data you hold about me.",
            "This is a data subject access request under GDPR. Please send a copy of all "
            "personal data within one month.",
            "Please delete my account and personal data; I withdraw my consent to processing.",
        ),
        (("open", 6), ("pending", 3), ("closed", 1)),
    ),
    Category(
        "outage",
        7,
        (
            "{product} is down",
            "URGENT: production outage",
            "Service unavailable in {region}",
            "Nobody can log in",
            "Everything is down for {company}",
        ),
        (
            "{product} has been down for 40 minutes, all {count} of our agents are blocked. "
            "Urgent!",
            "We get {error} on every request in {region}. Production is down and customers "
            "are affected.",
            "Critical: nobody on our team can log in since 9:00. This is blocking our business.",
        ),
        (("open", 8), ("pending", 1), ("closed", 1)),
    ),
    Category(
        "security",
        4,
        (
            "Security vulnerability report",
            "Possible data breach",
            "Account compromised?",
            "Suspicious logins from unknown IPs",
        ),
        (
            "I found a stored XSS vulnerability in {product}: a crafted contact name runs "
            "script in the admin console.",
            "We see logins from unknown IP addresses on {count} accounts. "
            "We think our account was hacked.",
            "A customer's personal data appeared in another tenant's export. "
            "This looks like a data breach.",
        ),
        (("open", 8), ("pending", 2)),
    ),
    Category(
        "account_access",
        6,
        (
            "Locked out of my account",
            "Password reset email never arrives",
            "2FA device lost",
            "Cannot invite new users",
        ),
        (
            "I have been locked out after the password reset and the email never arrives.",
            "I lost my phone with the authenticator. How can I regain access to {company}'s "
            "workspace?",
            "Invites to {count} new colleagues bounce with {error}.",
        ),
    ),
    Category(
        "performance",
        5,
        (
            "{product} is very slow",
            "Reports take minutes to load",
            "Slow sync with {integration}",
        ),
        (
            "Since the last update {product} takes over a minute to load. It used to be instant.",
            "Loading the monthly report now takes 3 minutes and sometimes ends with {error}.",
        ),
    ),
    Category(
        "cancellation",
        4,
        (
            "Considering cancelling our subscription",
            "Cancel my account",
            "Very disappointed with the service",
        ),
        (
            "After {days} days of problems we are seriously considering switching providers. "
            "Very disappointed.",
            "Please cancel our subscription at the end of the term. "
            "The product is terrible lately.",
        ),
    ),
    Category(
        "praise",
        6,
        (
            "Thank you!",
            "Great support experience",
            "Love the new {product}",
            "Kudos to {name}",
        ),
        (
            "Just wanted to say thanks to {name} for the quick help yesterday. Great service!",
            "The new version of {product} is fantastic, our team loves it.",
            "Everything works perfectly after the fix. Happy customer here.",
        ),
        (("closed", 7), ("open", 2), ("pending", 1)),
    ),
)
