"""Text preparation for the classifier: what of a ticket is the customer's
own words, and how it is split into words.

- ``normalise``: NFKC, typographic apostrophes made ASCII, apostrophes
  dropped ("don't" -> "dont"), case-folded: the form patterns and tickets
  are compared in.
- ``own_words``: the message without text quoted from earlier messages
  (lines starting with ">", and everything from an "On ... wrote:" line, an
  "-----Original Message-----" line or a "From: / Sent:" header on) and
  without a confidentiality disclaimer at its end: neither is the
  customer's current request.
- ``tokenise``: words, clause punctuation and currency signs (an amount
  is a money word); a line break is a sentence break.
- ``shouting``: two or more all-capitals words that are not acronyms, or
  "!!", "??"; ``asked``: whether a word's sentence ends with a question mark.
- ``names_a_field``, ``is_person_name`` and ``after_naming``: whether a
  cue word, as written, names a report, a field, a person or a thing
  rather than saying the cue; ``their_customer``: whether a money cue is
  the customer's own customers' business ("one of our customers disputes").
"""

from __future__ import annotations

import re
import string
import unicodedata

from ticketd.domain.classifier_rules import ACRONYMS, FIELD_NOUNS, NAME_LEADS, OBJECTS

__all__ = [
    "SENTENCE_ENDS",
    "after_naming",
    "asked",
    "forwarded",
    "is_person_name",
    "names_a_field",
    "normalise",
    "original_tokens",
    "own_words",
    "shouting",
    "their_customer",
    "tokenise",
]

# A full stop inside a word ("name@example.com", "v4.2") is not a sentence end.
_TOKEN = re.compile(r"\w+|[,;:!?\n£$€]|\.(?!\w)")
# ASCII text is split by C string methods instead, to the same tokens
# (``_ascii_tokens``): a full stop before a word character is a separator,
# the other full stops and the clause marks are padded with spaces, every
# other character that is not a word character becomes a space.
_INNER_DOT = re.compile(r"\.(?=\w)", re.ASCII)
_PADDED = tuple((mark, f" {mark} ") for mark in ",;:!?\n$")
_KEPT = frozenset(string.ascii_letters + string.digits + "_ .,;:!?\n$")
_SEPARATORS = bytes.maketrans(
    bytes(c for c in range(128) if chr(c) not in _KEPT),
    bytes(32 for c in range(128) if chr(c) not in _KEPT),
)
# Typographic apostrophes become ASCII before apostrophes are dropped.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
# An e-mail or web address or an API path names a mailbox, a page or an
# endpoint, whatever words it holds ("sue.oakley@...", "POST /v2/refunds"):
# not the customer's words.
_ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*|(?:https?://|www\.)\S+|(?<!\w)(?:/[\w.{}:-]+){2,}"
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*(?:\n|$)", re.MULTILINE)
# An "On ... wrote:" line directly above quoted (">") lines introduces them:
# the text after the quote is the customer's reply (bottom or inline posting).
_QUOTE_HEADER = re.compile(
    r"^[ \t]*On\b[^\n]{0,200}?\bwrote:?[ \t]*\n(?=[ \t]*>)", re.MULTILINE | re.IGNORECASE
)
_REPLY_HEADER = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,200}?\bwrote:?"
    r"|-{2,}\s*(?:(?:Original|Earlier|Previous) (?:Message|e-?mail)"
    r"|Urspr[üu]ngliche Nachricht|Original-?Nachricht|Message d.origine|Message original"
    r"|Mensaje original|Messaggio originale|Mensagem original|Oorspronkelijk bericht"
    r"|Ursprungligt meddelande|Oprindelig meddelelse|Opprinnelig melding|Alkuperäinen viesti"
    r"|Oryginalna wiadomość|Wiadomość oryginalna)\s*-{2,}"
    r"|_{8,}|(?:From|Von|De|Da|Van|Från|Fra|Od|Lähettäjä) ?:[^\n]*\n(?:[^\n]*\n)?[ \t]*"
    r"(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado(?: el)?|Fecha|Inviato|Data|Verzonden"
    r"|Skickat|Sendt|Wysłano|Lähetetty) ?:"
    r"|(?:CONFIDENTIALITY|DISCLAIMER|IMPORTANT)\b[^\n]{0,20}:"
    r"|This (?:e-?mail|message)(?: and any attachments?)? (?:is|are|may be)"
    r" (?:confidential|intended))",
    re.MULTILINE | re.IGNORECASE,
)
# A forwarded message as mail clients mark it, in several languages
# ("---------- Forwarded message ---------", "Begin forwarded message:",
# "-----Weitergeleitete Nachricht-----", "-------- Message transféré
# --------"): what follows is someone else's text the customer passes on.
_FORWARD = re.compile(
    r"^[ \t]*(?:-{2,}\s*(?:Forwarded (?:message|e-?mail)|Weitergeleitete Nachricht"
    r"|Message transf[ée]r[ée]|Mensaje reenviado|Messaggio inoltrato|Mensagem encaminhada"
    r"|Doorgestuurd bericht|Vidarebefordrat meddelande|Videresendt (?:meddelelse|melding)"
    r"|Välitetty viesti|Przekazana wiadomość)\s*-{2,}"
    r"|(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht"
    r"|Début du message réexpédié|Inicio del mensaje reenviado) ?:)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# Where a decimal amount without a currency sign starts: digits, a point or
# comma and exactly two digits, not inside a word, a version or a time.
# A zero amount ("show 0.00") stays a count of nothing. Candidates are
# found by their decimal point (a literal first, which the regex engine
# scans for quickly); the amount is then checked where its digits start.
# A decimal comma ("12,50") is not read: it is rarely written without a
# sign, and looking for it would cost every ticket a second scan.
_DECIMALS = re.compile(r"\.[0-9][0-9](?![0-9])")
_BARE_AMOUNT = re.compile(
    r"(?=\d)(?<![\w.,£$€])(?<!at )(?<!version )(?<!v )(?!0+[.,]00)"
    r"(?=(?:\d{1,3}(?:,\d{3})+|\d{1,7})[.,]\d\d(?!\w|[.,:]\w)(?! ?[ap]m\b|h\b))"
)
# A reply line as mail clients write it in other languages ("Le ... a
# écrit :", "Am ... schrieb ...:", "El ... escribió:"): read only where a
# line ends with a colon (its own regex, so other messages never pay for it).
_FOREIGN_REPLY = re.compile(
    r"^[^\n]{0,200}?\b(?:a écrit|escribió|escreveu|schrieb|ha scritto|schreef|skrev"
    r"|kirjoitti|napisał)[^\n]{0,60}?:[ \t]*$",
    re.MULTILINE,
)
SENTENCE_ENDS = frozenset({".", "!", "?", "\n"})
# An all-capitals word of three or more letters (\b[A-Z]{3,}\b), written
# to start with the letters so the regex engine scans for them quickly.
_CAPS_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,}\b")
# Capital letters as "A", every other byte as "a": a ticket whose UTF-8
# form mapped so (a byte of a multibyte character is never ASCII) holds no
# "AAA" has no three capitals in a row, so no all-capitals word.
_CAPITALS = bytes(0x41 if 0x41 <= b <= 0x5A else 0x61 for b in range(256))
_NAMING_LINKS = frozenset({"for", "called", "named", "titled", "labelled"})
_LISTS = frozenset({"list", "export", "total", "summary", "overview", "csv", "count", "column"})


def normalise(text: str) -> str:
    """The form patterns and tickets are compared in: NFKC, no apostrophes,
    case-folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return text.replace("'", "").casefold()


def own_words(message: str) -> str:
    """The message without quoted earlier messages. Cheap when there is
    nothing to strip (one substring test per marker)."""
    if ">" in message:
        if "wrote" in message:
            message = _QUOTE_HEADER.sub("", message)
        message = _QUOTED_LINE.sub("", message)
    if ":\n" in message or (
        "wrote" in message
        or "Original" in message
        or "--" in message
        or "From:" in message
        or "Gesendet" in message
        or "Envoy" in message
        or "Enviado" in message
        or "Inviato" in message
        or "Verzonden" in message
        or "____" in message
        or "CONFIDENTIAL" in message
        or "DISCLAIMER" in message
        or "This e" in message
        or "This message" in message
    ):
        header = _REPLY_HEADER.search(message)
        if ":\n" in message:
            foreign = _FOREIGN_REPLY.search(message)
            if foreign is not None and (header is None or foreign.start() < header.start()):
                header = foreign
        if header is not None and header.start() > 0:
            message = message[: header.start()]
        elif header is not None:
            message = message[header.end() :]
    return message


def forwarded(message: str) -> tuple[str, str]:
    """The message split at a forwarded-message marker: the customer's
    words above it and the forwarded text below it ("" when there is no
    marker). Cheap when there is none (a few substring tests)."""
    if (
        "--" in message
        or "orward" in message
        or "eitergeleitet" in message
        or "xpédié" in message
        or "reenviado" in message
    ):
        mark = _FORWARD.search(message)
        if mark is not None:
            return message[: mark.start()], message[mark.end() :]
    return message, ""


def without_addresses(text: str) -> str:
    """The text with e-mail and web addresses and API paths blanked out.
    Cheap when there is none (three substring tests)."""
    if "@" in text or "/" in text or "www." in text:
        return _ADDRESS.sub(" ", text)
    return text


def tokenise(text: str) -> list[str]:
    """Words and clause punctuation of already normalised text; a decimal
    amount without a currency sign ("my 3.99 back", "1,299.00") reads as one
    with a sign ("£ 3 99"), not a time ("at 10.30") or a version."""
    if _DECIMALS.search(text) is not None:
        text = _with_signs(text)
    if text.isascii():
        return _ascii_tokens(text)
    return _TOKEN.findall(text)


def _ascii_tokens(text: str) -> list[str]:
    """``_TOKEN.findall(text)`` for ASCII text, by C string methods: about
    half the instructions of the regex engine, which tries its pattern at
    every word."""
    if "." in text:
        text = _INNER_DOT.sub(" ", text).replace(".", " . ")
    for mark, padded in _PADDED:
        if mark in text:
            text = text.replace(mark, padded)
    return list(filter(None, text.encode().translate(_SEPARATORS).decode().split(" ")))


def _with_signs(text: str) -> str:
    """``text`` with "£ " before each decimal amount that has no sign."""
    pieces: list[str] = []
    done = 0
    for decimals in _DECIMALS.finditer(text):
        start = decimals.start()
        while start > 0 and (text[start - 1].isdigit() or text[start - 1] == ","):
            start -= 1
        if start < decimals.start() and _BARE_AMOUNT.match(text, start) is not None:
            pieces.append(text[done:start])
            pieces.append("£ ")
            done = start
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def shouting(text: str) -> bool:
    """Two or more all-capitals words that are not acronyms, or "!!" (also
    "??", "?!", "!?")."""
    if ("!" in text or "?" in text) and (
        "!!" in text or "??" in text or "?!" in text or "!?" in text
    ):
        return True
    if b"AAA" not in text.encode("utf-8", "surrogatepass").translate(_CAPITALS):
        return False  # most tickets: no need to look for the words
    loud = 0
    for word in _CAPS_WORD.findall(text):
        if word not in ACRONYMS:
            loud += 1
            if loud == 2:
                return True
    return False


def asked(tokens: list[str], start: int) -> bool:
    """Whether the sentence holding ``tokens[start]`` ends with a question mark."""
    for token in tokens[start:]:
        if token in SENTENCE_ENDS:
            return token == "?"
    return False


def original_tokens(text: str) -> list[str]:
    """The same tokens as ``tokenise(normalise(text))``, with their case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _TOKEN.findall(text.replace("'", ""))


def names_a_field(tokens: list[str], start: int, length: int) -> bool:
    """Whether the cue at ``tokens[start:start + length]`` is part of the
    name of a report, metric, field, setting or view ("the SLA breach
    report", "Refund reason field", "Disputes & Chargebacks report"): a
    field noun follows it, possibly after one more word."""
    end = start + length
    if end < len(tokens) and tokens[end] in FIELD_NOUNS:
        return True
    # "a column for Refund amount", "a field called Breach date", "the list
    # of disputed invoices".
    if start >= 2:
        link, noun = tokens[start - 1], tokens[start - 2]
        if (link in _NAMING_LINKS and noun in FIELD_NOUNS) or (link == "of" and noun in _LISTS):
            return True
    return end + 1 < len(tokens) and tokens[end].isalpha() and tokens[end + 1] in FIELD_NOUNS


def is_person_name(tokens: list[str], cased: list[str], start: int) -> bool:
    """Whether the one-word cue at ``tokens[start]`` is written as a
    person's name ("ask Sue", "Emily Hacker", "Thanks, Sue", "Sue in
    accounts"): capitalised but not all capitals (that is shouting), inside
    a sentence of a line that is not in Title Case, or at a sentence start
    followed by a surname or a word that follows names; never when an
    object follows ("Sue you")."""
    if len(cased) != len(tokens):
        return False
    word = cased[start]
    if not word[:1].isupper() or word.isupper():
        return False
    end = start + 1
    following = tokens[end] if end < len(tokens) else ""
    if following in OBJECTS:
        return False
    in_subject = "." not in tokens[:start]
    if in_subject and _named_in_message(cased, start):
        return True
    previous = tokens[start - 1] if start else "."
    if (previous in SENTENCE_ENDS or not start) and following in SENTENCE_ENDS | {""}:
        return True  # a capitalised word on its own: a greeting or a signature
    if previous in SENTENCE_ENDS or previous in (",", ":", ";"):
        if previous == "," and start >= 2 and tokens[start - 2] in NAME_LEADS:
            return True
        after = cased[end] if end < len(cased) else ""
        return bool(after[:1].isupper() and not after.isupper()) or following in _NAME_FOLLOWERS
    # Title Case is a subject-line habit ("Account Hacked Last Night"); in
    # the message (after the subject's sentence break) capitals mark names.
    return not (in_subject and _title_case_line(cased, start))


def _named_in_message(cased: list[str], index: int) -> bool:
    """Whether the message writes a capitalised subject word as a name too:
    capitalised inside a sentence ("is your 'Brilliant' plan ..."), or with
    the same capitalised neighbour ("Importing from Great Plains" / "Great
    Plains accounting"): a name the message confirms."""
    word = cased[index]
    after = cased[index + 1] if index + 1 < len(cased) else ""
    pair = after[:1].isupper() and not after.isupper()
    body = cased.index(".") if "." in cased else len(cased)
    for i in range(body + 1, len(cased)):
        if cased[i] != word:
            continue
        if cased[i - 1] not in SENTENCE_ENDS or (pair and cased[i + 1 : i + 2] == [after]):
            return True
    return False


_NAME_FOLLOWERS = frozenset({
    "in", "from", "at", "said", "says", "asked", "mentioned", "told", "wrote", "who", "on",
    "and", "s", "has", "was", "will", "is", "here", "thinks", "called", "sent", "cant",
    "can", "cannot", "couldnt", "could", "would", "needs", "wants", "tried", "does",
    "doesnt", "isnt", "got", "gets", "should", "did", "didnt", "had",
})  # fmt: skip


def _title_case_line(cased: list[str], index: int) -> bool:
    """Whether the line around ``cased[index]`` is written in Title Case
    (a subject line such as "Account Hacked Last Night"), where capitals
    say nothing about names."""
    start = index
    while start > 0 and cased[start - 1] not in SENTENCE_ENDS:
        start -= 1
    end = index
    while end + 1 < len(cased) and cased[end + 1] not in SENTENCE_ENDS:
        end += 1
    words = [w for w in cased[start : end + 1] if w.isalpha() and len(w) > 3]
    if len(words) < 2:
        return True
    return sum(w[0].isupper() for w in words) * 3 >= len(words) * 2


_NAMING = frozenset({"called", "named", "titled", "entitled", "call", "calls", "labelled"})
# A capitalised cue at most this many words after a naming word is part of
# the name ("a report called Terminations & Breaches").
_NAME_REACH = 3
# A money cue whose subject is the merchant's own customer ("when one of our
# customers disputes an invoice"): the customer's business, not a demand.
_THEIR_CUSTOMERS = frozenset({
    "customer", "customers", "client", "clients", "buyer", "buyers", "shopper", "shoppers",
    "guest", "guests", "patient", "patients", "member", "members", "tenant", "tenants",
})  # fmt: skip
_OWNERS = frozenset({"our", "my", "of", "a", "one"})
# "How do refunds show up", "how are chargebacks handled": a question about
# the topic, not a demand ("how can I get a refund" and "where is my money"
# are not).
_ASKING_HOW = frozenset({"how"})
_AUXILIARIES = frozenset({"do", "does", "are", "the", "to", "can", "i", "we", "would"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def after_naming(tokens: list[str], start: int) -> bool:
    """Whether a cue follows a naming word ("called", "we call") within a
    few words of the same sentence: capitalised, it is part of a name."""
    for j in range(start - 1, max(-1, start - 1 - _NAME_REACH), -1):
        if tokens[j] in _NAMING:
            return True
        if tokens[j] in SENTENCE_ENDS:
            return False
    return False


def their_customer(tokens: list[str], start: int) -> bool:
    """Whether a money cue has the merchant's own customer as its subject
    ("one of our customers disputes an invoice"), with no first-person
    subject of its own between, or is the topic of a how question ("how do
    refunds show up in the report")."""
    for j in range(start - 1, max(0, start - 6), -1):
        token = tokens[j]
        if token in SENTENCE_ENDS or token in _FIRST_PERSON:
            break
        if token in _THEIR_CUSTOMERS:
            if tokens[j - 1] in _OWNERS or tokens[j - 1] in _THEIR_CUSTOMERS:
                return True
            break
    j = start - 1
    while j >= 0 and tokens[j] in _AUXILIARIES:
        j -= 1
    return j >= 0 and tokens[j] in _ASKING_HOW


_OWN_HOW = frozenset({"how", "where"})


def asks_how_to_use(tokens: list[str], start: int) -> bool:
    """A how-to question about the customer's own use ("how do I",
    "how can we", "where do I"), as opposed to a seller's "can I send you"
    or "how can we help you": words a newsletter or pitch does not ask."""
    if tokens[start] not in _OWN_HOW:
        return False
    window = tokens[start + 1 : start + 3]
    return len(window) == 2 and window[0] in {"do", "can", "should"} and window[1] in {"i", "we"}


# A word of praise or progress alone in quotation marks says the opposite:
# the "improved" categories, the 'smart' inbox, the “new and better” editor.
_SCARE_WORDS = re.compile(
    r"(?:[\"\u201c\u201d]|(?<!\w)['\u2018])"
    r"(?:new and )?(?:improved|better|upgraded|smart|smarter|intelligent|helpful|fixed|great"
    r"|amazing|awesome|simplified|streamlined|easier|faster|modern|user[- ]friendly|seamless"
    r"|enhanced|optimi[sz]ed)"
    r"(?:[\"\u201c\u201d]|['\u2019](?!\w))",
    re.IGNORECASE,
)


def scare_quoted(text: str) -> bool:
    """A word of praise or progress alone in quotation marks ("thanks for
    the "improved" categories"): sarcasm. Cheap without a quotation mark."""
    if '"' not in text and " '" not in text and text.isascii():
        return False
    return _SCARE_WORDS.search(text) is not None
