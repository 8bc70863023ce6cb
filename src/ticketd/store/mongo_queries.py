"""The MongoDB backend's indexes and its read queries (ticket list, stats
pipeline), kept apart from the store so tests can ``explain()`` exactly the
queries the store runs.

Every query on tickets starts with an equality on ``tenant_id`` and every
ticket index starts with ``tenant_id``, so no query reads other tenants'
documents. The stats pipeline buckets hours with date ``$subtract``,
``$divide`` and ``$floor`` (the same arithmetic as the SQLite backend's SQL).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel

from ticketd.domain.ticket import format_datetime
from ticketd.store.mongo_documents import to_millis
from ticketd.store.mongo_indexes import drop_index_if_there
from ticketd.store.records import TenantStats, TicketFilter, TicketKey

__all__ = [
    "COLLECTION_INDEXES",
    "DELIVERED_OUTBOX_RETENTION_SECONDS",
    "HISTORY_SORT",
    "JOB_LOG_SORT",
    "LOCK_RETENTION_SECONDS",
    "OUTBOX_CLAIM_SORT",
    "OUTBOX_LIST_SORT",
    "RECENT_JOBS_SORT",
    "SORTED_QUERIES",
    "TICKET_LIST_SORT",
    "UNUSED_TICKET_INDEXES",
    "drop_unused_indexes",
    "hourly_window_start",
    "stats_from_facets",
    "stats_match",
    "stats_pipeline",
    "ticket_after_queries",
    "ticket_list_query",
]

# TTL indexes compare a date with the *server's* clock, so their fields are
# stamped by the server (``$currentDate``, ``$$NOW``), never from the injected
# Clock, whose time drives lease and retry logic and may be far from the
# server's (a FakeClock in tests, a skewed replica).
#
# A lock document untouched (no acquire, refresh or release) this long is
# removed; its fencing token then restarts at 1 (see ``acquire_lease``).
LOCK_RETENTION_SECONDS = 7 * 24 * 3600
# Delivered notifications are kept this long for audit, then removed.
DELIVERED_OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600

TOP_KEYWORDS = 10
AT_RISK_CUSTOMERS = 10
HOURLY_BUCKETS = 24
_HOUR_MS = 3_600_000

# Every sorted query ends its sort with a unique key (``_id``, or the
# external id, unique within a tenant), so pages are stable, and has an
# index made of its equality fields followed by exactly that sort: the
# server walks the index in order and stops after a page, with no in-memory
# sort, however large the backlog.
#
# Newest first, ties by external id (ascending); the list index serves it.
TICKET_LIST_SORT = [("created_at", DESCENDING), ("external_id", ASCENDING)]
HISTORY_SORT = [("recorded_at", DESCENDING), ("_id", DESCENDING)]
RECENT_JOBS_SORT = [("started_at", DESCENDING), ("_id", DESCENDING)]
JOB_LOG_SORT = [("at", ASCENDING), ("_id", ASCENDING)]
# The claim: retries first, then the oldest due.
OUTBOX_CLAIM_SORT = [("attempts", DESCENDING), ("next_attempt_at", ASCENDING), ("_id", ASCENDING)]
OUTBOX_LIST_SORT = [("created_at", ASCENDING), ("_id", ASCENDING)]

# (collection, equality fields of the filter, sort) of every sorted query
# the backend runs; a test checks each has an index serving it.
SORTED_QUERIES = [
    ("tickets", ("tenant_id", "deleted_at"), TICKET_LIST_SORT),
    ("ticket_history", ("tenant_id", "external_id"), HISTORY_SORT),
    ("ingestion_jobs", ("tenant_id",), RECENT_JOBS_SORT),
    ("ingestion_logs", ("job_id",), JOB_LOG_SORT),
    ("notification_outbox", ("status",), OUTBOX_CLAIM_SORT),
    ("notification_outbox", ("tenant_id", "status"), OUTBOX_LIST_SORT),
]

_LIST_FILTER_FIELDS = ("status", "urgency", "sentiment", "source", "requires_action")


def _filter_index(field: str) -> IndexModel:
    # Equality fields first, then the sort key (ESR rule).
    return IndexModel(
        [
            ("tenant_id", ASCENDING),
            (field, ASCENDING),
            ("deleted_at", ASCENDING),
            ("created_at", DESCENDING),
            ("external_id", ASCENDING),
        ],
        name=f"tickets_tenant_{field}_live_created",
    )


COLLECTION_INDEXES: dict[str, list[IndexModel]] = {
    "tickets": [
        IndexModel(
            [("tenant_id", ASCENDING), ("external_id", ASCENDING)],
            name="tickets_tenant_external_unique",
            unique=True,
        ),
        # The unfiltered list, live ids, and the stats ``$match``.
        IndexModel(
            [
                ("tenant_id", ASCENDING),
                ("deleted_at", ASCENDING),
                ("created_at", DESCENDING),
                ("external_id", ASCENDING),
            ],
            name="tickets_tenant_live_created",
        ),
        *(_filter_index(field) for field in _LIST_FILTER_FIELDS),
    ],
    "ticket_history": [
        IndexModel(
            [("tenant_id", ASCENDING), ("external_id", ASCENDING), *HISTORY_SORT],
            name="history_tenant_ticket_recorded",
        ),
        # One record per change of a ticket: a retried write meets the
        # record of its first attempt (records from before keys existed
        # have no ``event`` and are left out).
        IndexModel(
            [("tenant_id", ASCENDING), ("external_id", ASCENDING), ("event", ASCENDING)],
            name="history_event_unique",
            unique=True,
            partialFilterExpression={"event": {"$exists": True}},
        ),
    ],
    "ingestion_jobs": [
        IndexModel([("tenant_id", ASCENDING), *RECENT_JOBS_SORT], name="jobs_tenant_started"),
        IndexModel([("status", ASCENDING)], name="jobs_status"),
    ],
    "ingestion_logs": [
        IndexModel([("job_id", ASCENDING), *JOB_LOG_SORT], name="logs_job_at"),
    ],
    "locks": [
        IndexModel([("tenant_id", ASCENDING)], name="locks_tenant_unique", unique=True),
        IndexModel(
            [("server_touched_at", ASCENDING)],
            name="locks_idle_ttl",
            expireAfterSeconds=LOCK_RETENTION_SECONDS,
        ),
    ],
    "notification_outbox": [
        IndexModel([("idempotency_key", ASCENDING)], name="outbox_idempotency_unique", unique=True),
        # The claim: pending and due, retries first, then oldest due.
        IndexModel([("status", ASCENDING), *OUTBOX_CLAIM_SORT], name="outbox_status_attempts_due"),
        IndexModel(
            [("status", ASCENDING), ("created_at", ASCENDING)], name="outbox_status_created"
        ),
        IndexModel(
            [("tenant_id", ASCENDING), ("status", ASCENDING), *OUTBOX_LIST_SORT],
            name="outbox_tenant_status_created",
        ),
        # Only delivered entries have the server's delivery date.
        IndexModel(
            [("server_delivered_at", ASCENDING)],
            name="outbox_delivered_ttl",
            expireAfterSeconds=DELIVERED_OUTBOX_RETENTION_SECONDS,
        ),
    ],
}


# Indexes of older versions that nothing reads any more: every ticket
# query is on the live index or a filter index (the stats read rollups).
UNUSED_TICKET_INDEXES = ("tickets_tenant_created",)


async def drop_unused_indexes(tickets: Any) -> None:
    """Drop ``UNUSED_TICKET_INDEXES`` where an older version made them
    (idempotent)."""
    for name in UNUSED_TICKET_INDEXES:
        await drop_index_if_there(tickets, name)


def ticket_list_query(tenant_id: str, filters: TicketFilter) -> dict[str, Any]:
    """The ``find`` filter of ``list_tickets``: the tenant's live tickets
    matching the equality filters (compared with ``$eq`` so a value can never
    act as an operator)."""
    query: dict[str, Any] = {"tenant_id": tenant_id, "deleted_at": None}
    for field in _LIST_FILTER_FIELDS:
        value = getattr(filters, field)
        if value is not None:
            query[field] = {"$eq": value}
    return query


def ticket_after_queries(
    query: dict[str, Any], after: TicketKey
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``query`` narrowed to the tickets strictly after ``after`` in the
    list's order (``created_at`` descending, ties by ``external_id``
    ascending), as two queries read one after the other: the ties of the
    position's ``created_at`` after its ``external_id``, then every older
    ticket. Each is an equality and a range on the list index, so the
    server seeks to the position; one query with an ``$or`` of the two
    cases is not (SecantusDB scans the collection for it, and a planner may
    index each branch apart and sort in memory)."""
    created = to_millis(after.created_at)
    ties = {**query, "created_at": created, "external_id": {"$gt": after.external_id}}
    older = {**query, "created_at": {"$lt": created}}
    return ties, older


def hourly_window_start(to_date: datetime) -> datetime:
    """Start of the oldest of the 24 hourly buckets; the newest bucket is the
    clock hour containing ``to_date``."""
    hour = to_date.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return hour - timedelta(hours=HOURLY_BUCKETS - 1)


def stats_match(tenant_id: str, from_date: datetime | None, to_date: datetime) -> dict[str, Any]:
    """The ``$match`` of the stats pipeline (served by the live index)."""
    created: dict[str, Any] = {"$lte": to_millis(to_date)}
    if from_date is not None:
        created["$gte"] = to_millis(from_date)
    return {"tenant_id": tenant_id, "deleted_at": None, "created_at": created}


def _count_by(field: str) -> list[dict[str, Any]]:
    return [{"$group": {"_id": f"${field}", "count": {"$sum": 1}}}]


def _count_if(condition: dict[str, Any]) -> dict[str, Any]:
    return {"$sum": {"$cond": [condition, 1, 0]}}


def stats_pipeline(
    tenant_id: str, from_date: datetime | None, to_date: datetime
) -> list[dict[str, Any]]:
    """ONE aggregation: match the window, then every figure in a ``$facet``.
    Its result is one small document whatever the number of tickets."""
    window_start = hourly_window_start(to_date)
    negative = {"$eq": ["$sentiment", "negative"]}
    high = {"$eq": ["$urgency", "high"]}
    return [
        {"$match": stats_match(tenant_id, from_date, to_date)},
        {
            "$facet": {
                "totals": [
                    {
                        "$group": {
                            "_id": None,
                            "total": {"$sum": 1},
                            "high": _count_if(high),
                            "negative": _count_if(negative),
                            "requires_action": _count_if({"$eq": ["$requires_action", True]}),
                        }
                    }
                ],
                "by_status": _count_by("status"),
                "by_urgency": _count_by("urgency"),
                "by_sentiment": _count_by("sentiment"),
                "by_source": _count_by("source"),
                "hourly": [
                    {"$match": {"created_at": {"$gte": window_start}}},
                    {
                        "$group": {
                            "_id": {
                                "$floor": {
                                    "$divide": [
                                        {"$subtract": ["$created_at", window_start]},
                                        _HOUR_MS,
                                    ]
                                }
                            },
                            "count": {"$sum": 1},
                        }
                    },
                ],
                "top_keywords": [
                    {"$unwind": "$keywords"},
                    {"$group": {"_id": "$keywords", "count": {"$sum": 1}}},
                    {"$sort": {"count": -1, "_id": 1}},
                    {"$limit": TOP_KEYWORDS},
                ],
                "at_risk": [
                    {"$match": {"$or": [{"sentiment": "negative"}, {"urgency": "high"}]}},
                    {
                        "$group": {
                            "_id": "$customer_id",
                            "negative": _count_if(negative),
                            "high_urgency": _count_if(high),
                            "tickets": {"$sum": 1},
                        }
                    },
                    {"$sort": {"tickets": -1, "_id": 1}},
                    {"$limit": AT_RISK_CUSTOMERS},
                ],
                "at_risk_total": [
                    {"$match": {"$or": [{"sentiment": "negative"}, {"urgency": "high"}]}},
                    {"$group": {"_id": "$customer_id"}},
                    {"$count": "customers"},
                ],
            }
        },
    ]


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def stats_from_facets(
    facets: dict[str, Any],
    *,
    tenant_id: str,
    from_date: datetime | None,
    to_date: datetime,
    generated_at: datetime,
) -> TenantStats:
    """Fold the pipeline's one result document into ``TenantStats``: zero-fill
    the hourly buckets and compute the ratios (24 + a few values, never the
    tenant's tickets)."""
    totals = facets["totals"][0] if facets["totals"] else {}
    total = int(totals.get("total", 0))
    window_start = hourly_window_start(to_date)
    counts = {int(row["_id"]): int(row["count"]) for row in facets["hourly"]}
    hourly = tuple(
        {
            "hour": format_datetime(window_start + timedelta(hours=index)),
            "count": counts.get(index, 0),
        }
        for index in range(HOURLY_BUCKETS)
    )

    def by(name: str) -> dict[str, int]:
        return {str(row["_id"]): int(row["count"]) for row in facets[name]}

    return TenantStats(
        tenant_id=tenant_id,
        from_date=from_date,
        to_date=to_date,
        total_tickets=total,
        by_status=by("by_status"),
        by_urgency=by("by_urgency"),
        by_sentiment=by("by_sentiment"),
        by_source=by("by_source"),
        urgency_high_ratio=_ratio(int(totals.get("high", 0)), total),
        negative_sentiment_ratio=_ratio(int(totals.get("negative", 0)), total),
        requires_action_count=int(totals.get("requires_action", 0)),
        hourly_trend=hourly,
        top_keywords=tuple(
            {"keyword": row["_id"], "count": int(row["count"])} for row in facets["top_keywords"]
        ),
        at_risk_customers=tuple(
            {
                "customer_id": row["_id"],
                "negative": int(row["negative"]),
                "high_urgency": int(row["high_urgency"]),
                "tickets": int(row["tickets"]),
            }
            for row in facets["at_risk"]
        ),
        generated_at=generated_at,
        at_risk_total=int(facets["at_risk_total"][0]["customers"])
        if facets.get("at_risk_total")
        else 0,
    )
