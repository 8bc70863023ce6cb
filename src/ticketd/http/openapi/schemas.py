"""Component schemas of the OpenAPI document (response bodies)."""

from __future__ import annotations

from ticketd.domain.report import REJECTED_LISTED, REPORT_FIELDS
from ticketd.domain.ticket import SENTIMENTS, STATUSES, URGENCIES
from ticketd.http.openapi._common import (
    _COUNT,
    _COUNT_MAP,
    _FLOAT_FIELDS,
    _STRING,
    _TENANT,
    _TIMESTAMP,
    _TIMESTAMP_PATTERN,
    JOB_ID_PATTERN,
    Schema,
    _nullable,
    _object,
    _schema,
)
from ticketd.store import JOB_STATUSES


def _schemas() -> dict[str, Schema]:
    job_view = {
        "job_id": {"type": "string", "pattern": JOB_ID_PATTERN},
        "tenant_id": _TENANT,
        "status": {"type": "string", "enum": list(JOB_STATUSES)},
        "progress": {"type": "number", "minimum": 0, "maximum": 100},
        "total_pages": _nullable(_COUNT),
        "processed_pages": _COUNT,
        "counts": _schema("RunReport"),
        "started_at": _TIMESTAMP,
        "ended_at": _nullable(_TIMESTAMP),
        "stalled": {"type": "boolean"},
        "cancel_requested": {"type": "boolean"},
        "waiting": {
            "enum": ["budget", "retry_after", "backoff", None],
            "description": "what a running job waits for now, else null",
        },
        "error": _nullable(_STRING),
    }
    dependency = {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["up", "down"]}, "error": _STRING},
        "additionalProperties": False,
    }
    return {
        "Error": _object(
            {"error": _object({"code": _STRING, "message": _STRING})},
            description="Every 4xx/5xx answer of the service.",
        ),
        "Timestamp": {
            "type": "string",
            "format": "date-time",
            "pattern": _TIMESTAMP_PATTERN,
            "description": "ISO 8601 in UTC, millisecond precision, ending in Z.",
        },
        "Ticket": _object(
            {
                "external_id": _STRING,
                "tenant_id": _TENANT,
                "subject": _STRING,
                "message": _STRING,
                "status": {"type": "string", "enum": list(STATUSES)},
                "source": {
                    "type": "string",
                    "description": "Usually one of email, web, chat, api; "
                    "'unknown' when the provider gave none.",
                },
                "customer_id": _STRING,
                "created_at": _TIMESTAMP,
                "updated_at": _TIMESTAMP,
                "urgency": {"type": "string", "enum": list(URGENCIES)},
                "sentiment": {"type": "string", "enum": list(SENTIMENTS)},
                "requires_action": {"type": "boolean"},
                "matched": _object(
                    {
                        "rules": {"type": "array", "items": _STRING},
                        "keywords": {"type": "array", "items": _STRING},
                    }
                ),
                "ruleset_version": _STRING,
                "deleted_at": _nullable(_TIMESTAMP),
            },
            description="A classified ticket.",
        ),
        "TicketPage": _object(
            {
                "tickets": {"type": "array", "items": _schema("Ticket"), "maxItems": 100},
                "total": _COUNT,
                "page": _nullable({"type": "integer", "minimum": 1}),
                "page_size": {"type": "integer", "minimum": 1, "maximum": 100},
                "next_cursor": _nullable(_STRING),
            },
            description="One page of non-deleted tickets, newest created_at first; "
            "total counts all matches (the whole list's, also on a page read by cursor); "
            "page is null on a page read by cursor; next_cursor continues the list after "
            "this page's last ticket (pass it as cursor), null on the last page.",
        ),
        "TicketHistory": _object(
            {
                "ticket_id": _STRING,
                "tenant_id": _TENANT,
                "history": {
                    "type": "array",
                    "items": _object(
                        {
                            "action": {
                                "type": "string",
                                "enum": ["created", "updated", "deleted", "restored"],
                            },
                            "changes": {
                                "type": "object",
                                "description": "field -> {old, new}",
                                "additionalProperties": {"type": "object"},
                            },
                            "job_id": _nullable(_STRING),
                            "recorded_at": _TIMESTAMP,
                        }
                    ),
                },
            },
            description="History records of one ticket, newest first.",
        ),
        "TenantStats": _object(
            {
                "tenant_id": _TENANT,
                "from_date": _nullable(_TIMESTAMP),
                "to_date": _TIMESTAMP,
                "total_tickets": _COUNT,
                "by_status": _COUNT_MAP,
                "by_urgency": _COUNT_MAP,
                "by_sentiment": _COUNT_MAP,
                "by_source": _COUNT_MAP,
                "urgency_high_ratio": {"type": "number", "minimum": 0, "maximum": 1},
                "negative_sentiment_ratio": {"type": "number", "minimum": 0, "maximum": 1},
                "requires_action_count": _COUNT,
                "hourly_trend": {
                    "type": "array",
                    "minItems": 24,
                    "maxItems": 24,
                    "items": _object({"hour": _TIMESTAMP, "count": _COUNT}),
                    "description": "24 zero-filled UTC clock hours, oldest first; "
                    "the last holds to_date.",
                },
                "top_keywords": {
                    "type": "array",
                    "maxItems": 10,
                    "items": _object({"keyword": _STRING, "count": _COUNT}),
                },
                "at_risk_customers": {
                    "type": "array",
                    "maxItems": 10,
                    "items": _object(
                        {
                            "customer_id": _STRING,
                            "negative": _COUNT,
                            "high_urgency": _COUNT,
                            "tickets": _COUNT,
                        }
                    ),
                },
                "at_risk_total": {
                    **_COUNT,
                    "description": "customers with a negative or high-urgency ticket in "
                    "the window (at_risk_customers lists the first ten)",
                },
                "generated_at": _TIMESTAMP,
            },
            description="Analytics over the tenant's non-deleted tickets with created_at "
            "in [from_date, to_date] (to_date defaults to now).",
        ),
        "RunReport": _object(
            {
                **{
                    field: ({"type": "number", "minimum": 0} if field in _FLOAT_FIELDS else _COUNT)
                    for field in REPORT_FIELDS
                    if field not in ("deletion_skipped", "rejected")
                },
                "rejected": {
                    "type": "array",
                    "maxItems": REJECTED_LISTED,
                    "items": _object(
                        {
                            "id": {
                                **_STRING,
                                "description": "The record's id as a Python literal, "
                                "escaped, its first 64 characters (and its length when "
                                "longer); None when it had none.",
                            },
                            "reason": _STRING,
                            "page": _COUNT,
                        }
                    ),
                    "description": "The first records of the feed that failed validation "
                    "and are this tenant's or of no readable tenant, never stored; "
                    "rejected_unlisted counts the rest. errors counts every tenant's.",
                },
                "deletion_skipped": {
                    **_nullable(_STRING),
                    "description": "Why the run deleted no ticket by absence (an incomplete "
                    "scan, or more than max_delete_fraction of the live tickets); null "
                    "when deletion ran.",
                },
            },
            description="Counters of one ingestion run.",
        ),
        "JobView": _object(job_view, description="Progress (or final report) of a run."),
        "CancelledJobView": _object(
            {
                **job_view,
                "cancel_requested": {"type": "boolean", "const": True},
                "cancel_recorded": {
                    "type": "boolean",
                    "description": "Whether the request is in the job record: false when "
                    "the run of this process was told but the database was unavailable "
                    "(the final status is written when the run ends, if it is then).",
                },
            }
        ),
        "RunAccepted": _object(
            {
                "job_id": {"type": "string", "pattern": JOB_ID_PATTERN},
                "tenant_id": _TENANT,
                "status": {"type": "string", "const": "running"},
            }
        ),
        "IngestStatus": _object(
            {
                "tenant_id": _TENANT,
                "state": {"type": "string", "enum": ["running", "idle"]},
                "active_job": _nullable(_schema("JobView")),
                "last_run": _nullable(_schema("JobView")),
                "next_scheduled_run": _nullable(_TIMESTAMP),
            }
        ),
        "LockStatus": _object(
            {
                "tenant_id": _TENANT,
                "locked": {"type": "boolean"},
                "owner": _nullable(_STRING),
                "expires_at": _nullable(_TIMESTAMP),
            }
        ),
        "BreakerStatus": _object(
            {
                "state": {"type": "string", "enum": ["closed", "open", "half_open"]},
                "failure_count": _COUNT,
                "window": _COUNT,
                "failures_threshold": _COUNT,
                "open_seconds": {"type": "number", "minimum": 0},
                "opened_at": _nullable(_TIMESTAMP),
                "next_half_open_at": _nullable(_TIMESTAMP),
                "trial_in_flight": {"type": "boolean"},
                "calls": _COUNT,
                "successes": _COUNT,
                "failures": _COUNT,
                "rejections": _COUNT,
                "openings": _COUNT,
                "outbox": _object(
                    {
                        "pending": _COUNT,
                        "dead": _COUNT,
                        "delivered": _COUNT,
                        "oldest_pending_at": _nullable(_TIMESTAMP),
                    }
                ),
            }
        ),
        "BreakerReset": _object({"status": {"type": "string", "const": "reset"}}),
        "DeadNotifications": _object(
            {
                "tenant_id": _TENANT,
                "dead": {
                    "type": "array",
                    "items": _object(
                        {
                            "ticket_id": _STRING,
                            "urgency": _STRING,
                            "reason": _STRING,
                            "idempotency_key": _STRING,
                            "attempts": _COUNT,
                            "outage_attempts": _COUNT,
                            "last_error": _nullable(_STRING),
                            "created_at": _TIMESTAMP,
                        }
                    ),
                },
            }
        ),
        "Requeued": _object({"tenant_id": _TENANT, "requeued": _COUNT}),
        "Health": _object(
            {
                "status": {"type": "string", "enum": ["ok", "degraded"]},
                "version": _STRING,
                "checks": _object(
                    {
                        "database": dependency,
                        "provider": {
                            **dependency,
                            "properties": {
                                **dependency["properties"],
                                "throttled_until": {
                                    **_TIMESTAMP,
                                    "description": "when the Retry-After of the provider's "
                                    "latest 429 (ticket endpoints, this replica's calls) "
                                    "ends; only while it has not",
                                },
                                "retry_after_seconds": {"type": "number", "minimum": 0},
                                "throttled": {
                                    **_STRING,
                                    "description": "what the 429 means for the feed: calls "
                                    "wait until then, or fail past the 300 s a call waits",
                                },
                            },
                        },
                        "actors": dependency,
                    }
                ),
            }
        ),
        "Liveness": _object(
            {
                "status": {"type": "string", "enum": ["ok", "down"]},
                "version": _STRING,
                "supervisor": _STRING,
                "actors": {"type": "object", "additionalProperties": dependency},
            }
        ),
    }
