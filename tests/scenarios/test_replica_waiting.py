"""What a run waits for (progress ``waiting``) reads the same whichever
replica of the database answers, and a 429 pause another replica received
reads as ``retry_after``, not as the budget; so does a run following the
shared pass whose call another replica makes."""

from __future__ import annotations

import asyncio

import pytest

from tests.scenarios.conftest import Replica
from tests.scenarios.hostile_provider import HostileProvider, provider_ticket

pytestmark = pytest.mark.timeout(120)

# Each run scans alone (the provider filter), so each replica makes its own
# calls; one shared budget of 20 calls per 2 s, granted one permit a trip.
ENV = {
    "TICKETD_PROVIDER_TENANT_FILTER": "true",
    "TICKETD_RATE_LIMIT_PER_MINUTE": "20",
    "TICKETD_RATE_LIMIT_WINDOW_SECONDS": "2",
    "TICKETD_PAGE_SIZE": "10",
}


async def waits(replica: Replica, job_id: str) -> str | None:
    status, view = await replica.request("GET", f"/ingest/progress/{job_id}")
    assert status == 200, view
    assert view["status"] == "running", view
    return view["waiting"]


async def test_both_runs_read_retry_after_from_either_replica_during_a_429_pause(
    tmp_path, start_provider_process, start_replica
):
    """1. The mock provider as a process (200 tickets of two tenants, 20
       pages of 10); two `ticketd serve` processes on one SQLite file,
       each run scanning alone within one shared budget.
    2. Page 3 answers 429 with Retry-After: 30, once: the run that gets
       it pauses the shared budget for both replicas.
    3. tenant_a's run starts on the first replica, tenant_b's on the
       second.
    4. Each run's progress reads ``waiting: retry_after`` from its own
       replica and from the other (the one held back by the other's 429
       too, not ``budget``); then both runs are cancelled."""
    provider = await start_provider_process(
        "--tickets", "200", "--tenants", "tenant_a,tenant_b", "--rate-limit", "6000"
    )
    await provider.post(
        "/_control/faults", {"kind": "rate_limit", "endpoint": "list", "page": 3, "seconds": 30}
    )
    db = f"sqlite:///{tmp_path}/replicas.db"
    replicas = list(await asyncio.gather(*(start_replica(db, provider.url, ENV) for _ in "ab")))
    jobs = []
    for replica, tenant in zip(replicas, ("tenant_a", "tenant_b"), strict=True):
        status, body = await replica.request("POST", "/ingest/run", tenant_id=tenant)
        assert status == 202, body
        jobs.append(body["job_id"])

    seen: dict[tuple[int, int], str | None] = {}
    for _ in range(750):  # 15 s of the 30 s pause
        for run, job_id in enumerate(jobs):
            for asked, replica in enumerate(replicas):
                seen[run, asked] = await waits(replica, job_id)
        if all(w == "retry_after" for w in seen.values()):
            break
        await asyncio.sleep(0.02)
    assert seen == dict.fromkeys(seen, "retry_after"), seen  # (run, replica asked): waiting
    for replica, job_id in zip(replicas, jobs, strict=True):
        status, _ = await replica.request("DELETE", f"/ingest/{job_id}")
        assert status == 202


async def test_a_run_following_a_call_of_another_replica_reads_what_it_waits_for(
    hostile_provider: HostileProvider, start_daemon, tmp_path
):
    """1. Two daemons on one SQLite file share one pass over the feed of a
       provider that answers every feed call 429 with Retry-After: 30.
    2. tenant acme's run starts on the first daemon, tenant other's on the
       second; the replica holding the pass's fetch lease makes the call,
       gets the 429 and waits it out.
    3. Both runs' progress reads ``waiting: retry_after`` from either
       daemon: the run following the pass on the replica that made no
       call too (the holder notes its call's wait in the store)."""
    hostile_provider.tickets = [provider_ticket("ext-1"), provider_ticket("ext-2", "other")]
    hostile_provider.retry_after = 30
    db = f"sqlite:///{tmp_path}/shared.db"
    daemons = [await start_daemon(db=db, external_url=hostile_provider.url) for _ in "ab"]
    jobs = []
    for daemon, tenant in zip(daemons, ("acme", "other"), strict=True):
        _, body = await daemon.request(
            "POST", "/ingest/run", params={"tenant_id": tenant}, status=202
        )
        jobs.append(body["job_id"])
    await hostile_provider.throttled.wait()

    seen: dict[tuple[int, int], str | None] = {}
    for _ in range(500):  # 10 s of the 30 s wait
        for run, job_id in enumerate(jobs):
            for asked, daemon in enumerate(daemons):
                view = await daemon.get(f"/ingest/progress/{job_id}")
                assert view["status"] == "running", view
                seen[run, asked] = view["waiting"]
        if all(w == "retry_after" for w in seen.values()):
            break
        await asyncio.sleep(0.02)
    assert seen == dict.fromkeys(seen, "retry_after"), seen  # (run, daemon asked): waiting
    assert sum(1 for _, path, _ in hostile_provider.requests if path.endswith("tickets")) == 1
