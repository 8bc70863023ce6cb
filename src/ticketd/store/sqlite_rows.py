"""Conversion between SQLite rows and the Store records.

Datetimes become integer epoch milliseconds on the way in (the precision of
BSON dates, so both backends keep the same values) and aware UTC datetimes
on the way out. Lists and maps become compact JSON text.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from ticketd.domain.ticket import Ticket, format_datetime
from ticketd.store.records import HistoryRecord, JobRecord, OutboxEntry

__all__ = [
    "TICKET_COLUMNS",
    "TICKET_SELECT",
    "dumps",
    "format_hour",
    "from_ms",
    "history_from_row",
    "job_from_row",
    "opt_from_ms",
    "opt_to_ms",
    "outbox_from_row",
    "placeholders",
    "stamped_to_ms",
    "ticket_from_row",
    "ticket_params",
    "to_ms",
    "transaction",
    "truncate_to_ms",
    "written_params",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

TICKET_COLUMNS = (
    "tenant_id",
    "external_id",
    "subject",
    "message",
    "status",
    "source",
    "customer_id",
    "created_at",
    "updated_at",
    "urgency",
    "sentiment",
    "requires_action",
    "rules",
    "keywords",
    "ruleset_version",
    "ingested_at",
    "last_seen_job",
    "deleted_at",
)
TICKET_SELECT = ", ".join(TICKET_COLUMNS)  # the column list ticket_from_row reads


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: takes the write lock up front, so a
    read-modify-write never interleaves with another process's writer and
    never fails late on a stale snapshot."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def to_ms(value: datetime) -> int:
    """Epoch milliseconds of an aware datetime (naive ones are taken as UTC),
    exact integer arithmetic, truncated toward the past."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    # The floor of the timedelta in ms, from its parts (seconds and
    # microseconds are never negative): a third of ``// timedelta``'s cost,
    # which every written ticket paid three times.
    delta = value - _EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def opt_to_ms(value: datetime | None) -> int | None:
    return None if value is None else to_ms(value)


def from_ms(value: int) -> datetime:
    return _EPOCH + timedelta(milliseconds=value)


def opt_from_ms(value: int | None) -> datetime | None:
    return None if value is None else from_ms(value)


def _sub_ms(value: datetime | None) -> bool:
    return value is not None and value.microsecond % 1000 != 0


def _floor_ms(value: datetime) -> datetime:
    """``value`` at storage precision: the same instant as
    ``from_ms(to_ms(value))``, without the round trip."""
    extra = value.microsecond % 1000
    return value - timedelta(microseconds=extra) if extra else value


def _opt_floor_ms(value: datetime | None) -> datetime | None:
    return None if value is None else _floor_ms(value)


def truncate_to_ms(ticket: Ticket) -> Ticket:
    """The ticket with its datetimes at storage precision, so a stored row
    read back compares equal to what was written (returned as is when it
    already is, the common case). Built field by field: ``attrs.evolve``
    cost more than the rest of a ticket's write on providers that send
    microseconds."""
    if not (
        _sub_ms(ticket.created_at)
        or _sub_ms(ticket.updated_at)
        or _sub_ms(ticket.ingested_at)
        or _sub_ms(ticket.deleted_at)
    ):
        return ticket
    return _at_ms(
        ticket,
        ingested_at=_opt_floor_ms(ticket.ingested_at),
        last_seen_job=ticket.last_seen_job,
        deleted_at=_opt_floor_ms(ticket.deleted_at),
    )


def stamped_to_ms(row: Ticket, now: datetime, job_id: str | None) -> Ticket:
    """``ticketd.domain.changes.stamped`` at storage precision, in one
    construction (``now`` is at storage precision already)."""
    return _at_ms(row, ingested_at=now, last_seen_job=job_id, deleted_at=None)


def _at_ms(
    ticket: Ticket,
    *,
    ingested_at: datetime | None,
    last_seen_job: str | None,
    deleted_at: datetime | None,
) -> Ticket:
    # Field by field, with the times given: the one construction both
    # builders above need (attrs.evolve would cost more than the write).
    return Ticket(
        tenant_id=ticket.tenant_id,
        external_id=ticket.external_id,
        subject=ticket.subject,
        message=ticket.message,
        status=ticket.status,
        source=ticket.source,
        customer_id=ticket.customer_id,
        created_at=_floor_ms(ticket.created_at),
        updated_at=_floor_ms(ticket.updated_at),
        urgency=ticket.urgency,
        sentiment=ticket.sentiment,
        requires_action=ticket.requires_action,
        rules=ticket.rules,
        keywords=ticket.keywords,
        ruleset_version=ticket.ruleset_version,
        ingested_at=ingested_at,
        last_seen_job=last_seen_job,
        deleted_at=deleted_at,
    )


def format_hour(value_ms: int) -> str:
    """ISO 8601 ``Z`` text of an epoch-millisecond instant (trend buckets)."""
    return format_datetime(from_ms(value_ms)) or ""


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def placeholders(values: Sequence[object]) -> str:
    """``?,?,?`` for an ``IN (...)`` list of ``values``."""
    return ",".join("?" * len(values))


def ticket_params(ticket: Ticket) -> tuple[object, ...]:
    """Values for ``TICKET_COLUMNS``, in order, of a ticket as it is."""
    return written_params(
        ticket, opt_to_ms(ticket.ingested_at), ticket.last_seen_job, opt_to_ms(ticket.deleted_at)
    )


def written_params(
    ticket: Ticket, now_ms: int | None, job_id: str | None, deleted_ms: int | None = None
) -> tuple[object, ...]:
    """Values for ``TICKET_COLUMNS`` of ``ticket`` written at ``now_ms`` by
    ``job_id`` (``deleted_ms``: not deleted by default), without building
    the stamped row (its datetimes are floored to milliseconds here)."""
    return (
        ticket.tenant_id,
        ticket.external_id,
        ticket.subject,
        ticket.message,
        ticket.status,
        ticket.source,
        ticket.customer_id,
        to_ms(ticket.created_at),
        to_ms(ticket.updated_at),
        ticket.urgency,
        ticket.sentiment,
        int(ticket.requires_action),
        _json_strings(rules) if type(rules := ticket.rules) is tuple else dumps(rules),
        _json_strings(words) if type(words := ticket.keywords) is tuple else dumps(words),
        ticket.ruleset_version,
        now_ms,
        job_id,
        deleted_ms,
    )


@functools.lru_cache(maxsize=1024)
def _json_strings(values: tuple[str, ...]) -> str:
    """JSON text of a rules or keywords tuple: the classifier gives far
    fewer distinct ones than tickets, so most are a cache hit instead of
    an encode and a decode per written ticket."""
    return dumps(values)


def ticket_from_row(row: Sequence[Any]) -> Ticket:
    """A ticket from a row selected as ``TICKET_SELECT`` (by position: the
    list endpoint decodes thousands of these a second)."""
    (
        tenant_id,
        external_id,
        subject,
        message,
        status,
        source,
        customer_id,
        created_at,
        updated_at,
        urgency,
        sentiment,
        requires_action,
        rules,
        keywords,
        ruleset_version,
        ingested_at,
        last_seen_job,
        deleted_at,
    ) = row
    return Ticket(
        tenant_id=tenant_id,
        external_id=external_id,
        subject=subject,
        message=message,
        status=status,
        source=source,
        customer_id=customer_id,
        created_at=from_ms(created_at),
        updated_at=from_ms(updated_at),
        urgency=urgency,
        sentiment=sentiment,
        requires_action=bool(requires_action),
        rules=tuple(orjson.loads(rules)),
        keywords=tuple(orjson.loads(keywords)),
        ruleset_version=ruleset_version,
        ingested_at=opt_from_ms(ingested_at),
        last_seen_job=last_seen_job,
        deleted_at=opt_from_ms(deleted_at),
    )


def history_from_row(row: sqlite3.Row) -> HistoryRecord:
    return HistoryRecord(
        tenant_id=row["tenant_id"],
        external_id=row["external_id"],
        action=row["action"],
        changes=orjson.loads(row["changes"]),
        job_id=row["job_id"],
        recorded_at=from_ms(row["recorded_at"]),
    )


def job_from_row(row: sqlite3.Row) -> JobRecord:
    return JobRecord(
        job_id=row["job_id"],
        tenant_id=row["tenant_id"],
        owner=row["owner"],
        status=row["status"],
        started_at=from_ms(row["started_at"]),
        ended_at=opt_from_ms(row["ended_at"]),
        total_pages=row["total_pages"],
        processed_pages=row["processed_pages"],
        metrics=orjson.loads(row["metrics"]),
        error=row["error"],
        updated_at=opt_from_ms(row["updated_at"]),
        cancel_requested=bool(row["cancel_requested"]),
    )


def outbox_from_row(row: sqlite3.Row) -> OutboxEntry:
    return OutboxEntry(
        entry_id=row["entry_id"],
        tenant_id=row["tenant_id"],
        external_id=row["external_id"],
        urgency=row["urgency"],
        reason=row["reason"],
        idempotency_key=row["idempotency_key"],
        status=row["status"],
        attempts=row["attempts"],
        created_at=from_ms(row["created_at"]),
        next_attempt_at=from_ms(row["next_attempt_at"]),
        last_error=row["last_error"],
        delivered_at=opt_from_ms(row["delivered_at"]),
        # Clamped: see ``OutboxEntry.outage_attempts``.
        outage_attempts=min(row["outage_attempts"], row["attempts"]),
    )
