"""Conversion between the Store records and the MongoDB backend's BSON
documents. Only ``ticketd.store.mongo*`` sees these shapes.

BSON dates carry milliseconds, so every datetime written goes through
``to_millis`` first and every datetime read comes back as an aware UTC
value; a ticket read back therefore equals the ticket written, to the
millisecond. Incoming tickets are truncated the same way *before* change
planning, otherwise a microsecond ``updated_at`` would look newer than its
own stored copy on every run.

History records stay far below MongoDB's 16 MB document limit however long
a ticket's text is: a text value (old or new) longer than
``HISTORY_TEXT_LIMIT`` characters is stored as ``{"truncated": true,
"length": <characters>, "sha256": <hex digest of its UTF-8>, "prefix": <its
first HISTORY_TEXT_PREFIX characters>}``, enough to see that and how it
changed, and to check a full copy against it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs
import bson

from ticketd.domain.ticket import Ticket, format_datetime
from ticketd.store.records import HistoryRecord, JobRecord, OutboxEntry

__all__ = [
    "HISTORY_TEXT_LIMIT",
    "HISTORY_TEXT_PREFIX",
    "change_event",
    "deletion_event",
    "history_document",
    "history_from_document",
    "job_document",
    "job_from_document",
    "log_from_document",
    "outbox_document",
    "outbox_from_document",
    "ticket_at_millis",
    "ticket_document",
    "ticket_from_document",
    "to_millis",
    "utc",
]


HISTORY_TEXT_LIMIT = 4096
HISTORY_TEXT_PREFIX = 256


def to_millis(value: datetime) -> datetime:
    """``value`` in UTC (naive values are taken as UTC), truncated to the
    millisecond BSON stores."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond - value.microsecond % 1000)


def _millis_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else to_millis(value)


def utc(value: Any) -> datetime | None:
    """A datetime read from the driver as an aware UTC value (naive values
    are UTC, as BSON dates always are)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def ticket_at_millis(ticket: Ticket) -> Ticket:
    """``ticket`` with its datetimes at BSON precision."""
    return attrs.evolve(
        ticket,
        created_at=to_millis(ticket.created_at),
        updated_at=to_millis(ticket.updated_at),
        ingested_at=_millis_or_none(ticket.ingested_at),
        deleted_at=_millis_or_none(ticket.deleted_at),
    )


# -- tickets -------------------------------------------------------------------
def ticket_document(ticket: Ticket) -> dict[str, Any]:
    """Every field of a ticket row (the ``$set`` of its upsert)."""
    return {
        "tenant_id": ticket.tenant_id,
        "external_id": ticket.external_id,
        "subject": ticket.subject,
        "message": ticket.message,
        "status": ticket.status,
        "source": ticket.source,
        "customer_id": ticket.customer_id,
        "created_at": to_millis(ticket.created_at),
        "updated_at": to_millis(ticket.updated_at),
        "urgency": ticket.urgency,
        "sentiment": ticket.sentiment,
        "requires_action": ticket.requires_action,
        "rules": list(ticket.rules),
        "keywords": list(ticket.keywords),
        "ruleset_version": ticket.ruleset_version,
        "ingested_at": _millis_or_none(ticket.ingested_at),
        "last_seen_job": ticket.last_seen_job,
        "deleted_at": _millis_or_none(ticket.deleted_at),
    }


def ticket_from_document(doc: Mapping[str, Any]) -> Ticket:
    return Ticket(
        tenant_id=doc["tenant_id"],
        external_id=doc["external_id"],
        subject=doc.get("subject", ""),
        message=doc.get("message", ""),
        status=doc["status"],
        source=doc.get("source", ""),
        customer_id=doc.get("customer_id", ""),
        created_at=utc(doc["created_at"]),
        updated_at=utc(doc["updated_at"]),
        urgency=doc["urgency"],
        sentiment=doc["sentiment"],
        requires_action=bool(doc["requires_action"]),
        rules=tuple(doc.get("rules") or ()),
        keywords=tuple(doc.get("keywords") or ()),
        ruleset_version=doc.get("ruleset_version", ""),
        ingested_at=utc(doc.get("ingested_at")),
        last_seen_job=doc.get("last_seen_job"),
        deleted_at=utc(doc.get("deleted_at")),
    )


# -- history -------------------------------------------------------------------
def _bounded_text(value: Any) -> Any:
    """``value``, or its truncated form when it is a text over the limit."""
    if not isinstance(value, str) or len(value) <= HISTORY_TEXT_LIMIT:
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return {
        "truncated": True,
        "length": len(value),
        "sha256": digest,
        "prefix": value[:HISTORY_TEXT_PREFIX],
    }


def history_document(
    tenant_id: str,
    external_id: str,
    action: str,
    changes: dict[str, dict[str, Any]],
    job_id: str | None,
    recorded_at: datetime,
) -> dict[str, Any]:
    """A history record; long texts bounded (see the module docstring)."""
    bounded = {
        field: {side: _bounded_text(value) for side, value in change.items()}
        for field, change in changes.items()
    }
    return {
        "tenant_id": tenant_id,
        "external_id": external_id,
        "action": action,
        "changes": bounded,
        "job_id": job_id,
        "recorded_at": to_millis(recorded_at),
    }


def change_event(action: str, updated_at: datetime, changes: Mapping[str, Any]) -> str:
    """The key of the history record of one planned change: the action, the
    ticket's external ``updated_at`` (a ticket is rewritten only when that
    is newer) and a digest of the changed values (a restore names the
    deletion it undoes; a re-classification differs in its values). The same
    change planned again after a failed attempt has the same key."""
    digest = hashlib.sha256(bson.encode({"changes": dict(changes)})).hexdigest()[:16]
    return f"{action}@{format_datetime(utc(updated_at))}#{digest}"


def deletion_event(ticket: Mapping[str, Any]) -> str:
    """The key of the ``deleted`` history record of a stored ticket in its
    current state (its last write): the same until the ticket is written
    again, so deleting that state twice finds one record."""
    written = [ticket.get("ingested_at"), ticket.get("updated_at")]
    return "deleted@" + "/".join("" if at is None else format_datetime(utc(at)) for at in written)


def history_from_document(doc: Mapping[str, Any]) -> HistoryRecord:
    return HistoryRecord(
        tenant_id=doc["tenant_id"],
        external_id=doc["external_id"],
        action=doc["action"],
        changes=dict(doc.get("changes") or {}),
        job_id=doc.get("job_id"),
        recorded_at=utc(doc["recorded_at"]),
    )


# -- jobs ----------------------------------------------------------------------
def job_document(job: JobRecord) -> dict[str, Any]:
    return {
        "_id": job.job_id,
        "tenant_id": job.tenant_id,
        "owner": job.owner,
        "status": job.status,
        "started_at": to_millis(job.started_at),
        "ended_at": _millis_or_none(job.ended_at),
        "total_pages": job.total_pages,
        "processed_pages": job.processed_pages,
        "metrics": dict(job.metrics),
        "error": job.error,
        "updated_at": _millis_or_none(job.updated_at),
        "cancel_requested": job.cancel_requested,
    }


def job_from_document(doc: Mapping[str, Any]) -> JobRecord:
    return JobRecord(
        job_id=doc["_id"],
        tenant_id=doc["tenant_id"],
        owner=doc["owner"],
        status=doc["status"],
        started_at=utc(doc["started_at"]),
        ended_at=utc(doc.get("ended_at")),
        total_pages=doc.get("total_pages"),
        processed_pages=doc.get("processed_pages", 0),
        metrics=dict(doc.get("metrics") or {}),
        error=doc.get("error"),
        updated_at=utc(doc.get("updated_at")),
        cancel_requested=bool(doc.get("cancel_requested", False)),
    )


def log_from_document(doc: Mapping[str, Any]) -> dict[str, object]:
    """An ``ingestion_logs`` line as the Store returns it (no ``_id``)."""
    line = {key: value for key, value in doc.items() if key != "_id"}
    line["at"] = utc(line.get("at"))
    return line


# -- outbox --------------------------------------------------------------------
def outbox_document(
    ticket: Ticket, *, idempotency_key: str, reason: str, now: datetime
) -> dict[str, Any]:
    """A pending entry, due at once, for a ticket that became high urgency."""
    now = to_millis(now)
    return {
        "tenant_id": ticket.tenant_id,
        "external_id": ticket.external_id,
        "urgency": ticket.urgency,
        "reason": reason,
        "idempotency_key": idempotency_key,
        "status": "pending",
        "attempts": 0,
        "outage_attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
        "claimed_by": None,
        "claim_expires_at": None,
        "last_error": None,
        "delivered_at": None,
    }


def outbox_from_document(doc: Mapping[str, Any]) -> OutboxEntry:
    attempts = doc.get("attempts", 0)
    return OutboxEntry(
        entry_id=str(doc["_id"]),
        tenant_id=doc["tenant_id"],
        external_id=doc["external_id"],
        urgency=doc["urgency"],
        reason=doc.get("reason", ""),
        idempotency_key=doc["idempotency_key"],
        status=doc["status"],
        attempts=attempts,
        # Clamped: see ``OutboxEntry.outage_attempts``.
        outage_attempts=min(doc.get("outage_attempts", 0), attempts),
        created_at=utc(doc["created_at"]),
        next_attempt_at=utc(doc["next_attempt_at"]),
        last_error=doc.get("last_error"),
        delivered_at=utc(doc.get("delivered_at")),
    )
