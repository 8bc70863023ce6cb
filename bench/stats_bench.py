"""Stats latency of a store backend.

Builds, through the Store API, one tenant per requested size (default
10,000 and 100,000 tickets) plus three noise tenants, in a temporary SQLite
file or, with ``--db mongodb://...``, in a fresh database on that server
(dropped afterwards), with created_at spread over 30 days and mixed
statuses, urgencies, sentiments, sources and keywords; then times
``tenant_stats`` for each sized tenant and prints median and p95
milliseconds, with the build time.

    python bench/stats_bench.py                 # the floors, embedded backend
    python bench/stats_bench.py --sizes 10000 --runs 50
    python bench/stats_bench.py --db mongodb://127.0.0.1:27017/ --sizes 10000

Floors (embedded backend): 10,000 tickets under 50 ms median, 100,000
under 500 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pymongo

from ticketd.clock import SystemClock
from ticketd.domain.ticket import SOURCES, STATUSES, Ticket
from ticketd.store import Store, make_store

FLOORS_MS = {10_000: 50.0, 100_000: 500.0}
KEYWORDS = (
    "refund", "chargeback", "lawyer", "gdpr", "breach", "outage", "down", "urgent",
    "asap", "cancel", "invoice", "billing", "password", "login", "slow", "error",
    "crash", "angry", "terrible", "thanks", "great", "broken", "security", "data loss",
)  # fmt: skip
BATCH = 100


def _tickets(tenant_id: str, count: int, rng: random.Random, clock: SystemClock) -> list[Ticket]:
    now = clock.now()
    out = []
    for n in range(count):
        created = now - timedelta(seconds=rng.uniform(0, 30 * 86_400))
        urgency = rng.choices(("high", "medium", "low"), (15, 35, 50))[0]
        sentiment = rng.choices(("negative", "neutral", "positive"), (30, 50, 20))[0]
        keywords = tuple(rng.sample(KEYWORDS, rng.choice((0, 1, 1, 2, 3))))
        out.append(
            Ticket(
                tenant_id=tenant_id,
                external_id=f"ext-{n:07d}",
                subject=f"subject {n}",
                message="lorem ipsum " * rng.randint(2, 20),
                status=rng.choice(STATUSES),
                source=rng.choice(SOURCES),
                customer_id=f"cust-{rng.randint(1, max(10, count // 20)):05d}",
                created_at=created,
                updated_at=created + timedelta(minutes=rng.randint(0, 600)),
                urgency=urgency,
                sentiment=sentiment,
                requires_action=urgency == "high" or sentiment == "negative",
                rules=tuple(f"rule.{k}" for k in keywords),
                keywords=keywords,
                ruleset_version="bench",
            )
        )
    return out


async def _load(store: Store, tickets: list[Ticket]) -> tuple[float, int]:
    """Apply in batches; returns (seconds spent in apply_tickets, tickets
    that wrote anything)."""
    spent, written = 0.0, 0
    for start in range(0, len(tickets), BATCH):
        batch = tickets[start : start + BATCH]
        started = time.perf_counter()
        result = await store.apply_tickets(batch[0].tenant_id, batch, job_id="bench")
        spent += time.perf_counter() - started
        written += len(batch) - result.count("unchanged")
    return spent, written


async def _time_stats(store: Store, tenant_id: str, runs: int) -> list[float]:
    await store.tenant_stats(tenant_id, from_date=None, to_date=None)  # warm the page cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await store.tenant_stats(tenant_id, from_date=None, to_date=None)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _fresh_database(url: str) -> tuple[str, str]:
    """``url`` naming a new database, and that name."""
    name = f"ticketd_bench_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, "")), name


async def run(
    sizes: list[int], noise: int, runs: int, seed: int, directory: str, db: str | None
) -> bool:
    rng = random.Random(seed)
    clock = SystemClock()
    drop = None
    if db is None:
        store = make_store(f"sqlite:///{Path(directory) / 'bench.db'}", clock=clock)
        floors = FLOORS_MS
    else:
        url, drop = _fresh_database(db)
        store = make_store(url, clock=clock, timeout_seconds=120)
        floors = {}  # the floors are the embedded backend's
        print(f"backend: {db} (database {drop})")
    await store.open()
    ok = True
    try:
        started = time.perf_counter()
        loaded, applying = 0, 0.0
        tenants: dict[int, list[Ticket]] = {}
        for index in range(3):
            noise_tickets = _tickets(f"noise-{index}", noise, rng, clock)
            applying += (await _load(store, noise_tickets))[0]
            loaded += len(noise_tickets)
        for size in sizes:
            tenants[size] = _tickets(f"tenant-{size}", size, rng, clock)
            seconds = (await _load(store, tenants[size]))[0]
            print(f"apply_tickets {size:>7} new tickets: {seconds:.2f} s")
            applying += seconds
            loaded += size
        build = time.perf_counter() - started
        print(
            f"build: {loaded} tickets in {build:.2f} s; apply_tickets (batches of {BATCH}) "
            f"{applying:.2f} s = {applying / loaded * 1e6:.0f} us/ticket"
        )
        for size in sizes:
            seconds, written = await _load(store, tenants[size])
            print(
                f"re-apply unchanged {size:>7} tickets: {seconds:.2f} s, "
                f"{written} written (expected 0)"
            )
            ok = ok and written == 0
        for size in sizes:
            samples = await _time_stats(store, f"tenant-{size}", runs)
            median, p95 = statistics.median(samples), _p95(samples)
            floor = floors.get(size)
            verdict = "" if floor is None else (" ok" if median < floor else " OVER FLOOR")
            ok = ok and (floor is None or median < floor)
            limit = f" (floor {floor:.0f} ms)" if floor else ""
            print(
                f"tenant_stats {size:>7} tickets: median {median:7.2f} ms  "
                f"p95 {p95:7.2f} ms  over {runs} runs{limit}{verdict}"
            )
    finally:
        await store.close()
        if db is not None and drop is not None:
            with pymongo.MongoClient(db) as client:
                client.drop_database(drop)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="comma-separated tenant sizes to time (default: 10000,100000)",
    )
    parser.add_argument(
        "--noise", type=int, default=5000, help="tickets in each of 3 other tenants (5000)"
    )
    parser.add_argument("--runs", type=int, default=30, help="timed stats calls per size (30)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument(
        "--db", default=None, help="a mongodb:// server to measure instead of SQLite"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a median misses its floor"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory(prefix="ticketd-bench-") as directory:
        ok = asyncio.run(run(sizes, args.noise, args.runs, args.seed, directory, args.db))
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
