"""Types of the command-line flags every command shares: one range check
for ports, counts and durations.

A value out of range (a port above 65535, a negative count, ``nan``) is an
``argparse`` error: the usage, one line naming the flag and the value, exit
code 2, before anything starts, never a traceback nor a value silently
wrapped (a port of 70000 is not 4464).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

__all__ = ["PORT", "TICKET_COUNT", "argument_type", "integer", "number"]


def argument_type(parse: Callable[[str], object], what: str) -> Callable[[str], object]:
    """An argparse ``type=`` calling ``parse``; its ``ValueError`` becomes
    argparse's one-line error, ``invalid WHAT 'VALUE': REASON``."""

    def convert(value: str) -> object:
        try:
            return parse(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"invalid {what} {value!r}: {exc}") from None

    convert.__name__ = what
    return convert


def integer(low: int, high: int | None = None, *, what: str = "") -> Callable[[str], object]:
    """A whole number within ``low..high`` (no upper bound when None)."""

    def parse(value: str) -> int:
        whole = int(value)
        if whole < low or (high is not None and whole > high):
            raise ValueError(f"must be {low}..{high}" if high is not None else f"must be >= {low}")
        return whole

    named = {0: "non-negative int", 1: "positive int"}.get(low, f"int >= {low}")
    return argument_type(parse, what or named)


def number(low: float, *, above: bool = False, what: str = "") -> Callable[[str], object]:
    """A finite number ``>= low`` (``> low`` with ``above``)."""

    def parse(value: str) -> float:
        real = float(value)
        if not math.isfinite(real):
            raise ValueError("must be a finite number")
        if real < low or (above and real == low):
            raise ValueError(f"must be {'>' if above else '>='} {low:g}")
        return real

    return argument_type(parse, what or ("non-negative number" if low == 0 else "number"))


# A TCP port; 0 lets the system pick a free one where a command accepts that.
PORT = integer(0, 65535, what="port")

# How many tickets the mock provider generates (mock-api, demo): a 5M feed
# already takes gigabytes; a larger count would exhaust memory, not serve.
TICKET_COUNT = integer(0, 5_000_000, what="ticket count")
