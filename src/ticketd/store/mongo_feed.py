"""The shared pass over the provider's feed on MongoDB
(``ticketd.store.feed_records``): collections ``feed_scans`` (``_id`` the
feed's key), ``feed_pages`` (``_id`` "key|sequence number", zero-padded so
the pages of a feed are one ``_id`` range) and ``feed_members`` (``_id``
"key|member id"), read from the primary, written with ``w: "majority"``.

The lease is taken in one conditional ``find_one_and_update`` (free,
expired or mine). A page is published in three steps, each fenced: the
scan record is read (lease still ours), the page is inserted under the
next sequence number (a duplicate key: someone else published it, the
lease is lost), and the scan record moves on only if its lease and last
sequence number are still the ones read; otherwise the page is removed
again and ``LeaseLost`` raised. Readers take pages only up to the scan
record's last sequence number, so a page inserted by a publish that then
failed is never read.

Every member write, release and leave deletes what nobody needs any more:
the records of members that expired (replicas that died never leave; of
any feed) and the pages every live member with subscribers has read (all
of them once none is left).

Time is the server's (``$$NOW``, as for tenant leases: ``mongo_base``):
expiries are set from it and liveness is judged by it, so a replica whose
clock runs ahead neither takes the fetch lease of a live holder nor finds
live members expired and deletes pages they have not read, and one whose
clock lags is not taken for dead. A round trip that judges liveness reads
the server's time with the scan record and uses it throughout.
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, IndexModel, ReadPreference, ReturnDocument
from pymongo.errors import DuplicateKeyError

from ticketd.domain.feed_pass import PageMark, SubscriberMark
from ticketd.errors import LeaseLost
from ticketd.store.feed_records import (
    DEAD_MEMBER_KEEP_SECONDS,
    FRONTIER,
    FeedLease,
    FeedMember,
    FeedScanState,
    FeedView,
    PublishedPage,
    key_shows_credentials,
    lowest_read,
)
from ticketd.store.mongo_base import MAJORITY, MongoCollections
from ticketd.store.mongo_errors import driver_errors

__all__ = ["FEED_INDEXES", "MongoFeedPasses"]

FEED_INDEXES: dict[str, list[IndexModel]] = {
    "feed_members": [
        IndexModel([("key", ASCENDING), ("expires_at", ASCENDING)], name="feed_members_live"),
        IndexModel([("expires_at", ASCENDING)], name="feed_members_expiry"),
    ],
}

_CALLS = tuple[int, int, int, float, float]
_DEFAULT_CALLS = [0, 0, 0, 0.0, 0.0]


def _calls(value: Any) -> _CALLS:
    a, b, c, d, e = value or _DEFAULT_CALLS
    return (int(a), int(b), int(c), float(d), float(e))


def _page_id(key: str, seq: int) -> str:
    return f"{key}|{seq:012d}"


def _scan(doc: dict[str, Any] | None) -> FeedScanState:
    if doc is None:
        return FeedScanState(None, 0, 0.0, 1, 1, 0)
    ids = doc.get("deleted_ids")
    return FeedScanState(
        owner=doc.get("owner"),
        token=int(doc.get("token", 0)),
        expires_at=float(doc.get("expires_at", 0.0)),
        cursor=int(doc.get("cursor", 1)),
        pass_id=int(doc.get("pass_id", 1)),
        last_seq=int(doc.get("last_seq", 0)),
        deleted_ids=None if ids is None else tuple(ids),
        deleted_error=doc.get("deleted_error"),
        deleted_started_at=doc.get("deleted_started_at"),
        deleted_calls=_calls(doc.get("deleted_calls")),
        waiting=doc.get("waiting"),
    )


def _page(doc: dict[str, Any]) -> PublishedPage:
    return PublishedPage(
        number=int(doc["number"]),
        next_page=doc.get("next_page"),
        end=bool(doc["end"]),
        body=bytes(doc.get("body", b"")),
        error=doc.get("error"),
        calls=_calls(doc.get("calls")),
        seq=int(doc["seq"]),
        pass_id=int(doc["pass_id"]),
    )


class MongoFeedPasses(MongoCollections):
    """``FeedPasses`` hooks of the Store (``FeedPassContract`` checks first)."""

    def _feed_collection(self, name: str) -> Any:
        return self._db.get_collection(
            name, read_preference=ReadPreference.PRIMARY, write_concern=MAJORITY
        )

    async def _feed_scan(self, key: str) -> tuple[FeedScanState, float]:
        """The scan record, and the store's time read with it (epoch
        seconds; this process's clock when there is no record yet: then no
        lease, member or page is there to judge)."""
        cursor = await self._feed_collection("feed_scans").aggregate(
            [{"$match": {"_id": key}}, {"$addFields": {"_now": self._epoch_now()}}]
        )
        docs = await cursor.to_list(1)
        if not docs:
            return _scan(None), float(self._clock.now().timestamp())
        return _scan(docs[0]), float(docs[0]["_now"])

    async def _ensure_feed_scan(self, key: str) -> None:
        await self._feed_collection("feed_scans").update_one(
            {"_id": key},
            {
                "$setOnInsert": {
                    "owner": None, "token": 0, "expires_at": 0.0, "cursor": 1, "pass_id": 1,
                    "last_seq": 0, "deleted_calls": _DEFAULT_CALLS,
                }
            },
            upsert=True,
        )  # fmt: skip

    async def _feed_members(self, key: str, now: float) -> tuple[FeedMember, ...]:
        cursor = self._feed_collection("feed_members").find(
            {"key": key, "expires_at": {"$gt": now}}
        )
        return tuple(
            [
                FeedMember(
                    member_id=doc["member_id"],
                    read_seq=int(doc["read_seq"]),
                    subscribers=tuple(SubscriberMark(j, bool(w)) for j, w in doc["subscribers"]),
                    deleted_after=doc.get("deleted_after"),
                )
                async for doc in cursor
            ]
        )

    async def _collect_feed(self, key: str, members: tuple[FeedMember, ...], now: float) -> None:
        """Delete long-expired member records (``DEAD_MEMBER_KEEP_SECONDS``)
        and the pages ``members`` (the live ones) have all read."""
        await self._feed_collection("feed_members").delete_many(
            {"expires_at": {"$lte": now - DEAD_MEMBER_KEEP_SECONDS}}
        )
        low = lowest_read(members)
        upper = f"{key}|~" if low is None else _page_id(key, low + 1)
        await self._feed_collection("feed_pages").delete_many(
            {"_id": {"$gt": f"{key}|", "$lt": upper}}
        )

    async def _drop_feeds_showing_credentials(self) -> list[str]:
        """Delete every record of the feeds whose key shows a credential in
        clear (``key_shows_credentials``: written before keys were masked);
        returns those keys. Run by ``open``; the driver's errors are the
        caller's to map."""
        scans = self._feed_collection("feed_scans")
        pages = self._feed_collection("feed_pages")
        members = self._feed_collection("feed_members")
        keys = {doc["_id"] async for doc in scans.find({}, projection={"_id": True})}
        keys |= {doc["key"] async for doc in members.find({}, projection={"key": True})}
        async for doc in pages.find({}, projection={"_id": True}):
            keys.add(doc["_id"].rpartition("|")[0])
        dropped = sorted(key for key in keys if key_shows_credentials(key))
        for key in dropped:
            await scans.delete_one({"_id": key})
            await members.delete_many({"key": key})
            await pages.delete_many({"_id": {"$gt": f"{key}|", "$lt": f"{key}|~"}})
        return dropped

    @driver_errors
    async def _follow_feed(
        self,
        key: str,
        member_id: str,
        *,
        member: FeedMember | None,
        ttl_seconds: float,
        read_seq: int,
        limit: int,
    ) -> FeedView:
        if member is not None:
            await self._ensure_feed_scan(key)
        scan, now = await self._feed_scan(key)
        if member is not None:
            read_seq = scan.last_seq if member.read_seq == FRONTIER else member.read_seq
            await self._feed_collection("feed_members").update_one(
                {"_id": f"{key}|{member.member_id}"},
                {
                    "$set": {
                        "key": key,
                        "member_id": member.member_id,
                        "read_seq": read_seq,
                        "subscribers": [[s.joined_at, s.wrapping] for s in member.subscribers],
                        "deleted_after": member.deleted_after,
                        "expires_at": now + ttl_seconds,
                    }
                },
                upsert=True,
            )
        elif read_seq == FRONTIER:
            read_seq = scan.last_seq
        members = await self._feed_members(key, now)
        if member is not None:
            await self._collect_feed(key, members, now)
        pages = self._feed_collection("feed_pages")
        low = lowest_read(members)
        marks = pages.find(
            {
                "_id": {
                    "$gt": _page_id(key, scan.last_seq if low is None else low),
                    "$lte": _page_id(key, scan.last_seq),
                }
            },
            projection={"body": False},
            sort=[("_id", 1)],
        )
        mark_list = tuple(
            [
                PageMark(int(d["seq"]), int(d["number"]), bool(d["end"]), bool(d.get("error")))
                async for d in marks
            ]
        )
        found = pages.find(
            {"_id": {"$gt": _page_id(key, read_seq), "$lte": _page_id(key, scan.last_seq)}},
            sort=[("_id", 1)],
            limit=limit,
        )
        return FeedView(
            scan=scan,
            now=now,
            read_seq=read_seq,
            pages=tuple([_page(d) async for d in found]),
            members=members,
            marks=mark_list,
        )

    @driver_errors
    async def _claim_feed(self, key: str, owner: str, ttl_seconds: float) -> FeedLease | None:
        await self._ensure_feed_scan(key)
        now = self._epoch_now()
        mine = {"$eq": ["$owner", {"$literal": owner}]}
        expired = {"$expr": {"$lte": ["$expires_at", now]}}
        doc = await self._feed_collection("feed_scans").find_one_and_update(
            {"_id": key, "$or": [{"owner": owner}, {"owner": None}, expired]},
            [
                {
                    "$set": {
                        "token": {"$cond": [mine, "$token", {"$add": ["$token", 1]}]},
                        "waiting": {"$cond": [mine, "$waiting", None]},
                        "owner": {"$literal": owner},
                        "expires_at": {"$add": [now, ttl_seconds]},
                    }
                }
            ],
            return_document=ReturnDocument.AFTER,
        )
        return None if doc is None else FeedLease(key, owner, int(doc["token"]))

    @driver_errors
    async def _publish_feed_page(
        self, lease: FeedLease, page: PublishedPage, *, cursor: int, ttl_seconds: float
    ) -> PublishedPage:
        scans = self._feed_collection("feed_scans")
        scan, _ = await self._feed_scan(lease.key)
        if scan.owner != lease.owner or scan.token != lease.token:
            raise LeaseLost(f"the fetch lease of the feed pass changed hands (token {lease.token})")
        seq, pass_id = scan.last_seq + 1, scan.pass_id
        pages = self._feed_collection("feed_pages")
        page_id = _page_id(lease.key, seq)
        # A page at this sequence number may be left over from a publish
        # that stopped between this write and the scan record's (a kill, a
        # driver error): readers never see it (they read up to last_seq),
        # and the holder of the lease at that token or a later one writes
        # over it. A page of a later token is another replica's: lost.
        try:
            await pages.replace_one(
                {"_id": page_id, "token": {"$lte": lease.token}},
                {
                    "seq": seq, "pass_id": pass_id, "token": lease.token,
                    "number": page.number, "next_page": page.next_page, "end": page.end,
                    "error": page.error, "body": page.body, "calls": list(page.calls),
                },
                upsert=True,
            )  # fmt: skip
        except DuplicateKeyError:
            raise LeaseLost("another replica published the feed pass's next page") from None
        moved = await scans.update_one(
            {"_id": lease.key, "owner": lease.owner, "token": lease.token, "last_seq": seq - 1},
            [
                {
                    "$set": {
                        "last_seq": seq,
                        "cursor": cursor,
                        "pass_id": pass_id + (cursor == 1),
                        "expires_at": {"$add": [self._epoch_now(), ttl_seconds]},
                        "waiting": None,
                    }
                }
            ],
        )
        if moved.matched_count != 1:
            await pages.delete_one({"_id": page_id, "token": lease.token})
            raise LeaseLost(f"the fetch lease of the feed pass changed hands (token {lease.token})")
        return PublishedPage(
            page.number, page.next_page, page.end, page.body, page.error, page.calls, seq, pass_id
        )

    @driver_errors
    async def _publish_feed_deleted(
        self,
        lease: FeedLease,
        *,
        ids: tuple[str, ...] | None,
        error: str | None,
        started_at: float,
        calls: _CALLS,
    ) -> None:
        result = await self._feed_collection("feed_scans").update_one(
            {"_id": lease.key, "owner": lease.owner, "token": lease.token},
            {
                "$set": {
                    "deleted_ids": None if ids is None else list(ids),
                    "deleted_error": error,
                    "deleted_started_at": started_at,
                    "deleted_calls": list(calls),
                }
            },
        )
        if result.matched_count != 1:
            raise LeaseLost(f"the fetch lease of the feed pass changed hands (token {lease.token})")

    @driver_errors
    async def _note_feed_waiting(self, lease: FeedLease, waiting: str | None) -> None:
        await self._feed_collection("feed_scans").update_one(
            {"_id": lease.key, "owner": lease.owner, "token": lease.token},
            {"$set": {"waiting": waiting}},
        )

    @driver_errors
    async def _release_feed(self, lease: FeedLease, *, restart: bool) -> None:
        held = {"_id": lease.key, "owner": lease.owner, "token": lease.token}
        update: list[dict[str, Any]] = [
            {"$set": {"owner": None, "expires_at": 0.0, "waiting": None}}
        ]
        if restart:
            update[0]["$set"]["pass_id"] = {
                "$cond": [{"$eq": ["$cursor", 1]}, "$pass_id", {"$add": ["$pass_id", 1]}]
            }
            update.append({"$set": {"cursor": 1}})
        result = await self._feed_collection("feed_scans").update_one(held, update)
        if result.matched_count == 1:
            _, now = await self._feed_scan(lease.key)
            await self._collect_feed(lease.key, await self._feed_members(lease.key, now), now)

    @driver_errors
    async def _leave_feed(self, key: str, member_id: str) -> None:
        await self._feed_collection("feed_members").delete_one({"_id": f"{key}|{member_id}"})
        _, now = await self._feed_scan(key)
        await self._collect_feed(key, await self._feed_members(key, now), now)
