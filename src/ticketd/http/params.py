"""Validators for query and path parameters, shared by every route.

Each returns a plain Python value (never a dict or list a backend could
read as a query operator) or raises ``InvalidInput`` (malformed, 400) or
``Unprocessable`` (missing or out of range, 422). The choice, documented in
the README: a missing required value or a number out of range is 422; a
value that cannot be parsed at all (bad tenant id, bad date, unknown enum
value) is 400.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime

from ticketd.domain.identifiers import validate_tenant_id
from ticketd.domain.ticket import parse_datetime, parse_window_end
from ticketd.errors import InvalidInput, Unprocessable

__all__ = [
    "DATETIME_PATTERN",
    "optional_bool",
    "optional_choice",
    "optional_datetime",
    "optional_int",
    "optional_matching",
    "optional_text",
    "required_tenant",
    "tenant_id",
]

# The ISO 8601 forms the API accepts (also the pattern in the OpenAPI
# document): a date, optionally a time (seconds and fraction optional),
# optionally Z or an offset. Years 1970-2999 only: at the ends of Python's
# range a UTC conversion or the 24-hour trend window would overflow.
DATETIME_PATTERN = (
    r"^(19[7-9][0-9]|2[0-9]{3})-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)
_DATETIME = re.compile(DATETIME_PATTERN)
_INTEGER = re.compile(r"[0-9]+")
_MAX_DIGITS = 18  # past it, a number is out of every range here (and not parsed)


def _single(query: Mapping[str, str], name: str) -> str | None:
    getall = getattr(query, "getall", None)
    if getall is not None:
        values = getall(name, [])
        if len(values) > 1:
            raise InvalidInput(f"{name} given more than once")
        return values[0] if values else None
    return query.get(name)


def tenant_id(value: str | None, *, name: str = "tenant_id") -> str:
    """Validate a tenant id (``ticketd.domain.identifiers``: 422 when
    missing, 400 when malformed)."""
    return validate_tenant_id(value, name=name)


def required_tenant(query: Mapping[str, str]) -> str:
    return tenant_id(_single(query, "tenant_id"))


def optional_int(
    query: Mapping[str, str], name: str, *, default: int, minimum: int, maximum: int
) -> int:
    raw = _single(query, name)
    if raw is None or raw == "":
        return default
    # ASCII digits only: int() would also take "1_0", "+1", " 1", "-1" and
    # other scripts' digits (Arabic-Indic, ...); every number here is
    # positive, so a sign is as malformed as any other non-digit.
    if not _INTEGER.fullmatch(raw):
        raise InvalidInput(f"{name} must be an integer, got {raw!r}")
    value = int(raw, 10) if len(raw.lstrip("0")) <= _MAX_DIGITS else None
    if value is None or not minimum <= value <= maximum:
        shown = raw if len(raw) <= 40 else f"{raw[:40]}..."
        raise Unprocessable(f"{name} must be between {minimum} and {maximum}, got {shown}")
    return value


def optional_text(query: Mapping[str, str], name: str) -> str | None:
    """The value as given (an opaque token the caller checks), None when
    absent or empty."""
    raw = _single(query, name)
    return None if raw is None or raw == "" else raw


def optional_choice(query: Mapping[str, str], name: str, choices: Sequence[str]) -> str | None:
    raw = _single(query, name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}; got {raw!r}")
    return raw


def optional_matching(
    query: Mapping[str, str], name: str, pattern: re.Pattern[str], shape: str
) -> str | None:
    """The value when it matches ``pattern`` (``shape`` says what it must
    be), None when absent or empty; ``InvalidInput`` otherwise."""
    raw = _single(query, name)
    if raw is None or raw == "":
        return None
    if not pattern.fullmatch(raw):
        shown = raw if len(raw) <= 40 else f"{raw[:40]}..."
        raise InvalidInput(f"{name} must be {shape}, got {shown!r}")
    return raw


def optional_bool(query: Mapping[str, str], name: str) -> bool | None:
    raw = _single(query, name)
    if raw is None or raw == "":
        return None
    # Exactly the two words JSON and the OpenAPI document use.
    if raw == "true":
        return True
    if raw == "false":
        return False
    raise InvalidInput(f"{name} must be true or false, got {raw!r}")


def optional_datetime(
    query: Mapping[str, str], name: str, *, window_end: bool = False
) -> datetime | None:
    """The timestamp ``name``, or None when absent. ``window_end``: a date
    alone means the end of that UTC day (see ``parse_window_end``), not its
    start."""
    raw = _single(query, name)
    if raw is None or raw == "":
        return None
    # An unescaped "+01:00" offset arrives as " 01:00" (form decoding).
    candidates = (raw, "+".join(raw.rsplit(" ", 1))) if " " in raw else (raw,)
    for candidate in candidates:
        if not _DATETIME.fullmatch(candidate):
            continue
        try:
            return parse_window_end(candidate) if window_end else parse_datetime(candidate)
        except InvalidInput:
            continue
    raise InvalidInput(
        f"{name} must be an ISO 8601 date or timestamp (years 1970-2999), got {raw!r}"
    )
