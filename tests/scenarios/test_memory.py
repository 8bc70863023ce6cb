"""Resources stay flat over many runs: memory, actors, connections."""

from __future__ import annotations

import asyncio
import gc
import os
import resource

TENANTS = ("tenant_a", "tenant_b", "tenant_c", "tenant_d")


def rss_mib() -> float:
    with open(f"/proc/{os.getpid()}/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


async def test_rss_is_flat_over_200_runs(start_daemon, start_provider):
    """1. 200 consecutive runs over four tenants, each tenant actor going
       idle (and stopping) between its runs.
    2. Memory after the first 50 and after all 200 stays within a few MiB,
       and no tenant actor is left once they are idle."""
    provider = await start_provider(tickets=60)
    # Each run starts a pass of its own: it need not wait for others to join.
    daemon = await start_daemon(
        external_url=provider.url,
        tenant_idle_seconds=0.01,
        rate_limit_per_minute=100_000,
        feed_gather_seconds=0,
    )
    samples = []
    for run in range(200):
        tenant = TENANTS[run % 4]
        _, view = await daemon.request(
            "POST", "/ingest/run", params={"tenant_id": tenant, "wait": "true"}, status=200
        )
        assert view["status"] == "completed"
        if run in (49, 199):
            gc.collect()
            samples.append(rss_mib())
    await asyncio.sleep(0.1)
    actors = daemon.daemon.supervisor.refs()
    print(f"\nRSS after 50 runs {samples[0]:.1f} MiB, after 200 runs {samples[1]:.1f} MiB")
    assert samples[1] - samples[0] < 8.0
    assert set(actors) == {"rate-limiter", "feed-scan", "notifier", "job-sweeper"}
