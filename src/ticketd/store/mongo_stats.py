"""Tenant analytics of the MongoDB backend: read from the rollups (the
pipelines of ``mongo_rollup_reads``) or, with ``from_tickets``, by the ticket
scan pipeline of ``mongo_queries``; rollup writes (rebuilds:
``mongo_rollup_rebuild``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ticketd.domain.rollups import COUNT_COLUMNS, DIMENSIONS, HOUR_MS, RollupDelta, window_pieces
from ticketd.store.mongo_base import MAJORITY, MongoCollections
from ticketd.store.mongo_documents import to_millis
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.mongo_queries import stats_from_facets, stats_pipeline
from ticketd.store.mongo_rollup_reads import (
    READ_HINTS,
    at_risk_pipeline,
    counts_pipeline,
    edge_count_filter,
    hourly_pipeline,
    suffix_customers_pipeline,
    values_pipeline,
)
from ticketd.store.mongo_rollups import rollup_operations
from ticketd.store.mongo_transactions import run_transaction
from ticketd.store.records import TenantStats
from ticketd.store.sqlite_rows import format_hour, to_ms
from ticketd.store.stats_shape import TOP_LIMIT, shape_stats

__all__ = ["ROLLUP_COLLECTIONS", "MongoStats"]

ROLLUP_COLLECTIONS = ("rollup_counts", "rollup_values", "rollup_customers")


def _count(rows: list[dict[str, Any]]) -> int:
    return int(rows[0]["n"]) if rows else 0


class MongoStats(MongoCollections):
    """Stats hooks of the Store, and the rollup writes of the ticket
    writes (their rebuild: ``mongo_rollup_rebuild``)."""

    async def _aggregate(
        self, collection: str, pipeline: list[dict[str, Any]], session: Any = None
    ) -> list[Any]:
        # Without ``session`` (the ticket scan), the URL's read preference;
        # inside a transaction (the rollup stats, a rebuild), its snapshot
        # on the primary.
        cursor = await self._db[collection].aggregate(
            pipeline, hint=READ_HINTS[collection], session=session
        )
        return await cursor.to_list(None)

    async def _apply_rollups(self, tenant_id: str, delta: RollupDelta, session: Any) -> None:
        """Add ``delta`` to the tenant's rollups (ordered: increments, then
        the removal of counters they brought to zero), in ``session``'s
        transaction (a ticket write's)."""
        for collection, operations in rollup_operations(tenant_id, delta).items():
            if operations:
                rollups = self._db.get_collection(collection, write_concern=MAJORITY)
                await rollups.bulk_write(operations, ordered=True, session=session)

    @driver_errors
    async def _tenant_stats(
        self,
        tenant_id: str,
        from_date: datetime | None,
        end: datetime,
        now: datetime,
        *,
        from_tickets: bool,
    ) -> TenantStats:
        if from_tickets:
            start = None if from_date is None else to_millis(from_date)
            cursor = await self._tickets_read.aggregate(
                stats_pipeline(tenant_id, start, to_millis(end)), hint=READ_HINTS["tickets"]
            )
            (facets,) = await cursor.to_list(None)
            return stats_from_facets(
                facets, tenant_id=tenant_id, from_date=from_date, to_date=end, generated_at=now
            )

        async def read(session: Any) -> TenantStats:
            return await self._rollup_stats(session, tenant_id, from_date, end, now)

        # One snapshot for every query (a read-only transaction on the
        # primary): a page write committing between two of them made
        # by_source add up to more than the total during ingestion.
        async with self._db.client.start_session() as session:
            return await run_transaction(
                session,
                read,
                bound_seconds=self._conflict_bound(None),
                deadline_seconds=self._timeout_seconds,
                what="stats",
            )

    async def _rollup_stats(
        self, session: Any, tenant_id: str, from_date: datetime | None, end: datetime, now: datetime
    ) -> TenantStats:
        to_ms_ = to_ms(end)
        from_ms = None if from_date is None else to_ms(from_date)
        pieces = window_pieces(from_ms, to_ms_)
        totals = dict.fromkeys(COUNT_COLUMNS, 0)
        keywords: tuple[dict[str, Any], ...] = ()
        sources: dict[str, int] = {}
        at_risk: tuple[dict[str, Any], ...] = ()
        at_risk_total = 0
        if pieces:
            for row in await self._aggregate(*counts_pipeline(tenant_id, pieces), session):
                totals.update({c: int(row[c]) for c in COUNT_COLUMNS})
            pipeline = values_pipeline(tenant_id, pieces, "keyword", TOP_LIMIT)
            keywords = tuple(
                {"keyword": row["_id"], "count": int(row["count"])}
                for row in await self._aggregate(*pipeline, session)
            )
            pipeline = values_pipeline(tenant_id, pieces, "source", None)
            sources = {
                row["_id"]: int(row["count"]) for row in await self._aggregate(*pipeline, session)
            }
            suffix: list[str] = []
            if pieces[0].kind == "all":
                pipeline = suffix_customers_pipeline(tenant_id, pieces)
                suffix = [row["_id"] for row in await self._aggregate(*pipeline, session)]
            pipeline = at_risk_pipeline(tenant_id, pieces, TOP_LIMIT, suffix)
            (facets,) = await self._aggregate(*pipeline, session)
            at_risk = tuple(
                {
                    "customer_id": row["_id"],
                    "negative": int(row["negative"]),
                    "high_urgency": int(row["high_urgency"]),
                    "tickets": int(row["tickets"]),
                }
                for row in facets["top"]
            )
            if pieces[0].kind == "all":
                everyone = await self._db["rollup_customers"].count_documents(
                    {"tenant_id": tenant_id, "level": "all"}, session=session
                )
                at_risk_total = everyone - _count(facets["gone"])
            else:
                at_risk_total = _count(facets["present"])
        maps: dict[str, dict[str, int]] = {
            dimension: {v: totals[f"{dimension}_{v}"] for v in values if totals[f"{dimension}_{v}"]}
            for dimension, values in DIMENSIONS.items()
        }
        maps["source"] = sources
        required = totals["requires_action"]
        maps["requires_action"] = {
            k: n for k, n in (("0", totals["total"] - required), ("1", required)) if n > 0
        }
        hourly = await self._hourly_trend(session, tenant_id, from_ms, to_ms_)
        return shape_stats(
            tenant_id, from_date, end, now, maps, hourly, keywords, at_risk, at_risk_total
        )

    async def _hourly_trend(
        self, session: Any, tenant_id: str, from_ms: int | None, to_ms_: int
    ) -> tuple[dict[str, Any], ...]:
        """As the SQLite backend: whole hours from their rollups, the (at
        most two) hours the window cuts by counting their tickets."""
        first = to_ms_ - to_ms_ % HOUR_MS - 23 * HOUR_MS
        start, end = (first if from_ms is None else max(first, from_ms)), to_ms_ + 1
        counts = dict.fromkeys(range(first, first + 24 * HOUR_MS, HOUR_MS), 0)
        whole_from = -(-start // HOUR_MS) * HOUR_MS
        whole_to = end - end % HOUR_MS
        edges: list[tuple[int, int]] = []
        if start >= end:
            pass
        elif whole_from > whole_to:
            edges = [(start, end)]
        else:
            edges = [(start, whole_from), (whole_to, end)]
            if whole_from < whole_to:
                pipeline = hourly_pipeline(tenant_id, whole_from, whole_to)
                for row in await self._aggregate("rollup_counts", pipeline, session):
                    counts[int(row["bucket"])] = int(row["total"])
        for edge_start, edge_end in edges:
            if edge_start < edge_end:
                n = await self._tickets_read.count_documents(
                    edge_count_filter(tenant_id, edge_start, edge_end),
                    hint=READ_HINTS["tickets"],
                    session=session,
                )
                counts[edge_start - edge_start % HOUR_MS] += n
        return tuple({"hour": format_hour(hour), "count": n} for hour, n in counts.items())
