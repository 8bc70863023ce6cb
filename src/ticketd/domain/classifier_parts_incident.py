"""Situation parts for security incidents: who acted, whether the customer
consented (to account changes and to payments), and what happened to the
account or a device. Money events are in ``classifier_parts_money``;
another customer's data, secrets and data exposed in
``classifier_parts_privacy``.

Each part is a small vocabulary (a ``Rule`` with ``part=True``), matched in
a layer of its own where overlaps are kept; ``classifier_situations``
composes them into situations ("someone else" + "a sign-in" in neighbouring
sentences is an account takeover). Neutralising phrases are parts too:
"can someone", "if someone", "every time" swallow the shorter part they
contain, so a hypothetical or a request is not read as an incident.
"""

from __future__ import annotations

from ticketd.domain.classifier_rules import Rule, combine, kw

__all__ = ["INCIDENT_PARTS"]

_AGENT_VERBS = (
    "logged | logs | signed | accessed | use | uses | used | using | made | tried | trying | got"
    " | has | had"
    " | is | was | has been | have been | keeps | kept | transferred | moved | withdrew | bought"
    " | ordered | added | created | deleted"
    " | reset | disabled | turned | exported | downloaded | took | stole | gained | entered"
    " | opened | viewed | sent | paid | purchased | booked | removed | updated | registered"
    " | changed | knows | knew | rang | called | emailed | enter | entered | enters | went into"
    " | got into | get into | broke into | logging | signing | accessing | registered | linked"
    " | connected | paired | requested | posted | shared | leaked | published | uploaded"
    " | redirected | rerouted | diverted | swapped | replaced | edited | redirects | diverts"
    # Learner English keeps the verb's base form: "somone chang my pasword".
    " | change | changes | chang | delete | deletes | buys | enter | enters | login | access"
    " | steal | steals | remove | removes | reads | posts"
    " | seems to have | seem to have | appears to have | must have | might have | may have"
    " | somehow"
)
_DEVICES = (
    "phone | laptop | ipad | tablet | device | mobile | computer | iphone | macbook | pc"
    " | smartphone | handset | notebook | work phone | samsung | pixel | galaxy | huawei"
    " | oneplus | chromebook | kindle | android"
)
# fmt: off
INCIDENT_PARTS: tuple[Rule, ...] = (
    # --- who ------------------------------------------------------------------
    Rule("who_stranger", kw(
        someone_else=(combine("someone | somebody | some one", _AGENT_VERBS)
                      + " | someone else | somebody else | someone elses | somebody elses"
                      " | someone in | somebody in"
                      " | a stranger | strangers | an intruder"
                      " | an attacker | attackers | a third party | unknown person | unknown payee"
                      " | unknown device | unknown ip | unknown location | unknown number"
                      " | unknown country | unknown login | unknown address | unknown card"
                      " | some guy | my ex | is someone | someone trying | stranger | strangers"
                      " | intruder | intruders | stranger in | someone inside | somebody inside"
                      # "Who is this Ahmed in my admins list?"
                      " | who is this | who are these | who is that | who added | who changed"
                      " | who created | who logged | who bought | who ordered | who transferred"
                      " | who reset | who removed | who deleted"
                      " | somebody trying | a user called | nobody here knows | nobody knows"
                      " | nobody recognises | whom nobody | a sign in from | a sign-in from"
                      " | a login from | a log in from | logins from | sign ins from"
                      " | signed in from | logged in from | new sign in | new login"
                      " | accessed from | access from | used from | activity from | logins in"
                      " | new device signed in | login attempt~ | sign in attempt~"
                      " | trying to get into | trying to log into | tried to log into | "
                      + combine(
                          "person | someone | somebody | user | people | member | guy | man"
                          " | woman | payee | device | number | address | name | account | adults"
                          " | men | women | strangers | users | accounts",
                          "i dont know | we dont know | i do not know | we do not know"
                          " | i dont recognise | we dont recognise | i dont recognize"
                          " | we dont recognize | nobody knows | nobody here knows"
                          " | i have never met | ive never met | i never met | we have never met"
                          " | she doesnt know | he doesnt know | they dont know | she does not know"
                          " | he does not know | they do not know"
                          " | weve never met",
                      ))),
        part=True, report=False),
    Rule("former_member", kw(
        former_member=("former employee | former contractor | former partner | former colleague"
                       " | former staff | former user | former member | former business partner"
                       " | ex employee | ex contractor | ex colleague | ex partner | ex staff"
                       " | engagement ended | no longer works for | no longer with us"
                       " | who resigned | who left | who quit | was fired | was let go"
                       " | was dismissed | who was dismissed | has resigned | a leaver"
                       " | on his last day | on her last day | on their last day"
                       " | left the company | left the business | left the team | left the firm"
                       " | left us | has left | have let go | let him go | let her go | my ex"
                       " | stopped working with | no longer work with | parted ways"
                       " | contract ended | contract finished | ended our contract"
                       " | ex husband | ex wife | ex partner | ex boyfriend | ex girlfriend"
                       " | ex employer | my former | we deactivated | was deactivated"
                       " | were deactivated | had deactivated | wed deactivated | offboarded"
                       " | we removed him | we removed her | we removed them"
                       " | removed him from | removed her from | removed them from"
                       " | let go of | we let go | had to let go | laid off | made redundant"
                       " | " + combine(
                           "intern | employee | contractor | colleague | assistant | freelancer"
                           " | temp | developer | bookkeeper | accountant | volunteer | consultant"
                           " | receptionist | manager | admin | worker | agency | agent | staff"
                           " | staff member | tutor | teacher | nurse | driver | cleaner | nanny"
                           " | dispatcher | operator | technician | engineer | clerk | cashier"
                           " | coordinator | supervisor | employee who"
                           " | tenant | housemate | flatmate | lodger",
                           "left | quit | resigned | departed | moved on | was let go | was fired"
                           " | was sacked | was dismissed | finished | has gone | stopped working"
                           " | no longer works | moved out"))),
        part=True, report=False),
    # "I only use a Mac", "I'm in Leeds and have an iPhone": the customer
    # says where and on what they sign in, against a notice of another.
    Rule("only_mine", kw(only_mine=(
        "i only use | i only have | we only use | i only ever use | i only log in from"
        " | i only sign in from | i use an | i have an | i only own | i dont own"
        " | i do not own | i dont have a | i do not have a | im in | i live in | im based in"
        " | we are based in | i have never used | ive never used"
        " | never been to")),
        part=True, report=False),
    Rule("new_device", kw(new_device=(
        "new device | device registered | registered device | device added | new phone"
        " | shipped to | delivered to | sent to an address | to an address in | orders to"
        " | sign in from | sign-in from | login from | log in from | logged in from"
        " | signed in from | access from | accessed from | logins from"
        # A notice of activity on a device: "last active on Android".
        " | last active | last activity | last seen | last login | last sign in"
        # Activity somewhere else: "three trips in Madrid".
        " | trips in | trip in | rides in | ride in | journeys in | bookings in | purchases in"
        " | transactions in | payments in | activity in | orders from")),
        part=True, report=False),
    Rule("still_active", kw(
        still_active=("still has access | still have access | still able | still logging"
                      " | still has | still have | still had"
                      " | logged into | signed into | logs into | logging into | signed on"
                      " | can still | could still | is still able | are still able | still open"
                      " | still see | still get into | still access | still accessing | still uses"
                      " | still using | still messaging | still sending | still posting"
                      " | still logging in | still receiving | still gets | still getting"
                      " | export | exports | download | downloads | login of | under the login"
                      " | was used | been used | were used | activity"
                      " | still logs | still signed | still logged | still can | is still logging"
                      " | logged in | signed in | opened | viewed | accessed | exported"
                      " | downloaded | edited | changed")),
        part=True, report=False),
    Rule("family_member", kw(
        family_member=("my son | my daughter | my kid | my kids | my child | my children"
                       " | my year old | year old | my husband | my wife | my partner"
                       " | my flatmate | my roommate")),
        part=True, report=False),
    Rule("who_neutral", kw(
        hypothetical=("can someone | could someone | would someone | will someone | if someone"
                      " | when someone | whenever someone | in case someone | someone from your"
                      " | someone on our | someone in our | someone at your | someone who can"
                      " | someone to | somebody from your | somebody on our | somebody in our"
                      " | someone on my | someone in my | someone from our | have someone"
                      " | get someone | unknown error | unknown reason | unknown reasons"
                      " | unknown issue | unknown column | unknown field | unknown status"
                      " | unknown format | every time | each time | everytime | how do i"
                      " | every single time | every single day | every time i"
                      " | how can i | is there a way | if i log in from | log in from a new"
                      " | need a new | needs a new | want a new | create a new | get a new"
                      " | make a new | set up a new | request a new | can anyone | could anyone"
                      " | does anyone | has anyone | is anyone")),
        part=True, report=False,
        cancels=("who_stranger", "everyone_all", "not_me_account", "not_me_money")),
    # The other side of a conversation, not another customer: "it appears
    # twice for the other person".
    Rule("conversation_partner", kw(conversation_partner=(
        "the other person | the other user | the other side | the other end | the other party"
        " | the person i | the people i")),
        part=True, report=False, cancels=("other_party",)),
    # --- what happened ----------------------------------------------------------
    Rule("account_event", kw(
        account_event=("sign in~ | signed in | sign-in~ | signin~ | log in~ | logged in"
                       " | logged into | logging in | login~ | log on | logon | logs into"
                       " | logs in | session~ | password~ | passcode | email address"
                       " | login email | account email | 2fa | mfa | two factor"
                       " | two step | two-step verification | verification code~ | security code~"
                       " | mobile number | phone number | bank details | bank account"
                       " | payee~ | beneficiary | new user | new admin | owner role | admin role"
                       " | access token~ | api key~ | api token~ | token~ | export~"
                       " | forwarding rule | forwards | delivery address | recovery email"
                       " | shipping address | my deliveries | my parcels | admins | admin list"
                       " | account was used | account has been used | account got used"
                       " | login was used | credentials were used | password was used"
                       " | admins list | user list | users list | members list | team list"
                       " | security question~ | security answer~ | memorable word"
                       " | security settings | my account | our account | admin account"
                       " | activity log | audit log | into my account | into our account"
                       " | member of | added to | joined | invited to | listed as | profile"
                       " | saved card | new card | payment method | sso | single sign on"
                       " | settings | permissions | role | roles | switched off | turned off"
                       " | disabled | message from my account | messages from my account"
                       " | sent from my account | forwarded | forwarding | redirected | sim | esim"
                       " | sim card | my number | ported | new device | device registered"
                       " | registered device | device added | new phone | linked device"
                       " | ssh key~ | deploy key~ | signing key~ | access key~ | app password~"
                       " | accessed | been accessed | was accessed | account accessed | shipping"
                       " address | billing address | address changed | recovery phone"
                       " | authorised user | connected app~ | integration added | webhook added"
                       " | webhook | a webhook | new webhook | pin | a pin | new pin"
                       " | login of | under the login | his login | her login | their login"
                       " | member named | user named | member called | user called | account named"
                       " | account called | admin named | admin called | joint account"
                       " | push notification | mfa push | login request | login approval"
                       " | approval request | sign in request | verification request"
                       " | authentication request | login prompt | posts | posted | posting"
                       " | archive | data archive | account archive | backup file | data download"
                       " | download link | my activity | activity on my | listening activity"
                       " | watch history | viewing history | play history | recently played"
                       " | listening history | pin | new pin | pin code | ownership"
                       " | owner was | owner has been | transferred to | "
                       + combine("email | password | phone number | number | pin | address"
                                 " | name | username | recovery email | phone | details"
                                 " | photos | pictures | profile picture | profile photo | bio",
                                 "was changed | has been changed | got changed | were changed"
                                 " | changed to | is changed | were swapped | was swapped"
                                 " | swapped | were replaced | was replaced | replaced with"
                                 " | was updated | has been updated | was reset | has been reset"
                                 " | was modified | has been modified | updated successfully"
                                 " | have been swapped | has been swapped | have been changed"))),
        part=True, report=False),
    Rule("sensitive_detail", kw(
        sensitive_detail=("bank account | bank details | bank info | payee~ | sort code | iban"
                          " | account number | routing number | payout account | payout details"
                          " | payment details | salary account | email address | login email"
                          " | account email | recovery email | password~ | phone number"
                          " | mobile number | 2fa | two factor | mfa | authenticator"
                          " | direct deposit | deposit details | banking details | bank information"
                          " | payroll details | pay details | salary details | payment information"
                          " | payout method | payment info | bank info | security question~"
                          " | security answer~ | secret question~ | memorable word"
                          " | memorable information | recovery phone | recovery number")),
        part=True, report=False),
    Rule("device", kw(device=_DEVICES), part=True, report=False),
    # A policy or a how-to about losing things, not a loss: "where do drivers
    # report a lost or stolen card", "what if my phone is stolen".
    Rule("loss_policy", kw(loss_policy=(
        "lost or stolen | stolen or lost | lost and stolen | lost stolen | report a lost"
        " | report a stolen | report lost | report stolen | if my card is | if a card is"
        " | if my phone is | if a phone is | in case my | in case of a lost | in case of a stolen"
        " | what if my | if it gets lost | if it gets stolen | if it is lost | if it is stolen"
        " | if i lose | if we lose | if someone loses | in case i lose | should i lose"
        " | if i ever lose | when i lose | if i lost | "
        + combine("if a customers | if a users | if someones | if somebodys | if a clients"
                  " | if a members | if a drivers | if an employees | if a staff members",
                  "card | phone | device | laptop"))),
        part=True, report=False, cancels=("device_gone", "card")),
    Rule("device_gone", kw(
        device_gone=("lost | stolen | stole | left | taken | sold | misplaced | missing | nicked"
                     " | snatched | robbed | pickpocketed | dropped | cant find | cloned"
                     " | skimmed")),
        part=True, report=False),
    Rule("still_signed_in", kw(
        still_signed_in=("signed in | logged in | still logged | still signed | sign it out"
                         " | log it out | sign out | log out | end all | end my sessions"
                         " | sessions | remotely | remote | wipe it | can open | is on it"
                         " | account on it | accounts on it | apps on it"
                         " | app on it | has access | have access | opens with | signed into"
                         " | logged into | no passcode | without a passcode | can see"
                         " | open on it | is open on | still open | logged on | signed on"
                         " | stays logged | stays signed")),
        part=True, report=False),
)
# fmt: on
