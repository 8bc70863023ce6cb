"""Rollups on MongoDB, the write side: the collections ``rollup_counts``,
``rollup_values`` and ``rollup_customers`` (same shape as the SQLite
tables, see ``ticketd.domain.rollups``), their indexes, their ``$inc``
upserts and their rebuild from the tickets. The stats read over them is in
``ticketd.store.mongo_rollup_reads``.

Writes: the rollup ``$inc`` bulk writes of a batch are statements of its
ticket write's transaction (``ticketd.store.mongo_ticket_writes``), so
rollups and tickets change together or not at all.
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, DeleteOne, IndexModel, UpdateOne

from ticketd.domain.rollups import COUNT_COLUMNS, DIMENSIONS, HOUR_MS, RollupDelta

__all__ = [
    "ROLLUP_INDEXES",
    "TICKET_COUNTS",
    "eq_flag",
    "rebuild_pipelines",
    "rollup_operations",
]

_KEY = [("tenant_id", ASCENDING), ("level", ASCENDING), ("bucket", ASCENDING)]
ROLLUP_INDEXES: dict[str, list[IndexModel]] = {
    "rollup_counts": [IndexModel(_KEY, name="rollup_counts_key", unique=True)],
    "rollup_values": [
        IndexModel(
            [*_KEY, ("dimension", ASCENDING), ("value", ASCENDING)],
            name="rollup_values_key",
            unique=True,
        )
    ],
    "rollup_customers": [
        IndexModel([*_KEY, ("customer_id", ASCENDING)], name="rollup_customers_key", unique=True),
        # The most at-risk customers of all time, read in order. Partial:
        # only all-time documents, so it is never a candidate for the
        # hourly reads.
        IndexModel(
            [
                ("tenant_id", ASCENDING),
                ("level", ASCENDING),
                ("tickets", DESCENDING),
                ("customer_id", ASCENDING),
            ],
            name="rollup_customers_top",
            partialFilterExpression={"level": "all"},
        ),
    ],
}


def rollup_operations(tenant_id: str, delta: RollupDelta) -> dict[str, list[Any]]:
    """Per collection, the ordered bulk of ``$inc`` upserts for ``delta``
    followed by the deletion of the counters it brought to zero."""
    counts: list[Any] = []
    for (level, bucket), row in delta.count_items():
        key = {"tenant_id": tenant_id, "level": level, "bucket": bucket}
        increments = {column: n for column, n in zip(COUNT_COLUMNS, row, strict=True) if n}
        counts.append(UpdateOne(key, {"$inc": increments}, upsert=True))
        if row[0] < 0:
            counts.append(DeleteOne({**key, "total": 0}))
    values: list[Any] = []
    for (level, bucket, dimension, value), n in delta.value_items():
        key = {
            "tenant_id": tenant_id,
            "level": level,
            "bucket": bucket,
            "dimension": dimension,
            "value": value,
        }
        values.append(UpdateOne(key, {"$inc": {"count": n}}, upsert=True))
        if n < 0:
            values.append(DeleteOne({**key, "count": 0}))
    customers: list[Any] = []
    for (level, bucket, customer), (negative, high, n) in delta.customer_items():
        key = {"tenant_id": tenant_id, "level": level, "bucket": bucket, "customer_id": customer}
        change = {"negative": negative, "high_urgency": high, "tickets": n}
        customers.append(UpdateOne(key, {"$inc": change}, upsert=True))
        if n < 0:
            customers.append(DeleteOne({**key, "tickets": 0}))
    return {"rollup_counts": counts, "rollup_values": values, "rollup_customers": customers}


def eq_flag(field: str, value: str) -> dict[str, Any]:
    """1 when the document's ``field`` is ``value``, else 0."""
    return {"$cond": [{"$eq": [f"${field}", value]}, 1, 0]}


# Each ticket's contribution to every ``COUNT_COLUMNS`` counter.
TICKET_COUNTS: dict[str, Any] = {
    "total": {"$literal": 1},
    **{
        f"{dimension}_{value}": eq_flag(dimension, value)
        for dimension, values in DIMENSIONS.items()
        for value in values
    },
    "requires_action": {"$cond": ["$requires_action", 1, 0]},
}


# -- rebuilding --------------------------------------------------------------
def _bucket(level: str) -> Any:
    if level == "all":
        return {"$literal": 0}
    millis = {"$toLong": "$created_at"}
    return {"$subtract": [millis, {"$mod": [millis, HOUR_MS]}]}


_KEY_FIELDS = ("dimension", "value", "customer_id")


def rebuild_pipelines(tenant_id: str, level: str) -> dict[str, list[dict[str, Any]]]:
    """Per rollup collection, the aggregation over the tenant's live
    tickets that yields its documents at ``level`` (without ``_id``)."""
    live = {"$match": {"tenant_id": tenant_id, "deleted_at": None}}
    bucket = _bucket(level)

    def finish(*fields: str) -> dict[str, Any]:
        return {
            "$project": {
                "_id": 0,
                "tenant_id": {"$literal": tenant_id},
                "level": {"$literal": level},
                "bucket": "$_id.bucket",
                **{f: f"$_id.{f}" for f in fields if f in _KEY_FIELDS},
                **{f: 1 for f in fields if f not in _KEY_FIELDS},
            }
        }

    counts = {c: {"$sum": e} for c, e in TICKET_COUNTS.items()}
    return {
        "rollup_counts": [
            live,
            {"$group": {"_id": {"bucket": bucket}, **counts}},
            finish(*COUNT_COLUMNS),
        ],
        "rollup_values": [
            live,
            {
                "$project": {
                    "created_at": 1,
                    "values": {
                        "$concatArrays": [
                            [{"d": "source", "v": "$source"}],
                            {
                                "$map": {
                                    "input": "$keywords",
                                    "in": {"d": "keyword", "v": "$$this"},
                                }
                            },
                        ]
                    },
                }
            },
            {"$unwind": "$values"},
            {
                "$group": {
                    "_id": {"bucket": bucket, "dimension": "$values.d", "value": "$values.v"},
                    "count": {"$sum": 1},
                }
            },
            finish("dimension", "value", "count"),
        ],
        "rollup_customers": [
            live,
            {"$match": {"$or": [{"sentiment": "negative"}, {"urgency": "high"}]}},
            {
                "$group": {
                    "_id": {"bucket": bucket, "customer_id": "$customer_id"},
                    "negative": {"$sum": eq_flag("sentiment", "negative")},
                    "high_urgency": {"$sum": eq_flag("urgency", "high")},
                    "tickets": {"$sum": 1},
                }
            },
            finish("customer_id", "negative", "high_urgency", "tickets"),
        ],
    }
