"""Store cost per ticket: pages written into an empty SQLite file vs into a
file that already holds 1M tickets, side by side.

Builds the big file once, fast (bulk inserts in one transaction straight
into the schema, then ``rebuild_rollups``): ``--rows`` tickets over four
tenants (``big`` holds 70 %), one history row per ticket, an outbox entry
per high-urgency ticket, created_at spread over 30 days. Then, for each
round, writes ``--pages`` pages of 100 new tickets through
``Store.apply_tickets`` (the ingestion's write: change detection, history,
outbox, rollups, one transaction per page) into:

- a fresh, empty file;
- the big file, as a new tenant;
- the big file, as more tickets of ``big`` (its indexes are the largest).

Pages come in feed order (created_at ascending, like the provider's feed)
or, with ``--random-created``, with created_at anywhere in the 30 days
(the worst case for the created_at index). The big tenant's new tickets
are spread over the same 30 days as its 700k (each page of 100 lands
among about 7,000 of them, on about 80 leaves of the created_at index)
and come from any of its 35,000 customers, as its 700k do (each at-risk
ticket then changes the all-time row of a customer anywhere in the
tenant's, not of one among a few hundred);
``--recent`` adds a case where they were created in the last hour, as an
incremental sync brings them. Prints, per round, the wall time per ticket
of each case, then the medians of the rounds (wall time, the write path's
latency, and the process's CPU time, which includes the background
checkpoints and is less sensitive to other load on the machine, with the
kernel's share of it) with their ratio to the empty file, and the bytes
the process wrote and read per ticket (the WAL frames, the checkpoints'
copies and the page reads: a measure of the pages each write touches that
other load on the machine does not change).

    python bench/store_bench.py                      # 1,000,000 rows, 5 rounds
    python bench/store_bench.py --random-created
    python bench/store_bench.py --recent             # and the big tenant's newest tickets
    python bench/store_bench.py --rows 200000 --rounds 3 --pages 20
    python bench/store_bench.py --keep /tmp/big.db   # build once, reuse after

Target: under 50 us per ticket with 1M rows in the file.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
from stats_bench import _tickets  # bench/stats_bench.py, beside this script

from ticketd.clock import SystemClock
from ticketd.domain.ticket import Ticket
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_rollups import rebuild_rollups
from ticketd.store.sqlite_rows import TICKET_COLUMNS, placeholders, ticket_params

PAGE = 100  # the provider's page size
SPLIT = (("big", 0.7), ("t1", 0.1), ("t2", 0.1), ("t3", 0.1))


def _ordered(tickets: list[Ticket], shuffle: bool, rng: random.Random) -> list[Ticket]:
    if shuffle:
        rng.shuffle(tickets)
        return tickets
    return sorted(tickets, key=lambda t: t.created_at)


def build(path: Path, rows: int, seed: int) -> float:
    """The big file; returns the seconds it took."""
    started = time.perf_counter()

    async def schema() -> None:
        store = SqliteStore(path, clock=SystemClock())
        await store.open()
        await store.close()

    asyncio.run(schema())
    rng = random.Random(seed)
    now = SystemClock().now()
    now_ms = int(now.timestamp() * 1000)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size = -262144")
    insert = (
        f"INSERT INTO tickets ({', '.join(TICKET_COLUMNS)}) VALUES ({placeholders(TICKET_COLUMNS)})"
    )
    history = (
        "INSERT INTO ticket_history (tenant_id, external_id, action, changes, job_id, "
        "recorded_at) VALUES (?, ?, 'created', '{}', 'bulk', ?)"
    )
    outbox = (
        "INSERT INTO notification_outbox (entry_id, tenant_id, external_id, urgency, reason, "
        "idempotency_key, status, attempts, created_at, next_attempt_at, delivered_at) "
        "VALUES (?, ?, ?, 'high', 'bulk', ?, 'delivered', 1, ?, ?, ?)"
    )
    conn.execute("BEGIN")
    for tenant, share in SPLIT:
        tickets = sorted(_tickets(tenant, int(rows * share), rng, now), key=lambda t: t.created_at)
        for start in range(0, len(tickets), 10_000):
            chunk = tickets[start : start + 10_000]
            conn.executemany(insert, [ticket_params(t) for t in chunk])
            conn.executemany(history, [(tenant, t.external_id, now_ms) for t in chunk])
            conn.executemany(
                outbox,
                [
                    (
                        f"{tenant}/{t.external_id}",
                        tenant,
                        t.external_id,
                        f"{tenant}/{t.external_id}/high",
                        now_ms,
                        now_ms,
                        now_ms,
                    )
                    for t in chunk
                    if t.urgency == "high"
                ],
            )
    rebuild_rollups(conn, None)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started


def _pages(
    tenant: str,
    count: int,
    rng: random.Random,
    shuffle: bool,
    first: str,
    recent: bool = False,
    customers: int = 0,
) -> list:
    """``count`` pages of new tickets of ``tenant``; with ``customers``, each
    from any of the tenant's customers in the big file (``cust-00001`` to
    that number, as the build draws them), not only from the first few."""
    now = SystemClock().now()
    tickets = _ordered(_tickets(tenant, count * PAGE, rng, now), shuffle, rng)
    renamed = []
    step = timedelta(hours=1) / len(tickets)  # recent: created over the last hour
    for n, t in enumerate(tickets):  # ids not used by the build nor earlier rounds or runs
        changes: dict[str, Any] = {"external_id": f"new-{first}-{n:07d}"}
        if recent:
            changes["created_at"] = changes["updated_at"] = now - step * (len(tickets) - n)
        if customers:
            changes["customer_id"] = f"cust-{rng.randint(1, customers):05d}"
        renamed.append(attrs.evolve(t, **changes))
    return [renamed[i : i + PAGE] for i in range(0, len(renamed), PAGE)]


def _system() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def _io() -> tuple[int, int]:
    """Bytes this process has written and read through system calls
    (every thread; Linux's /proc/self/io, zeros elsewhere)."""
    try:
        with open("/proc/self/io") as handle:
            fields = dict(line.split(": ") for line in handle.read().splitlines())
    except OSError:
        return 0, 0
    return int(fields["wchar"]), int(fields["rchar"])


# Per ticket: wall, CPU and system seconds, bytes written and read.
Cost = tuple[float, float, float, float, float]


async def _write(path: Path, pages: list[list[Ticket]]) -> Cost:
    """Per ticket for writing ``pages``: wall, CPU and system CPU seconds
    (the store opened beforehand; CPU: every thread of this process,
    background checkpoints included; system: the kernel's part of it, the
    WAL and checkpoint writes and the page reads), and the bytes written
    and read (WAL frames, checkpoint copies, page reads)."""
    store = SqliteStore(path, clock=SystemClock())
    await store.open()
    try:
        wall, cpu, system, io = time.perf_counter(), time.process_time(), _system(), _io()
        for page in pages:
            await store.apply_tickets(page[0].tenant_id, page, job_id="bench")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        system = _system() - system
        written, read = (after - before for after, before in zip(_io(), io, strict=True))
    finally:
        await store.close()
    n = sum(len(p) for p in pages)
    return wall / n, cpu / n, system / n, written / n, read / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="tickets in the big file")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (median printed)")
    parser.add_argument("--pages", type=int, default=100, help="pages of 100 per round")
    parser.add_argument("--random-created", action="store_true", help="created_at in any order")
    parser.add_argument(
        "--recent", action="store_true", help="also: big tenant, tickets of the last hour"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="big file to build, or reuse (and add to)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ticketd-store-bench-") as directory:
        big = Path(args.keep) if args.keep else Path(directory) / "big.db"
        if big.exists():
            print(f"reusing {big}")
        else:
            seconds = build(big, args.rows, args.seed)
            mib = big.stat().st_size >> 20
            print(f"built {args.rows:,} tickets in {seconds:.1f} s ({mib} MiB)")
        rng = random.Random(args.seed + 1)
        # The big tenant's customers, as the build draws them (stats_bench._tickets).
        big_customers = max(10, int(args.rows * SPLIT[0][1]) // 20)
        # Tenant and ids of this run: a file kept from an earlier run gets
        # new tickets again, not updates of the ones written then.
        run = uuid.uuid4().hex[:8]
        size = f"{args.rows / 1e6:g}M" if args.rows >= 1_000_000 else f"{args.rows // 1000}k"
        names = ("empty file", f"{size}: new tenant", f"{size}: big tenant", f"{size}: big, recent")
        names = names if args.recent else names[:3]
        results: dict[str, list[Cost]] = {name: [] for name in names}
        order = "random created_at" if args.random_created else "feed order"
        print(f"{args.rounds} rounds x {args.pages} pages of {PAGE} ({order}), per ticket:")
        for round_ in range(args.rounds):
            first = f"{run}-{round_}"
            shuffle = args.random_created
            empty = Path(directory) / f"empty-{round_}.db"
            pages = _pages("fresh", args.pages, rng, shuffle, first)
            results[names[0]].append(asyncio.run(_write(empty, pages)))
            pages = _pages(f"new-{first}", args.pages, rng, shuffle, first)
            results[names[1]].append(asyncio.run(_write(big, pages)))
            pages = _pages("big", args.pages, rng, shuffle, first, customers=big_customers)
            results[names[2]].append(asyncio.run(_write(big, pages)))
            if args.recent:
                pages = _pages(
                    "big", args.pages, rng, shuffle, f"{first}r", True, customers=big_customers
                )
                results[names[3]].append(asyncio.run(_write(big, pages)))
            line = ", ".join(f"{k} {v[-1][0] * 1e6:6.1f} us" for k, v in results.items())
            print(f"  round {round_ + 1}: {line}", flush=True)
        base_wall = statistics.median(c[0] for c in results[names[0]])
        base_cpu = statistics.median(c[1] for c in results[names[0]])
        print(
            "median per ticket (wall; CPU of the process, of which system; "
            "KiB written and read by the process):"
        )
        for name, costs in results.items():
            wall, cpu, system, written, read = (
                statistics.median(c[i] for c in costs) for i in range(5)
            )
            print(
                f"  {name:<17} {wall * 1e6:7.1f} us ({wall / base_wall:4.2f}x empty); "
                f"CPU {cpu * 1e6:6.1f} us ({cpu / base_cpu:4.2f}x), system {system * 1e6:5.1f} us; "
                f"written {written / 1024:5.1f} KiB, read {read / 1024:5.1f} KiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
