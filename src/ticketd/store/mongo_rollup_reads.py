"""The stats read of the MongoDB backend as aggregation pipelines over the
rollups (``ticketd.store.mongo_rollups``) and the tickets: ``$unionWith``
joins the rolled-up buckets and the edge hours' tickets; the sums, sorts and
limits run in the server."""

from __future__ import annotations

from typing import Any

from ticketd.domain.rollups import COUNT_COLUMNS, Piece
from ticketd.store.mongo_documents import to_millis
from ticketd.store.mongo_rollups import TICKET_COUNTS, eq_flag
from ticketd.store.sqlite_rows import from_ms

__all__ = [
    "READ_HINTS",
    "at_risk_pipeline",
    "counts_pipeline",
    "edge_count_filter",
    "hourly_pipeline",
    "suffix_customers_pipeline",
    "values_pipeline",
]


def _created(piece: Piece) -> dict[str, Any]:
    created: dict[str, Any] = {"$gte": to_millis(from_ms(piece.start))}
    if piece.end is not None:
        created["$lt"] = to_millis(from_ms(piece.end))
    return {"created_at": created}


def _ticket_match(tenant_id: str, pieces: list[Piece]) -> dict[str, Any]:
    """The live tickets of the (at most two) edge pieces, in one match."""
    live = {"tenant_id": tenant_id, "deleted_at": None}
    if len(pieces) == 1:
        return {**live, **_created(pieces[0])}
    return {**live, "$or": [_created(piece) for piece in pieces]}


def _rollup_match(tenant_id: str, piece: Piece) -> dict[str, Any]:
    bucket: dict[str, Any] = {"$gte": piece.start}
    if piece.end is not None:
        bucket["$lt"] = piece.end
    return {"tenant_id": tenant_id, "level": piece.kind, "bucket": bucket}


def _signed(value: Any, sign: int) -> Any:
    return value if sign == 1 else {"$multiply": [value, -1]}


def _union(
    tenant_id: str, pieces: list[Piece], part: Any, sign: int | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """One pipeline: the edge tickets (one part, first, so the store can
    hint its index), then each rollup piece joined by ``$unionWith``.
    ``part(tenant_id, pieces, sign)`` builds the part of the pieces of one
    kind; ``sign`` overrides the pieces' own."""
    edges = [p for p in pieces if p.kind == "tickets"]
    parts = []
    if edges:
        parts.append(part(tenant_id, edges, edges[0].sign if sign is None else sign))
    for piece in pieces:
        if piece.kind != "tickets":
            parts.append(part(tenant_id, [piece], piece.sign if sign is None else sign))
    (collection, pipeline), rest = parts[0], parts[1:]
    joined = list(pipeline)
    for other, other_pipeline in rest:
        joined.append({"$unionWith": {"coll": other, "pipeline": other_pipeline}})
    return collection, joined


def _count_part(tenant_id: str, pieces: list[Piece], sign: int) -> tuple[str, list[dict[str, Any]]]:
    if pieces[0].kind == "tickets":
        project = {c: _signed(e, sign) for c, e in TICKET_COUNTS.items()}
        return "tickets", [{"$match": _ticket_match(tenant_id, pieces)}, {"$project": project}]
    project = {c: _signed({"$ifNull": [f"${c}", 0]}, sign) for c in COUNT_COLUMNS}
    match = _rollup_match(tenant_id, pieces[0])
    return "rollup_counts", [{"$match": match}, {"$project": project}]


def counts_pipeline(tenant_id: str, pieces: list[Piece]) -> tuple[str, list[dict[str, Any]]]:
    """(collection, pipeline) answering one document of ``COUNT_COLUMNS``
    sums over the window's pieces (none when the window is empty)."""
    collection, pipeline = _union(tenant_id, pieces, _count_part)
    pipeline.append({"$group": {"_id": None, **{c: {"$sum": f"${c}"} for c in COUNT_COLUMNS}}})
    return collection, pipeline


def _value_part(dimension: str) -> Any:
    def part(tenant_id: str, pieces: list[Piece], sign: int) -> tuple[str, list[dict[str, Any]]]:
        if pieces[0].kind == "tickets":
            unwind = [{"$unwind": "$keywords"}] if dimension == "keyword" else []
            field = "$keywords" if dimension == "keyword" else "$source"
            return "tickets", [
                {"$match": _ticket_match(tenant_id, pieces)},
                *unwind,
                {"$project": {"value": field, "count": {"$literal": sign}}},
            ]
        return "rollup_values", [
            {"$match": {**_rollup_match(tenant_id, pieces[0]), "dimension": dimension}},
            {"$project": {"value": 1, "count": _signed("$count", sign)}},
        ]

    return part


def values_pipeline(
    tenant_id: str, pieces: list[Piece], dimension: str, top: int | None
) -> tuple[str, list[dict[str, Any]]]:
    """Counts of ``dimension`` (source or keyword) in the window, most
    frequent first: ``{_id: value, count}``, at most ``top``."""
    collection, pipeline = _union(tenant_id, pieces, _value_part(dimension))
    pipeline += [
        {"$group": {"_id": "$value", "count": {"$sum": "$count"}}},
        {"$match": {"count": {"$gt": 0}}},
        {"$sort": {"count": -1, "_id": 1}},
    ]
    if top is not None:
        pipeline.append({"$limit": top})
    return collection, pipeline


def _customer_part(
    tenant_id: str, pieces: list[Piece], sign: int
) -> tuple[str, list[dict[str, Any]]]:
    if pieces[0].kind == "tickets":
        risky = {"$or": [{"sentiment": "negative"}, {"urgency": "high"}]}
        project = {
            "customer_id": 1,
            "negative": _signed(eq_flag("sentiment", "negative"), sign),
            "high_urgency": _signed(eq_flag("urgency", "high"), sign),
            "tickets": {"$literal": sign},
        }
        return "tickets", [
            {"$match": {"$and": [_ticket_match(tenant_id, pieces), risky]}},
            {"$project": project},
        ]
    project = {
        "customer_id": 1,
        **{f: _signed(f"${f}", sign) for f in ("negative", "high_urgency", "tickets")},
    }
    return "rollup_customers", [
        {"$match": _rollup_match(tenant_id, pieces[0])},
        {"$project": project},
    ]


_SUM_CUSTOMERS = [
    {
        "$group": {
            "_id": "$customer_id",
            "negative": {"$sum": "$negative"},
            "high_urgency": {"$sum": "$high_urgency"},
            "tickets": {"$sum": "$tickets"},
        }
    },
    {"$match": {"tickets": {"$gt": 0}}},
]


def suffix_customers_pipeline(
    tenant_id: str, pieces: list[Piece]
) -> tuple[str, list[dict[str, Any]]]:
    """The customers of what a window without a start leaves out (the
    pieces after the all-time bucket): ``{_id: customer}`` documents."""
    collection, pipeline = _union(tenant_id, pieces[1:], _customer_part, sign=1)
    return collection, [*pipeline, *_SUM_CUSTOMERS, {"$project": {"_id": 1}}]


def at_risk_pipeline(
    tenant_id: str, pieces: list[Piece], top: int, suffix_customers: list[str]
) -> tuple[str, list[dict[str, Any]]]:
    """The most at-risk customers of the window: ``{_id: customer,
    negative, high_urgency, tickets}``. For a window without a start: the
    first ``top`` of the all-time order outside the suffix's customers (an
    index walk; their counts are final), the suffix's customers' all-time
    counts, minus the suffix."""
    if pieces[0].kind == "all":
        all_time = {"tenant_id": tenant_id, "level": "all"}
        project = {"customer_id": 1, "negative": 1, "high_urgency": 1, "tickets": 1}
        collection, pipeline = _union(tenant_id, pieces[1:], _customer_part, sign=-1)
        top_outside = [
            {"$match": {**all_time, "customer_id": {"$nin": suffix_customers}}},
            {"$sort": {"tickets": -1, "customer_id": 1}},
            {"$limit": top},
            {"$project": project},
        ]
        suffix_all_time = [
            {"$match": {**all_time, "customer_id": {"$in": suffix_customers}}},
            {"$project": project},
        ]
        pipeline += [
            {"$unionWith": {"coll": "rollup_customers", "pipeline": top_outside}},
            {"$unionWith": {"coll": "rollup_customers", "pipeline": suffix_all_time}},
        ]
    else:
        collection, pipeline = _union(tenant_id, pieces, _customer_part)
    pipeline += [
        _SUM_CUSTOMERS[0],
        {
            "$facet": {
                "top": [
                    {"$match": {"tickets": {"$gt": 0}}},
                    {"$sort": {"tickets": -1, "_id": 1}},
                    {"$limit": top},
                ],
                # customers with something in the window among those read;
                # of all time, the suffix's that drop to zero (the store
                # subtracts them from the all-time count)
                "present": [{"$match": {"tickets": {"$gt": 0}}}, {"$count": "n"}],
                "gone": [{"$match": {"tickets": {"$lte": 0}}}, {"$count": "n"}],
            }
        },
    ]
    return collection, pipeline


def hourly_pipeline(tenant_id: str, start: int, end: int) -> list[dict[str, Any]]:
    """Totals of the whole hours ``[start, end)``: ``{bucket, total}``."""
    match = {"tenant_id": tenant_id, "level": "hour", "bucket": {"$gte": start, "$lt": end}}
    return [{"$match": match}, {"$project": {"_id": 0, "bucket": 1, "total": 1}}]


# The index each collection's stats read starts on (``aggregate`` hint).
READ_HINTS = {
    "tickets": "tickets_tenant_live_created",
    "rollup_counts": "rollup_counts_key",
    "rollup_values": "rollup_values_key",
    "rollup_customers": "rollup_customers_key",
}


def edge_count_filter(tenant_id: str, start: int, end: int) -> dict[str, Any]:
    return _ticket_match(tenant_id, [Piece("tickets", start, end)])
