"""Store contract: the notification outbox (enqueue per high-urgency
episode, exclusive claims with a lease, retries first, retry / dead-letter
/ requeue, summary). Runs on every backend."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from typing import Any

import attrs
import pymongo
import pytest

from ticketd.domain.changes import idempotency_key
from ticketd.store import OutboxSummary
from ticketd.store.sqlite import SqliteStore

from .conftest import START

pytestmark = pytest.mark.timeout(30)


async def enqueue(store, clock, make_ticket, count, tenant_id="acme", step=1.0):
    """``count`` high-urgency tickets, each applied ``step`` seconds after the
    previous one, so their outbox entries have distinct creation times."""
    tickets = []
    for n in range(1, count + 1):
        ticket = make_ticket(f"ext-{n:03d}", tenant_id=tenant_id, urgency="high")
        await store.apply_tickets(tenant_id, [ticket], job_id=None)
        tickets.append(ticket)
        await clock.advance(step)
    return tickets


async def pending(store, tenant_id="acme"):
    return await store.list_outbox(tenant_id, status="pending", limit=100)


async def test_high_urgency_ticket_is_enqueued_with_its_idempotency_key(store, make_ticket):
    high = make_ticket("ext-001", urgency="high", rules=("refund.request",))
    await store.apply_tickets("acme", [high, make_ticket("ext-002", urgency="medium")], job_id=None)

    [entry] = await pending(store)

    assert (entry.tenant_id, entry.external_id, entry.urgency) == ("acme", "ext-001", "high")
    assert entry.idempotency_key == idempotency_key(high)
    assert (entry.status, entry.attempts, entry.last_error, entry.delivered_at) == (
        "pending", 0, None, None,
    )  # fmt: skip
    assert entry.created_at == START and entry.next_attempt_at == START
    assert isinstance(entry.reason, str) and entry.reason
    assert entry.entry_id


async def test_one_notification_per_high_urgency_episode(store, clock, make_ticket):
    high = make_ticket("ext-001", urgency="high", message="refund now")
    await store.apply_tickets("acme", [high], job_id=None)
    # re-apply, flappy updated_at, and an update that stays high: no new entry
    await store.apply_tickets("acme", [high], job_id=None)
    flappy = attrs.evolve(high, updated_at=high.updated_at + timedelta(minutes=1))
    assert (await store.apply_tickets("acme", [flappy], job_id=None)).notifications_queued == 0
    still_high = attrs.evolve(
        high, message="refund NOW", updated_at=high.updated_at + timedelta(minutes=2)
    )
    result = await store.apply_tickets("acme", [still_high], job_id=None)
    assert result.count("updated") == 1 and result.notifications_queued == 0
    assert len(await pending(store)) == 1

    low = attrs.evolve(still_high, urgency="low", updated_at=high.updated_at + timedelta(minutes=3))
    assert (await store.apply_tickets("acme", [low], job_id=None)).notifications_queued == 0
    high_again = attrs.evolve(
        low, urgency="high", updated_at=high.updated_at + timedelta(minutes=4)
    )
    result = await store.apply_tickets("acme", [high_again], job_id=None)

    assert [o.notification_queued for o in result.outcomes] == [True]
    keys = [e.idempotency_key for e in await pending(store)]
    assert keys == [idempotency_key(high), idempotency_key(high_again)]
    assert (await store.outbox_summary()).pending == 2


async def test_an_episode_queued_already_queues_nothing_again(store, make_ticket):
    """Re-classifications that take a ticket to high again without a newer
    provider version keep its idempotency key: queued once, whether the
    earlier high row is in the same batch or was written before."""
    high = make_ticket("ext-001", urgency="high", ruleset_version="v1")
    low = attrs.evolve(high, urgency="low", ruleset_version="v2")
    again = attrs.evolve(high, ruleset_version="v3")
    other = make_ticket("ext-002", urgency="high")

    result = await store.apply_tickets("acme", [high, low, again, other], job_id=None)

    assert result.count("updated") == 2
    assert [o.notification_queued for o in result.outcomes] == [True, False, False, True]
    lower = attrs.evolve(high, urgency="low", ruleset_version="v4")
    result = await store.apply_tickets(
        "acme", [lower, attrs.evolve(high, ruleset_version="v5")], job_id=None
    )
    assert [o.notification_queued for o in result.outcomes] == [False, False]
    assert sorted(e.external_id for e in await pending(store)) == ["ext-001", "ext-002"]


async def test_claim_is_exclusive_between_owners(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 5)

    first = await store.claim_notifications("notifier-a", limit=3, lease_seconds=30)
    second = await store.claim_notifications("notifier-b", limit=10, lease_seconds=30)

    assert len(first) == 3 and len(second) == 2
    assert {e.entry_id for e in first}.isdisjoint(e.entry_id for e in second)
    assert await store.claim_notifications("notifier-c", limit=10, lease_seconds=30) == []
    # Not even the same owner gets an entry it already has in flight.
    assert await store.claim_notifications("notifier-a", limit=10, lease_seconds=30) == []


async def test_concurrent_claims_never_share_an_entry(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 20, step=0)

    claims = await asyncio.gather(
        *(store.claim_notifications(f"notifier-{n}", limit=4, lease_seconds=30) for n in range(8))
    )

    claimed = [e.entry_id for claim in claims for e in claim]
    assert len(claimed) == len(set(claimed)) == 20


async def test_claim_is_reclaimable_after_its_lease_expires(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 2)
    taken = await store.claim_notifications("notifier-a", limit=10, lease_seconds=30)
    await clock.advance(29)
    assert await store.claim_notifications("notifier-b", limit=10, lease_seconds=30) == []

    await clock.advance(1)
    retaken = await store.claim_notifications("notifier-b", limit=10, lease_seconds=30)

    assert [e.entry_id for e in retaken] == [e.entry_id for e in taken]
    assert all(e.attempts == 0 for e in retaken)  # an expired claim is not an attempt
    # the stale owner can no longer settle it
    await store.mark_delivered(taken[0].entry_id, "notifier-a")
    assert len(await pending(store)) == 2


async def test_extending_claims_keeps_them_from_other_claimers(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 3)
    mine = await store.claim_notifications("notifier-a", limit=2, lease_seconds=10)
    theirs = await store.claim_notifications("notifier-b", limit=1, lease_seconds=10)
    ids = [e.entry_id for e in mine]
    await clock.advance(8)

    # only the owner's live claims are extended; another owner's are not
    both = [*ids, theirs[0].entry_id]
    assert await store.extend_claims("notifier-a", both, lease_seconds=10) == 2
    await clock.advance(8)  # 16 s after the claim: past its first lease
    taken = await store.claim_notifications("notifier-c", limit=10, lease_seconds=10)

    assert [e.entry_id for e in taken] == [theirs[0].entry_id]


async def test_an_expired_claim_is_not_revived(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 1)
    [entry] = await store.claim_notifications("notifier-a", limit=1, lease_seconds=10)
    await clock.advance(10)

    assert await store.extend_claims("notifier-a", [entry.entry_id], lease_seconds=10) == 0
    assert await store.extend_claims("notifier-a", [], lease_seconds=10) == 0
    assert len(await store.claim_notifications("notifier-b", limit=1, lease_seconds=10)) == 1


async def test_claims_oldest_first_and_retries_before_first_attempts(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 4)
    claimed = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    assert [e.external_id for e in claimed] == ["ext-001", "ext-002", "ext-003", "ext-004"]
    by_id = {e.external_id: e.entry_id for e in claimed}
    now = clock.now()
    await store.schedule_retry(by_id["ext-004"], "notifier", next_attempt_at=now, error="503")
    await store.schedule_retry(by_id["ext-003"], "notifier", next_attempt_at=now, error="503")
    for ext in ("ext-001", "ext-002"):
        await store.release_claim(by_id[ext], "notifier")

    order = await store.claim_notifications("notifier", limit=10, lease_seconds=30)

    assert [e.external_id for e in order] == ["ext-003", "ext-004", "ext-001", "ext-002"]
    assert [e.attempts for e in order] == [1, 1, 0, 0]


async def test_retry_with_more_attempts_goes_first(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 3)
    entries = {e.external_id: e.entry_id for e in await pending(store)}
    for _ in range(2):  # ext-002 fails twice, ext-001 once
        await store.claim_notifications("n", limit=10, lease_seconds=30)
        await store.schedule_retry(entries["ext-002"], "n", next_attempt_at=clock.now(), error="e")
        for ext in ("ext-001", "ext-003"):
            await store.release_claim(entries[ext], "n")
    await store.claim_notifications("n", limit=10, lease_seconds=30)
    await store.schedule_retry(entries["ext-001"], "n", next_attempt_at=clock.now(), error="e")
    await store.release_claim(entries["ext-002"], "n")
    await store.release_claim(entries["ext-003"], "n")

    [first] = await store.claim_notifications("n", limit=1, lease_seconds=30)

    assert (first.external_id, first.attempts) == ("ext-002", 2)


async def test_schedule_retry_counts_an_attempt_and_waits_until_due(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 1)
    [entry] = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    due = clock.now() + timedelta(seconds=60)

    await store.schedule_retry(entry.entry_id, "notifier", next_attempt_at=due, error="HTTP 503")

    [waiting] = await pending(store)
    assert (waiting.attempts, waiting.last_error, waiting.next_attempt_at) == (1, "HTTP 503", due)
    assert await store.claim_notifications("notifier", limit=10, lease_seconds=30) == []
    await clock.advance(59)
    assert await store.claim_notifications("other", limit=10, lease_seconds=30) == []
    await clock.advance(1)
    [again] = await store.claim_notifications("other", limit=10, lease_seconds=30)
    assert (again.entry_id, again.attempts) == (entry.entry_id, 1)


async def test_an_uncounted_retry_waits_until_due_without_spending_an_attempt(
    store, clock, make_ticket
):
    """A failure while the provider as a whole fails (``counted=False``)
    counts as an attempt, also as an outage attempt (not against the
    entry's budget), with its error and due time; a requeue clears both."""
    await enqueue(store, clock, make_ticket, 1)
    [entry] = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    due = clock.now() + timedelta(seconds=30)

    await store.schedule_retry(
        entry.entry_id, "notifier", next_attempt_at=due, error="HTTP 503", counted=False
    )

    [waiting] = await pending(store)
    assert (waiting.attempts, waiting.outage_attempts, waiting.own_attempts) == (1, 1, 0)
    assert (waiting.last_error, waiting.next_attempt_at) == ("HTTP 503", due)
    assert await store.claim_notifications("other", limit=10, lease_seconds=30) == []
    await clock.advance(30)
    [again] = await store.claim_notifications("other", limit=10, lease_seconds=30)
    assert (again.entry_id, again.attempts, again.outage_attempts) == (entry.entry_id, 1, 1)
    await store.mark_dead(again.entry_id, "other", error="too old")
    assert await store.requeue_dead("acme") == 1
    [requeued] = await pending(store)
    assert (requeued.attempts, requeued.outage_attempts) == (0, 0)


async def test_release_claim_gives_the_entry_back_without_an_attempt(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 1)
    [entry] = await store.claim_notifications("notifier-a", limit=10, lease_seconds=30)

    await store.release_claim(entry.entry_id, "notifier-b")  # not the owner: ignored
    assert await store.claim_notifications("notifier-b", limit=10, lease_seconds=30) == []
    await store.release_claim(entry.entry_id, "notifier-a")

    [again] = await store.claim_notifications("notifier-b", limit=10, lease_seconds=30)
    assert (again.entry_id, again.attempts, again.last_error) == (entry.entry_id, 0, None)


async def test_mark_delivered(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 2)
    claimed = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    await clock.advance(5)

    await store.mark_delivered(claimed[0].entry_id, "intruder")  # not the owner: ignored
    assert len(await pending(store)) == 2
    await store.mark_delivered(claimed[0].entry_id, "notifier")

    [delivered] = await store.list_outbox("acme", status="delivered", limit=10)
    assert (delivered.entry_id, delivered.status, delivered.delivered_at) == (
        claimed[0].entry_id, "delivered", clock.now(),
    )  # fmt: skip
    await store.release_claim(claimed[1].entry_id, "notifier")
    await clock.advance(3600)
    again = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    assert [e.entry_id for e in again] == [claimed[1].entry_id]


async def test_mark_dead_and_requeue_dead(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 2)
    await enqueue(store, clock, make_ticket, 1, tenant_id="globex")
    claimed = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    acme_entry = next(e for e in claimed if e.tenant_id == "acme")
    globex_entry = next(e for e in claimed if e.tenant_id == "globex")
    await store.schedule_retry(
        acme_entry.entry_id, "notifier", next_attempt_at=clock.now(), error="e1"
    )
    [acme_entry] = [
        e
        for e in await store.claim_notifications("notifier", limit=10, lease_seconds=30)
        if e.entry_id == acme_entry.entry_id
    ]

    await store.mark_dead(acme_entry.entry_id, "notifier", error="gave up")
    await store.mark_dead(globex_entry.entry_id, "notifier", error="gave up")

    [dead] = await store.list_outbox("acme", status="dead", limit=10)
    assert (dead.entry_id, dead.status, dead.attempts, dead.last_error) == (
        acme_entry.entry_id, "dead", 2, "gave up",
    )  # fmt: skip
    await clock.advance(3600)
    assert acme_entry.entry_id not in {
        e.entry_id for e in await store.claim_notifications("n2", limit=10, lease_seconds=30)
    }
    assert await store.requeue_dead("nobody") == 0

    assert await store.requeue_dead("acme") == 1

    assert await store.list_outbox("acme", status="dead", limit=10) == []
    [requeued] = [e for e in await pending(store) if e.entry_id == acme_entry.entry_id]
    assert (requeued.attempts, requeued.next_attempt_at) == (0, clock.now())
    assert len(await store.list_outbox("globex", status="dead", limit=10)) == 1
    await clock.advance(30)  # n2's claim on the other pending entry lapses
    reclaimed = await store.claim_notifications("n3", limit=10, lease_seconds=30)
    assert acme_entry.entry_id in {e.entry_id for e in reclaimed}


async def test_outbox_summary(store, clock, make_ticket):
    assert await store.outbox_summary() == OutboxSummary(0, 0, 0, None)
    await enqueue(store, clock, make_ticket, 3)
    await enqueue(store, clock, make_ticket, 1, tenant_id="globex")
    claimed = await store.claim_notifications("n", limit=2, lease_seconds=30)  # the two oldest
    await store.mark_delivered(claimed[0].entry_id, "n")
    await store.mark_dead(claimed[1].entry_id, "n", error="x")

    summary = await store.outbox_summary()

    assert (summary.pending, summary.dead, summary.delivered) == (2, 1, 1)
    assert summary.oldest_pending_at == START + timedelta(seconds=2)  # acme ext-003


async def test_list_outbox_is_oldest_first_scoped_and_limited(store, clock, make_ticket):
    await enqueue(store, clock, make_ticket, 3)
    await enqueue(store, clock, make_ticket, 2, tenant_id="globex")

    acme = await store.list_outbox("acme", status="pending", limit=2)

    assert [e.external_id for e in acme] == ["ext-001", "ext-002"]
    assert all(e.tenant_id == "acme" for e in acme)
    assert [e.tenant_id for e in await pending(store, "globex")] == ["globex", "globex"]
    assert await store.list_outbox("acme", status="delivered", limit=10) == []


async def test_a_claim_extended_at_the_instant_it_was_set_still_counts(store, clock, make_ticket):
    """Extending counts the claims still held, whether or not their end
    moves: at the instant of the claim (a delivery confirming it before
    its POST) or twice in one instant (a renewal round and a confirm), the
    end is the same millisecond. MongoDB's modified count said 0 there,
    and the notifier dropped the delivery as if its claim were lost."""
    await enqueue(store, clock, make_ticket, 1)
    [entry] = await store.claim_notifications("notifier-a", limit=1, lease_seconds=10)

    assert await store.extend_claims("notifier-a", [entry.entry_id], lease_seconds=10) == 1
    await clock.advance(3)
    assert await store.extend_claims("notifier-a", [entry.entry_id], lease_seconds=10) == 1
    assert await store.extend_claims("notifier-a", [entry.entry_id], lease_seconds=10) == 1


async def requeue_as_before_outage_attempts(store, request, tenant_id: str) -> None:
    """Requeue the tenant's dead entries as a replica of a build before
    outage attempts did (its own statement): attempts back to 0,
    ``outage_attempts`` left as it was."""
    if isinstance(store, SqliteStore):
        conn = sqlite3.connect(request.getfixturevalue("tmp_path") / "ticketd.db")
        try:
            with conn:
                conn.execute(
                    "UPDATE notification_outbox SET status = 'pending', attempts = 0, "
                    "next_attempt_at = 0, claim_owner = NULL, claim_expires_at = NULL "
                    "WHERE tenant_id = ? AND status = 'dead'",
                    (tenant_id,),
                )
        finally:
            conn.close()
        return
    client: Any = pymongo.AsyncMongoClient(request.getfixturevalue("mongo_url"))
    try:
        await client.get_default_database()["notification_outbox"].update_many(
            {"tenant_id": tenant_id, "status": "dead"},
            {
                "$set": {
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": START,
                    "claimed_by": None,
                    "claim_expires_at": None,
                }
            },
        )
    finally:
        await client.close()


async def test_a_requeue_by_an_older_build_leaves_no_negative_own_attempts(
    store, clock, make_ticket, request
):
    """1. An entry fails 3 times during an outage (outage attempts) and is
       dead-lettered.
    2. A replica of a build before outage attempts requeues it: its
       attempts go back to 0, its outage attempts stay 3.
    3. Read, it has no attempt of any kind (not -3 own attempts).
    4. Its next failure, its own, counts: 1 attempt, 1 own, 0 outage."""
    await enqueue(store, clock, make_ticket, 1)
    for _ in range(3):  # 1.
        [entry] = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
        await store.schedule_retry(
            entry.entry_id, "notifier", next_attempt_at=clock.now(), error="HTTP 503",
            counted=False,
        )  # fmt: skip
    [entry] = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    await store.mark_dead(entry.entry_id, "notifier", error="too old")
    [dead] = await store.list_outbox("acme", status="dead", limit=10)
    assert (dead.attempts, dead.outage_attempts) == (4, 3)

    await requeue_as_before_outage_attempts(store, request, "acme")  # 2.

    [requeued] = await pending(store)  # 3.
    assert (requeued.attempts, requeued.outage_attempts, requeued.own_attempts) == (0, 0, 0)
    [claimed] = await store.claim_notifications("notifier", limit=10, lease_seconds=30)
    assert (claimed.outage_attempts, claimed.own_attempts) == (0, 0)

    await store.schedule_retry(  # 4.
        claimed.entry_id, "notifier", next_attempt_at=clock.now(), error="HTTP 400"
    )
    [failed] = await pending(store)
    assert (failed.attempts, failed.outage_attempts, failed.own_attempts) == (1, 0, 1)


async def test_a_transition_says_whether_it_applied(store, clock, make_ticket):
    """A claim lost to another claimer (it ran out, they took the entry)
    is visible to the old owner: each transition it tries returns False
    and writes nothing; the current owner's transitions return True."""
    await enqueue(store, clock, make_ticket, 4)
    taken = await store.claim_notifications("notifier-a", limit=10, lease_seconds=30)
    await clock.advance(30)
    retaken = await store.claim_notifications("notifier-b", limit=10, lease_seconds=30)
    assert [e.entry_id for e in retaken] == [e.entry_id for e in taken]
    first, second, third, fourth = (e.entry_id for e in taken)

    async def transitions(owner: str) -> list[bool]:
        return [
            await store.mark_delivered(first, owner),
            await store.schedule_retry(second, owner, next_attempt_at=clock.now(), error="x"),
            await store.release_claim(third, owner),
            await store.mark_dead(fourth, owner, error="x"),
        ]

    assert await transitions("notifier-a") == [False] * 4
    assert await store.mark_dead("not-an-entry", "notifier-b", error="x") is False
    assert [(e.attempts, e.last_error) for e in await pending(store)] == [(0, None)] * 4

    assert await transitions("notifier-b") == [True] * 4
    # settled or released: no owner holds a claim to transition any more
    assert await store.mark_delivered(first, "notifier-b") is False
    assert await store.release_claim(third, "notifier-b") is False
