"""The ticket as ticketd models it: what the provider sends, how it is
classified, and what is stored.

Pure data, no I/O. Each store backend converts to and from its own shapes
(``ticketd.store.sqlite_rows``, ``ticketd.store.mongo_documents``); the
HTTP shell renders the JSON (``ticketd.http.presenters``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from ticketd.errors import InvalidInput

__all__ = [
    "MAX_EXTERNAL_ID_LENGTH",
    "MAX_TICKET_TEXT_BYTES",
    "SENTIMENTS",
    "SERVED_YEARS",
    "SOURCES",
    "SOURCE_PATTERN",
    "STATUSES",
    "URGENCIES",
    "Classification",
    "InvalidRecord",
    "ProviderTicket",
    "Ticket",
    "check_text_size",
    "external_id_problem",
    "format_datetime",
    "parse_datetime",
    "parse_window_end",
    "shown",
]

# Subject and message together, in UTF-8. A real support ticket is a few
# KB; a record past this is refused at ingestion (counted in the run's
# errors) rather than stored, so no backend meets a document over its limit
# (MongoDB: 16 MB) and classification never scans megabytes.
MAX_TICKET_TEXT_BYTES = 1024 * 1024

STATUSES = ("open", "pending", "closed")
SOURCES = ("email", "web", "chat", "api")  # the usual ones; any SOURCE_PATTERN is stored
# A source ingestion stores and the API's source filter takes: the
# provider's channels are open-ended (a new one is stored and served, not
# dropped), but bounded to a short name.
SOURCE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# Years of created_at / updated_at the API serves (its date windows): a
# record outside them is refused at ingestion, like any invalid record.
SERVED_YEARS = (1970, 2999)
URGENCIES = ("high", "medium", "low")
SENTIMENTS = ("negative", "neutral", "positive")


_SHOWN_CHARACTERS = 64


def shown(value: Any, limit: int = _SHOWN_CHARACTERS) -> str:
    """``value`` as a bounded, escaped text for a message or a log line: a
    string's ``repr`` (control characters and lone surrogates escaped) of
    at most ``limit`` characters of it, with the full length when cut; any
    other value as its type and a bounded ``repr``."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} characters)"
    text = repr(value) if isinstance(value, int | float | bool | None) else None
    if text is None or len(text) > limit:
        return f"a {type(value).__name__}"
    return text


class InvalidRecord(InvalidInput):
    """A provider record ticketd refuses. ``reason`` says why (bounded, no
    id); the message is ``ticket <id>: <reason>``."""

    def __init__(self, ident: Any, reason: str) -> None:
        super().__init__(f"ticket {shown(ident)}: {reason}")
        self.reason = reason


def parse_datetime(value: Any) -> datetime:
    """Parse an ISO 8601 timestamp into an aware UTC datetime.

    Naive values are taken as UTC. Raises ``InvalidInput`` on anything else.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput(f"not an ISO 8601 timestamp: {shown(value)}") from exc
    else:
        raise InvalidInput(f"not an ISO 8601 timestamp: {shown(value)}")
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The stores keep milliseconds: the last one of a day is its inclusive end.
_REST_OF_DAY = timedelta(days=1, milliseconds=-1)


def parse_window_end(value: str) -> datetime:
    """Parse the inclusive end of a date window (``to_date``): a timestamp
    is taken as it is, a date alone (``2026-11-25``) means the end of that
    UTC day (its last millisecond, so nothing of the next midnight), so
    that "to the 25th" covers the 25th. Raises ``InvalidInput``."""
    parsed = parse_datetime(value)
    if _DATE_ONLY.fullmatch(value.strip()):
        return parsed + _REST_OF_DAY
    return parsed


def format_datetime(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z`` suffix (millisecond precision)."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="milliseconds")[:-6] + "Z"  # "+00:00" -> "Z"


def check_text_size(subject: str, message: str) -> None:
    """Refuse (``InvalidInput``) a ticket whose subject and message are over
    ``MAX_TICKET_TEXT_BYTES`` in UTF-8."""
    characters = len(subject) + len(message)
    if characters * 4 <= MAX_TICKET_TEXT_BYTES:  # cannot be over: skip encoding
        return
    size = sum(len(text.encode("utf-8", "surrogatepass")) for text in (subject, message))
    if size > MAX_TICKET_TEXT_BYTES:
        raise InvalidInput(
            f"subject and message are {size} bytes, over the {MAX_TICKET_TEXT_BYTES} "
            "bytes a ticket may have: refused"
        )


def _text(
    obj: dict[str, Any], key: str, *, required: bool = True, null_is_absent: bool = False
) -> str:
    """The string ``obj[key]``; "" when an optional key is left out (or
    null, with ``null_is_absent``); any other value that is not a string,
    null included, is refused."""
    value = obj.get(key)
    if not required and (key not in obj or (value is None and null_is_absent)):
        return ""
    if not isinstance(value, str):
        got = "null" if value is None else type(value).__name__
        raise InvalidInput(f"field {key!r} must be a string, got {got}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"field {key!r} is not valid Unicode (a lone surrogate)") from None
    return value


def _served_datetime(obj: dict[str, Any], key: str) -> datetime:
    value = parse_datetime(obj.get(key))
    first, last = SERVED_YEARS
    if not first <= value.year <= last:
        raise InvalidInput(
            f"field {key!r} {format_datetime(value)} is outside the years {first}-{last} "
            "the API serves"
        )
    return value


MAX_EXTERNAL_ID_LENGTH = 256
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Segments the API's paths cannot carry as a ticket id: "." and ".." are
# resolved away by URL normalisation, "urgent" is the urgent-tickets list.
_UNADDRESSABLE_IDS = frozenset({".", "..", "urgent"})


def external_id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a ticket id, or None. Any other string is
    stored and served at ``/tickets/{id}`` as one percent-encoded segment."""
    if not value:
        return "is empty"
    if len(value) > MAX_EXTERNAL_ID_LENGTH:
        return f"is longer than {MAX_EXTERNAL_ID_LENGTH} characters"
    if _CONTROL.search(value):
        return "contains control characters"
    if value in _UNADDRESSABLE_IDS:
        return f"{value!r} cannot be a path segment of /tickets/{{id}}"
    return None


@attrs.frozen
class ProviderTicket:
    """One ticket exactly as the provider describes it, strictly parsed."""

    external_id: str  # provider id, e.g. "ext-001"
    tenant_id: str  # tenant the ticket belongs to
    source: str  # email, web, chat or api
    customer_id: str  # provider's customer id
    subject: str  # free text, may be empty
    message: str  # free text, may be empty
    status: str  # open, pending or closed
    created_at: datetime  # aware UTC
    updated_at: datetime  # aware UTC; created_at when the provider omits it

    @classmethod
    def from_provider(cls, obj: Any) -> ProviderTicket:
        """Parse one provider JSON object; raises ``InvalidRecord`` naming the
        bad field (and the id, when there is one)."""
        if not isinstance(obj, dict):
            raise InvalidRecord(None, "not a JSON object")
        ident = obj.get("id")
        try:
            external_id = _text(obj, "id")
            problem = external_id_problem(external_id)
            if problem is not None:
                raise InvalidInput(f"field 'id' {problem}")
            tenant_id = _text(obj, "tenant_id")
            status = _text(obj, "status")
            if status not in STATUSES:
                raise InvalidInput(f"unknown status {shown(status)}")
            created_at = _served_datetime(obj, "created_at")
            raw_updated = obj.get("updated_at")
            updated_at = created_at if raw_updated is None else _served_datetime(obj, "updated_at")
            # No source, left out or null, is "unknown".
            source = _text(obj, "source", required=False, null_is_absent=True) or "unknown"
            if not SOURCE_PATTERN.fullmatch(source):
                raise InvalidInput(
                    f"source {shown(source)} is not 1 to 64 letters, digits, '_', '.' or '-' "
                    "starting with a letter or digit"
                )
            subject = _text(obj, "subject", required=False)
            message = _text(obj, "message", required=False)
            check_text_size(subject, message)
            return cls(
                external_id=external_id,
                tenant_id=tenant_id,
                source=source,
                customer_id=_text(obj, "customer_id", required=False),
                subject=subject,
                message=message,
                status=status,
                created_at=created_at,
                updated_at=updated_at,
            )
        except InvalidInput as exc:
            raise InvalidRecord(ident, exc.message) from None


@attrs.frozen
class Classification:
    """What the classifier decided about a ticket, and why."""

    urgency: str  # high, medium or low
    sentiment: str  # negative, neutral or positive
    requires_action: bool  # see the classifier's documented rule
    rules: tuple[str, ...] = ()  # ids of the rules that matched
    keywords: tuple[str, ...] = ()  # the words/phrases that matched
    version: str = ""  # rule-set version that produced this


@attrs.frozen
class Ticket:
    """A classified ticket as ticketd stores and serves it."""

    tenant_id: str
    external_id: str
    subject: str
    message: str
    status: str
    source: str
    customer_id: str
    created_at: datetime
    updated_at: datetime  # the provider's updated_at
    urgency: str
    sentiment: str
    requires_action: bool
    rules: tuple[str, ...] = ()  # matched classification rule ids
    keywords: tuple[str, ...] = ()  # matched classification keywords
    ruleset_version: str = ""
    ingested_at: datetime | None = None  # when ticketd last wrote it
    last_seen_job: str | None = None  # job that last wrote it
    deleted_at: datetime | None = None  # set when soft-deleted

    @classmethod
    def classified(cls, source: ProviderTicket, result: Classification) -> Ticket:
        """Combine a provider ticket with its classification."""
        return cls(
            tenant_id=source.tenant_id,
            external_id=source.external_id,
            subject=source.subject,
            message=source.message,
            status=source.status,
            source=source.source,
            customer_id=source.customer_id,
            created_at=source.created_at,
            updated_at=source.updated_at,
            urgency=result.urgency,
            sentiment=result.sentiment,
            requires_action=result.requires_action,
            rules=result.rules,
            keywords=result.keywords,
            ruleset_version=result.version,
        )
