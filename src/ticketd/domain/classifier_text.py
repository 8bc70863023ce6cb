"""Text preparation for the classifier: what of a ticket is the customer's
own words, and how it is split into words.

- ``normalise``: NFKC, typographic apostrophes made ASCII, apostrophes
  dropped ("don't" -> "dont"), case-folded: the form patterns and tickets
  are compared in.
- ``own_words``: the message without text quoted from earlier messages
  (lines starting with ">", and everything from an "On ... wrote:" line, an
  "-----Original Message-----" line or a "From: / Sent:" header on) and
  without a confidentiality disclaimer at its end: neither is the
  customer's current request; ``forwarded``: the customer's words above a
  forwarded message and the text forwarded; ``without_addresses``: e-mail
  and web addresses and API paths blanked out.
- ``tokenise``: words, clause punctuation and currency signs (an amount
  is a money word); a line break is a sentence break; ``original_tokens``:
  the same tokens with their case.

What a word means as written (a name, a field, shouting) is read in
``classifier_senses``.
"""

from __future__ import annotations

import re
import string
import unicodedata

__all__ = [
    "SENTENCE_ENDS",
    "forwarded",
    "normalise",
    "original_tokens",
    "own_words",
    "tokenise",
    "without_addresses",
]

# A full stop inside a word ("name@example.com", "v4.2") is not a sentence end.
_TOKEN = re.compile(r"\w+|[,;:!?\n£$€]|\.(?!\w)")
# ASCII text is split by C string methods instead, to the same tokens
# (``_ascii_tokens``): a full stop before a word character is a separator,
# the other full stops and the clause marks are padded with spaces, every
# other character that is not a word character becomes a space; each line
# is split at its spaces and a line break is a token between lines.
_INNER_DOT = re.compile(r"\.(?=\w)", re.ASCII)
_PADDED = tuple((mark, f" {mark} ") for mark in ",;:!?$")
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
    r"[\w.+-]+@[\w-]*(?:\.[\w-]+)*|(?:https?://|www\.)\S+|(?<!\w)(?:/[\w.{}:-]+){2,}"
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
    # Only spaces and line breaks are left as white space.
    text = text.encode().translate(_SEPARATORS).decode()
    if "\n" not in text:
        return text.split()
    tokens = []
    for line in text.split("\n"):
        tokens += line.split()
        tokens.append("\n")
    tokens.pop()
    return tokens


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


def original_tokens(text: str) -> list[str]:
    """The same tokens as ``tokenise(normalise(text))``, with their case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _TOKEN.findall(text.replace("'", ""))
