"""The shared provider budget on MongoDB: one document per budget in
``rate_budgets`` (``_id`` the budget's name, ``grants`` the sliding log in
epoch seconds, ``paused_until``, ``version``).

A slice is taken by compare-and-swap: read the document, compute the slice
(``ticketd.domain.budget_slices``), and write the new log only if
``version`` is still the one read. A replica that loses the race reads
again; a pause bumps ``version`` too, so no slice computed before a pause
is written after it.
"""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from ticketd.domain.budget_slices import PermitSlice, give_back, take_slice
from ticketd.store.mongo_base import MongoCollections
from ticketd.store.mongo_errors import driver_errors

__all__ = ["MongoBudgets"]

_CAS_ATTEMPTS = 8
_CONTENDED_WAIT_SECONDS = 0.05  # every attempt lost a race: ask again soon


class MongoBudgets(MongoCollections):
    """Shared-budget hooks of the Store (``StoreContract``)."""

    @driver_errors
    async def _take_permits(
        self, budget: str, *, want: int, limit: int, span_seconds: float, hold_seconds: float
    ) -> PermitSlice:
        for _ in range(_CAS_ATTEMPTS):
            doc = await self._budget_with_now(budget)
            if doc is None:
                try:
                    await self._budgets.insert_one(
                        {"_id": budget, "grants": [], "paused_until": 0.0, "version": 0}
                    )
                except DuplicateKeyError:
                    pass  # another replica created it first
                continue
            taken = take_slice(
                doc.get("grants", []),
                float(doc.get("paused_until", 0.0)),
                now=float(doc["_now"]),
                want=want,
                limit=limit,
                span=span_seconds,
                hold=hold_seconds,
            )
            if taken.permits.granted == 0:
                return taken.permits  # nothing to record
            result = await self._budgets.update_one(
                {"_id": budget, "version": doc.get("version", 0)},
                {"$set": {"grants": list(taken.grants)}, "$inc": {"version": 1}},
            )
            if result.matched_count == 1:
                return taken.permits
        return PermitSlice(0, _CONTENDED_WAIT_SECONDS, 0.0)

    async def _budget_with_now(self, budget: str) -> dict[str, Any] | None:
        """The budget's record and the store's time read with it (epoch
        seconds, the server's): every replica judges the sliding log by one
        clock, so one whose clock runs ahead does not take the others'
        grants for expired."""
        cursor = await self._budgets.aggregate(
            [{"$match": {"_id": budget}}, {"$addFields": {"_now": self._epoch_now()}}]
        )
        docs = await cursor.to_list(1)
        return docs[0] if docs else None

    @driver_errors
    async def _give_back_permits(self, budget: str, *, stamp: float, count: int) -> None:
        # Compare-and-swap as for a slice; lost races are tried again, and a
        # give-back that loses every one leaves the permits to expire.
        for _ in range(_CAS_ATTEMPTS):
            doc = await self._budgets.find_one({"_id": budget})
            if doc is None:
                return
            result = await self._budgets.update_one(
                {"_id": budget, "version": doc.get("version", 0)},
                {
                    "$set": {"grants": list(give_back(doc["grants"], stamp=stamp, count=count))},
                    "$inc": {"version": 1},
                },
            )
            if result.matched_count == 1:
                return

    @driver_errors
    async def _pause_budget(self, budget: str, seconds: float) -> None:
        # A pipeline update: the end is the server's now plus ``seconds``,
        # the clock ``_take_permits`` judges it by.
        until = {"$add": [self._epoch_now(), seconds]}
        await self._budgets.update_one(
            {"_id": budget},
            [
                {
                    "$set": {
                        "paused_until": {"$max": [{"$ifNull": ["$paused_until", 0.0]}, until]},
                        "version": {"$add": [{"$ifNull": ["$version", 0]}, 1]},
                        "grants": {"$ifNull": ["$grants", []]},
                    }
                }
            ],
            upsert=True,
        )
