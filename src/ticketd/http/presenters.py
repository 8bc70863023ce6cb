"""The JSON bodies of the API, built from the records the application
layer returns. Timestamps are ISO 8601 in UTC with a ``Z`` suffix; the
shapes are the ones the OpenAPI document (``ticketd.http.openapi``)
describes. ``ticketd ingest --json`` and ``ticketd stats --json`` print
the same shapes.
"""

from __future__ import annotations

from typing import Any

from ticketd.app import CancelReply, TenantRunState
from ticketd.domain.report import JobView
from ticketd.domain.ticket import Ticket, format_datetime
from ticketd.store import HistoryRecord, LeaseStatus, OutboxEntry, TenantStats, TicketPage

__all__ = [
    "breaker_json",
    "cancel_json",
    "dead_letters_json",
    "history_json",
    "job_json",
    "lease_json",
    "stats_json",
    "tenant_state_json",
    "ticket_json",
    "ticket_page_json",
]


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    """One ticket: its provider fields, classification and the rules and
    keywords that matched."""
    return {
        "external_id": ticket.external_id,
        "tenant_id": ticket.tenant_id,
        "subject": ticket.subject,
        "message": ticket.message,
        "status": ticket.status,
        "source": ticket.source,
        "customer_id": ticket.customer_id,
        "created_at": format_datetime(ticket.created_at),
        "updated_at": format_datetime(ticket.updated_at),
        "urgency": ticket.urgency,
        "sentiment": ticket.sentiment,
        "requires_action": ticket.requires_action,
        "matched": {"rules": list(ticket.rules), "keywords": list(ticket.keywords)},
        "ruleset_version": ticket.ruleset_version,
        "deleted_at": format_datetime(ticket.deleted_at),
    }


def ticket_page_json(
    result: TicketPage, *, page: int | None, page_size: int, next_cursor: str | None
) -> dict[str, Any]:
    """A page of ``GET /tickets`` (and ``/tickets/urgent``); ``page`` is
    None for a page read by cursor."""
    return {
        "tickets": [ticket_json(t) for t in result.tickets],
        "total": result.total,
        "page": page,
        "page_size": page_size,
        "next_cursor": next_cursor,
    }


def history_json(tenant_id: str, external_id: str, records: list[HistoryRecord]) -> dict[str, Any]:
    """``GET /tickets/{external_id}/history``: newest first."""
    return {
        "ticket_id": external_id,
        "tenant_id": tenant_id,
        "history": [
            {
                "action": r.action,
                "changes": r.changes,
                "job_id": r.job_id,
                "recorded_at": format_datetime(r.recorded_at),
            }
            for r in records
        ],
    }


def stats_json(stats: TenantStats) -> dict[str, Any]:
    """``GET /tenants/{tenant_id}/stats``."""
    return {
        "tenant_id": stats.tenant_id,
        "from_date": format_datetime(stats.from_date),
        "to_date": format_datetime(stats.to_date),
        "total_tickets": stats.total_tickets,
        "by_status": stats.by_status,
        "by_urgency": stats.by_urgency,
        "by_sentiment": stats.by_sentiment,
        "by_source": stats.by_source,
        "urgency_high_ratio": stats.urgency_high_ratio,
        "negative_sentiment_ratio": stats.negative_sentiment_ratio,
        "requires_action_count": stats.requires_action_count,
        "hourly_trend": list(stats.hourly_trend),
        "top_keywords": list(stats.top_keywords),
        "at_risk_customers": list(stats.at_risk_customers),
        "at_risk_total": stats.at_risk_total,
        "generated_at": format_datetime(stats.generated_at),
    }


def job_json(view: JobView) -> dict[str, Any]:
    """A run's progress (``/ingest/progress/{job_id}``) or final report
    (``POST /ingest/run?wait=true``)."""
    return {
        "job_id": view.job_id,
        "tenant_id": view.tenant_id,
        "status": view.status,
        "progress": view.progress,
        "total_pages": view.total_pages,
        "processed_pages": view.processed_pages,
        "counts": view.report.as_dict(),
        "started_at": format_datetime(view.started_at),
        "ended_at": format_datetime(view.ended_at),
        "stalled": view.stalled,
        "cancel_requested": view.cancel_requested,
        "waiting": view.waiting,
        "error": view.error,
    }


def cancel_json(reply: CancelReply) -> dict[str, Any]:
    """``DELETE /ingest/{job_id}``: the run's progress, the request, and
    whether it reached the job record."""
    return {**job_json(reply.view), "cancel_requested": True, "cancel_recorded": reply.recorded}


def tenant_state_json(state: TenantRunState) -> dict[str, Any]:
    """``GET /ingest/status``."""
    return {
        "tenant_id": state.tenant_id,
        "state": "running" if state.active_job is not None else "idle",
        "active_job": job_json(state.active_job) if state.active_job is not None else None,
        "last_run": job_json(state.last_run) if state.last_run is not None else None,
        "next_scheduled_run": format_datetime(state.next_scheduled_run),
    }


def lease_json(tenant_id: str, status: LeaseStatus) -> dict[str, Any]:
    """``GET /ingest/lock/{tenant_id}``."""
    return {
        "tenant_id": tenant_id,
        "locked": status.locked,
        "owner": status.owner,
        "expires_at": format_datetime(status.expires_at),
    }


def breaker_json(status: dict[str, Any]) -> dict[str, Any]:
    """``GET /circuit/notify/status``: the notifier's report, times
    formatted."""
    body = {**status, "outbox": dict(status["outbox"])}
    for key in ("opened_at", "next_half_open_at"):
        body[key] = format_datetime(body[key])
    body["outbox"]["oldest_pending_at"] = format_datetime(body["outbox"]["oldest_pending_at"])
    return body


def dead_letters_json(tenant_id: str, entries: list[OutboxEntry]) -> dict[str, Any]:
    """``GET /notifications/dead``."""
    return {
        "tenant_id": tenant_id,
        "dead": [
            {
                "ticket_id": e.external_id,
                "urgency": e.urgency,
                "reason": e.reason,
                "idempotency_key": e.idempotency_key,
                "attempts": e.attempts,
                "outage_attempts": e.outage_attempts,
                "last_error": e.last_error,
                "created_at": format_datetime(e.created_at),
            }
            for e in entries
        ],
    }
