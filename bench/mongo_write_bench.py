"""The MongoDB write path of ingestion, per page: ``Store.apply_tickets``
of a page of 100 tickets, fenced by the tenant's lease and recording the
job's progress, as a run does it.

Against SecantusDB started for the bench (the test suite's server), or the
server of ``--mongo-url``. Each round writes ``--pages`` pages of new
tickets (creations: history, outbox entries for the urgent ones, rollups),
then the same pages again with every ticket changed (updates), then once
more unchanged (only the planning read and the progress write). Prints per
round the median milliseconds per page of each kind, then the medians over
the rounds, and the round trips (commands) one page sends.

    python bench/mongo_write_bench.py                  # 20 pages, 5 rounds
    python bench/mongo_write_bench.py --pages 50 --rounds 3
    python bench/mongo_write_bench.py --mongo-url mongodb://host/?replicaSet=rs0
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import attrs
from _mongo import mongo_server  # bench/_mongo.py, beside this script
from pymongo import monitoring
from stats_bench import _tickets  # bench/stats_bench.py, beside this script

from ticketd.clock import SystemClock, utc_now
from ticketd.store.records import ApplyResult, JobProgress, JobRecord

PAGE = 100
DATABASE = "ticketd_write_bench"


class CommandCounter(monitoring.CommandListener):
    """Counts the commands sent (handshakes and monitoring excluded)."""

    def __init__(self) -> None:
        self.count = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in {"hello", "ismaster", "isMaster", "endSessions"}:
            self.count += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def _pages(store: Any, tenant: str, pages: list[list[Any]], counter: CommandCounter):
    """Write the pages as one run does; returns (ms per page, commands per page)."""
    lease = await store.acquire_lease(tenant, "bench", 300)
    job_id = f"{tenant}-{time.monotonic_ns()}"
    await store.create_job(JobRecord(job_id, tenant, "bench", "running", utc_now()))
    spent: list[float] = []
    commands: list[int] = []
    for number, page in enumerate(pages, start=1):

        def progress(result: ApplyResult, number: int = number) -> JobProgress:
            return JobProgress(job_id, len(pages), number, {"created": 0.0})

        sent = counter.count
        started = time.perf_counter()
        await store.apply_tickets(tenant, page, job_id=job_id, fence=lease, progress=progress)
        spent.append((time.perf_counter() - started) * 1000)
        commands.append(counter.count - sent)
    await store.finish_job(job_id, status="completed", metrics={}, error=None, release_lease=True)
    return statistics.median(spent), statistics.median(commands)


async def run(args: argparse.Namespace) -> None:
    with mongo_server(args.mongo_url) as url:
        await _measure_mongo(args, url)


async def _measure_mongo(args: argparse.Namespace, url: str) -> None:
    from ticketd.store.mongo import MongoStore

    counter = CommandCounter()
    store = MongoStore.from_url(
        urlunsplit(urlsplit(url)._replace(path=f"/{DATABASE}")),
        clock=SystemClock(),
        timeout_seconds=60,  # a loaded 2-core machine: measure, do not fail
        event_listeners=[counter],
    )
    await store.open()
    rng = random.Random(args.seed)
    kinds = ("created", "updated", "unchanged")
    rounds: dict[str, list[float]] = {kind: [] for kind in kinds}
    round_trips: dict[str, float] = {}
    try:
        print(f"{'round':>5} " + " ".join(f"{kind + ' ms/page':>20}" for kind in kinds))
        for round_ in range(args.rounds):
            tenant = f"bench-{round_}"
            tickets = _tickets(tenant, args.pages * PAGE, rng, utc_now())
            changed = [
                attrs.evolve(t, status="closed", updated_at=t.updated_at + timedelta(minutes=1))
                for t in tickets
            ]
            row = []
            for kind, batch in zip(kinds, (tickets, changed, changed), strict=True):
                pages = [batch[i : i + PAGE] for i in range(0, len(batch), PAGE)]
                ms, trips = await _pages(store, tenant, pages, counter)
                rounds[kind].append(ms)
                round_trips[kind] = trips
                row.append(ms)
            print(f"{round_:>5} " + " ".join(f"{ms:>20.2f}" for ms in row), flush=True)
        print(
            f"{'median':>5} "
            + " ".join(f"{statistics.median(rounds[kind]):>20.2f}" for kind in kinds)
        )
        print(
            f"{'trips':>5} "
            + " ".join(f"{round_trips[kind]:>20.0f}" for kind in kinds)
            + "   (commands per page)"
        )
        await store.database.client.drop_database(DATABASE)
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mongo-url", help="a MongoDB to use instead of starting SecantusDB")
    parser.add_argument("--pages", type=int, default=20, help="pages of 100 tickets per kind")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
