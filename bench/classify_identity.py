"""Whether two checkouts' classifiers return the same verdicts, ticket by ticket.

An engine change (speed, data structures, fewer passes) must not change any
output of ``classify``: urgency, sentiment, requires_action, the rule ids,
the keywords and the ruleset version. This script classifies the same
tickets with this checkout's classifier and another checkout's (loaded in
the same process under another package name, as ``classify_eval.py
--against`` does) and lists every ticket whose outputs differ.

The tickets: every corpus in ``tests/data`` as written, then ``--count``
tickets recombined from them with a fixed seed (a subject over another
ticket's message; sentences of several tickets mixed; a reply subject, a
quoted earlier message, a forwarded message, an amount, an address, a name
in quotation marks, shouting, typographic quotes and other Unicode), then
edge cases (empty, whitespace, ``None``, all capitals, very long, control
and combining characters).

    python bench/classify_identity.py --against /work/main
    python bench/classify_identity.py --against /work/main --count 50000 --seed 7
    python bench/classify_identity.py            # only a digest of this checkout's outputs

The exit status is 1 when any ticket's outputs differ.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from classify_eval import load, load_other

from ticketd.domain.classifier import classify

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_STATUSES = ("open", "open", "open", "pending", "closed", "Closed", "", None)

Ticket = tuple[str | None, str | None, str | None]


def corpus_tickets() -> list[tuple[str, Ticket]]:
    """Every ticket of every JSON-lines corpus in tests/data, as written."""
    return [
        (path.stem, (case["subject"], case["message"], case.get("status", "open")))
        for path in sorted(DATA.glob("*.jsonl"))
        for case in load(path)
    ]


_NAMES_IN_QUOTES = (
    'Please check the "Fraud alerts" report.',
    "the 'Unauthorised logins' column is empty",
    "a view called \u201cOutage follow-ups\u201d",
    'I got an alert "New sign-in from Russia" this morning.',
    "thanks for the \u201cimproved\u201d editor",
)
_EXTRAS = (
    "I was charged 3.99 twice and then 1,299.00 on top.",
    "Contact sue.oakley@example.com or see https://example.com/a/b?c=d.",
    "POST /v2/refunds returns 500 since 10.30 today.",
    "Ask Sue, she knows. Thanks, Hacker",
    "This is NOT OK AT ALL!!",
    "Is this urgent?? Why?!",
    "don\u2019t refund me, I\u2018m fine \u2014 it\u02bcs sorted",
    "\uff26\uff55\uff4c\uff4c \uff34\uff25\uff38\uff34 \uff52\uff45\uff46\uff55\uff4e\uff44",
    "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber \u00df \u0130stanbul \ufb01le",
    "e\u0301 combining marks and emoji \U0001f525\U0001f4b8 and \u200bzero\u200dwidth",
    "CONFIDENTIALITY: this e-mail is for the addressee only.",
    "If you don't refund me I will go to the bank.",
    "Customers asked if they were charged twice.",
)


def _sentences(messages: list[str]) -> list[str]:
    return [s for m in messages for s in _SENTENCE.split(m) if s.strip()]


def _variant(rng: random.Random, subject: str, message: str) -> tuple[str, str]:
    """One of several rewrites a real mailbox produces."""
    kind = rng.randrange(12)
    if kind == 0:
        return subject.upper(), message.upper()
    if kind == 1:
        return subject.lower(), message.lower()
    if kind == 2:
        return f"Re: {subject}", f"{message}\n\nOn Mon, 3 Mar 2025, Sue wrote:\n> {subject}\n> ok"
    if kind == 3:
        return f"RE: {subject}", f"Thanks.\n\n-----Original Message-----\nFrom: x\n{message}"
    if kind == 4:
        return f"Fwd: {subject}", f"FYI\n\n---------- Forwarded message ---------\n{message}"
    if kind == 5:
        return subject, message.replace("'", "\u2019").replace('"', "\u201c")
    if kind == 6:
        return subject, f"{message} {rng.choice(_NAMES_IN_QUOTES)}"
    if kind == 7:
        return subject, f"{rng.choice(_EXTRAS)} {message} {rng.choice(_EXTRAS)}"
    if kind == 8:
        return subject.title(), message.replace(". ", ".\n")
    if kind == 9:
        return subject, message.replace(".", "!!", 1)
    if kind == 10:
        return subject, f"> {message}\n\n{rng.choice(_EXTRAS)}"
    return subject, message


def recombined(tickets: list[Ticket], count: int, seed: int) -> Iterator[tuple[str, Ticket]]:
    """``count`` tickets mixed from the corpora's subjects, messages and
    sentences, a third of them rewritten by ``_variant``."""
    rng = random.Random(seed)
    subjects = [t[0] or "" for t in tickets]
    messages = [t[1] or "" for t in tickets]
    sentences = _sentences(messages)
    for _ in range(count):
        shape = rng.randrange(4)
        if shape == 0:  # a subject over another ticket's message
            subject, message = rng.choice(subjects), rng.choice(messages)
        elif shape == 1:  # sentences of several tickets
            subject = rng.choice(subjects)
            pieces = rng.sample(sentences, rng.randint(2, 7))
            message = rng.choice((" ", "\n", "\n\n")).join(pieces)
        elif shape == 2:  # two messages, or a message and sentences
            subject = rng.choice([*subjects, rng.choice(sentences)])
            message = f"{rng.choice(messages)}\n\n{rng.choice(sentences)}"
        else:  # a corpus ticket with another's sentence added
            subject, message, _ = rng.choice(tickets)
            message = f"{rng.choice(sentences)} {message}"
        if rng.random() < 0.35:
            subject, message = _variant(rng, subject or "", message or "")
        yield "recombined", (subject, message, rng.choice(_STATUSES))


def edge_cases(tickets: list[Ticket]) -> Iterator[tuple[str, Ticket]]:
    """Empty and degenerate input, very long and unusual text."""
    messages = [t[1] or "" for t in tickets]
    long_text = "\n\n".join(messages[:60])
    cases: list[Ticket] = [
        ("", "", "open"),
        (None, None, None),
        ("", "   \n\t ", "open"),
        (".", ".", "open"),
        ("?", "!!!", "pending"),
        ("Re:", "> ", "open"),
        ("URGENT", "", "open"),
        ("", "urgent", "closed"),
        ("\u00e9\u00e8", "\u4f60\u597d\uff0c\u6211\u7684\u8d26\u6237\u88ab\u76d7\u4e86", "open"),
        ("\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd \u200f refund", "open"),
        ("a\x00b", "c\x07d\x1b[31m refund \ud800 fraud", "open"),
        ("Refund", "'" * 50 + '"' * 50, "open"),
        ("x" * 5000, "y " * 5000, "open"),
        ("Outage", long_text, "open"),
        ("OUTAGE EVERYTHING DOWN", long_text.upper(), "open"),
        ("outage", long_text.lower(), "closed"),
        ("Refund", "3.99 " * 400, "open"),
        ("Hacked", "not " * 300 + "hacked", "open"),
        ("Thanks", ". " * 2000, "open"),
        ("fraud", "\n" * 500 + "fraud", "open"),
    ]
    for case in cases:
        yield "edge", case


def _outputs(classifier: Callable, ticket: Ticket) -> tuple:
    result = classifier(*ticket)
    return (
        result.urgency,
        result.sentiment,
        result.requires_action,
        tuple(result.rules),
        tuple(result.keywords),
        result.version,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--against", type=Path, help="the other checkout (a path holding src/ticketd)"
    )
    parser.add_argument("--count", type=int, default=20000, help="recombined tickets")
    parser.add_argument("--seed", type=int, default=17, help="seed of the recombination")
    parser.add_argument("--show", type=int, default=10, help="differences listed in full")
    args = parser.parse_args(argv)

    corpus = corpus_tickets()
    plain = [ticket for _, ticket in corpus]
    tickets = [*corpus, *recombined(plain, args.count, args.seed), *edge_cases(plain)]
    with tempfile.TemporaryDirectory() as workdir:
        other = load_other(args.against, Path(workdir)) if args.against else None
        digest = hashlib.sha256()
        counts: dict[str, int] = {}
        differ: dict[str, int] = {}
        shown = 0
        for source, ticket in tickets:
            mine = _outputs(classify, ticket)
            digest.update(repr(mine).encode("utf-8", "surrogatepass"))
            counts[source] = counts.get(source, 0) + 1
            if other is None:
                continue
            theirs = _outputs(other, ticket)
            if mine != theirs:
                differ[source] = differ.get(source, 0) + 1
                if shown < args.show:
                    shown += 1
                    print(f"DIFFERS ({source}): {ticket[0]!r} / {str(ticket[1])[:200]!r}")
                    print(f"    this:  {mine}")
                    print(f"    other: {theirs}")
    print(
        f"{len(tickets)} tickets ("
        + ", ".join(f"{source} {n}" for source, n in counts.items())
        + f"), seed {args.seed}; digest of this checkout's outputs {digest.hexdigest()[:16]}"
    )
    if other is None:
        return 0
    total = sum(differ.values())
    if total:
        print(
            f"DIFFERENT on {total} tickets against {args.against}: "
            + ", ".join(f"{source} {n}" for source, n in differ.items())
        )
        return 1
    print(f"identical outputs on every ticket against {args.against}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
