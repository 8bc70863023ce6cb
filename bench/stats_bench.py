"""Stats latency: rollups vs the ticket scan vs DuckDB, side by side.

Builds, through the Store API, one tenant per requested size plus three
noise tenants in a temporary SQLite file, with created_at spread over 30
days and mixed statuses, urgencies, sentiments, sources and keywords. For
each sized tenant it prints, from the same run:

- the store's cost per ticket while building it (and over the last tenth
  of the largest build: the cost with that many rows in the file);
- ``tenant_stats`` uncached from the rollups (median, p95);
- the same numbers by the ticket scan (``from_tickets=True``), the query
  the rollups replace;
- DuckDB computing the same numbers from the same tenant's tickets (an
  in-memory table of that tenant only), for comparison; DuckDB is a
  bench-time reference, never a dependency of ticketd (``pip install
  duckdb`` for it, or ``--no-duckdb``);

and checks that rollups and scan give the same numbers. With
``--mongo-sizes`` it does the same over MongoDB (SecantusDB started for the
run, or ``--mongo-url``), for the record.

    python bench/stats_bench.py --sizes 10000,100000,1000000
    python bench/stats_bench.py --sizes 10000 --mongo-sizes 10000,100000
    python bench/stats_bench.py --db mongodb://127.0.0.1:27017/ --sizes 10000

``--db mongodb://...`` measures only that server, at ``--sizes``, in a fresh
database (dropped afterwards).

Targets: rollups at most 2 ms at 10k, 5 ms at 100k, 10 ms at 1M; store
cost under 50 us per ticket with 1M rows in the file.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import attrs
from _mongo import mongo_server  # bench/_mongo.py, beside this script

from ticketd.clock import SystemClock
from ticketd.domain.ticket import SOURCES, STATUSES, Ticket
from ticketd.store.sqlite import SqliteStore

KEYWORDS = (
    "refund", "chargeback", "lawyer", "gdpr", "breach", "outage", "down", "urgent",
    "asap", "cancel", "invoice", "billing", "password", "login", "slow", "error",
    "crash", "angry", "terrible", "thanks", "great", "broken", "security", "data loss",
)  # fmt: skip
BATCH = 100  # the provider's page size


def _tickets(tenant_id: str, count: int, rng: random.Random, now: Any) -> list[Ticket]:
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


async def _load(store: Any, tickets: list[Ticket]) -> list[float]:
    """Apply in batches of ``BATCH``; returns seconds per batch."""
    spent = []
    for start in range(0, len(tickets), BATCH):
        batch = tickets[start : start + BATCH]
        started = time.perf_counter()
        await store.apply_tickets(batch[0].tenant_id, batch, job_id="bench")
        spent.append(time.perf_counter() - started)
    return spent


async def _time(call: Any, runs: int) -> list[float]:
    await call()  # warm the page cache
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- DuckDB, the reference -------------------------------------------------------
def _duckdb_table(tickets: list[Ticket], directory: str) -> Any:
    import duckdb

    path = Path(directory) / f"{tickets[0].tenant_id}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ("created_at", "status", "urgency", "sentiment", "source", "act", "cust", "kw")
        )
        for t in tickets:
            writer.writerow(
                (
                    int(t.created_at.timestamp() * 1000),
                    t.status,
                    t.urgency,
                    t.sentiment,
                    t.source,
                    int(t.requires_action),
                    t.customer_id,
                    "|".join(t.keywords),
                )
            )
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT created_at::BIGINT AS created_at, status, urgency, "
        "sentiment, source, act = 1 AS requires_action, cust AS customer_id, "
        "CASE WHEN kw IS NULL OR kw = '' THEN []::VARCHAR[] ELSE string_split(kw, '|') END "
        f"AS keywords FROM read_csv('{path}', header = true, all_varchar = true)"
    )
    return con


_DUCK_STATS = (
    " UNION ALL ".join(
        f"SELECT '{c}', {c}::VARCHAR, count(*) FROM t WHERE created_at <= $to GROUP BY {c}"
        for c in ("status", "urgency", "sentiment", "source", "requires_action")
    ),
    "SELECT (created_at - $first) // 3600000 AS h, count(*) FROM t "
    "WHERE created_at >= $first AND created_at <= $to GROUP BY h",
    "SELECT k, count(*) AS n FROM (SELECT unnest(keywords) AS k FROM t WHERE created_at <= $to) "
    "GROUP BY k ORDER BY n DESC, k LIMIT 10",
    "SELECT customer_id, sum((sentiment = 'negative')::INT), sum((urgency = 'high')::INT), "
    "count(*) AS n FROM t WHERE created_at <= $to AND (sentiment = 'negative' OR "
    "urgency = 'high') GROUP BY customer_id ORDER BY n DESC, customer_id LIMIT 10",
)


def _duckdb_stats(con: Any, to_ms: int) -> None:
    params = {"to": to_ms, "first": to_ms - to_ms % 3_600_000 - 23 * 3_600_000}
    for sql in _DUCK_STATS:
        con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).fetchall()


# -- the runs ------------------------------------------------------------------
async def _build(store: Any, sizes: list[int], noise: int, seed: int) -> dict[int, list[Ticket]]:
    rng = random.Random(seed)
    now = SystemClock().now()
    for index in range(3):
        await _load(store, _tickets(f"noise-{index}", noise, rng, now))
    tenants: dict[int, list[Ticket]] = {}
    for size in sizes:
        tenants[size] = _tickets(f"tenant-{size}", size, rng, now)
        spent = await _load(store, tenants[size])
        tail = spent[-max(1, len(spent) // 10) :]
        print(
            f"  build {size:>8} tickets: {sum(spent) / size * 1e6:6.1f} us/ticket; "
            f"last tenth: {sum(tail) / (len(tail) * BATCH) * 1e6:6.1f} us/ticket",
            flush=True,
        )
    return tenants


async def _compare(store: Any, tenant: str, runs: int, scan_runs: int) -> tuple[list, list]:
    rolled = await store.tenant_stats(tenant, from_date=None, to_date=None)
    scanned = await store.tenant_stats(
        tenant, from_date=None, to_date=rolled.to_date, from_tickets=True
    )
    again = await store.tenant_stats(tenant, from_date=None, to_date=rolled.to_date)
    same = attrs.evolve(again, generated_at=scanned.generated_at) == attrs.evolve(
        scanned, generated_at=scanned.generated_at
    )
    if not same:
        raise SystemExit(f"{tenant}: rollup stats differ from the ticket scan")
    fast = await _time(lambda: store.tenant_stats(tenant, from_date=None, to_date=None), runs)
    slow = await _time(
        lambda: store.tenant_stats(tenant, from_date=None, to_date=None, from_tickets=True),
        scan_runs,
    )
    return fast, slow


def _row(size: int, fast: list[float], slow: list[float], duck: list[float] | None) -> str:
    med = statistics.median(fast)
    text = (
        f"  {size:>8} | rollups {med:7.2f} ms (p95 {_p95(fast):6.2f}) | "
        f"ticket scan {statistics.median(slow):8.1f} ms ({statistics.median(slow) / med:7.1f}x)"
    )
    if duck is not None:
        d = statistics.median(duck)
        text += f" | DuckDB {d:7.1f} ms ({d / med:5.1f}x)"
    return text


async def run_sqlite(args: argparse.Namespace, directory: str) -> None:
    print(f"SQLite ({args.runs} uncached stats calls per size, same numbers checked):")
    store = SqliteStore(Path(directory) / "bench.db", clock=SystemClock())
    await store.open()
    try:
        tenants = await _build(store, args.sizes, args.noise, args.seed)
        for size in args.sizes:
            tenant = f"tenant-{size}"
            scan_runs = max(3, args.runs // (1 + size // 100_000))
            fast, slow = await _compare(store, tenant, args.runs, scan_runs)
            duck = None
            if not args.no_duckdb:
                con = _duckdb_table(tenants[size], directory)
                to_ms = int(SystemClock().now().timestamp() * 1000)

                async def query(con: Any = con, to_ms: int = to_ms) -> None:
                    _duckdb_stats(con, to_ms)

                duck = await _time(query, scan_runs)
                con.close()
            print(_row(size, fast, slow, duck), flush=True)
    finally:
        await store.close()


async def run_mongo(args: argparse.Namespace) -> None:
    with mongo_server(args.mongo_url) as url:
        await _measure_mongo(args, url)


async def _measure_mongo(args: argparse.Namespace, url: str) -> None:
    from ticketd.store.mongo import MongoStore

    parts = urlsplit(url)
    store = MongoStore.from_url(
        urlunsplit(parts._replace(path="/ticketd_stats_bench")), clock=SystemClock()
    )
    await store.open()
    try:
        await store.database.client.drop_database("ticketd_stats_bench")
        await store.open()
        await _build(store, args.mongo_sizes, args.noise // 5, args.seed)
        for size in args.mongo_sizes:
            fast, slow = await _compare(store, f"tenant-{size}", max(5, args.runs // 3), 3)
            print(_row(size, fast, slow, None), flush=True)
        await store.database.client.drop_database("ticketd_stats_bench")
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="tenant sizes on SQLite")
    parser.add_argument("--mongo-sizes", default="", help="tenant sizes on MongoDB (none)")
    parser.add_argument("--mongo-url", help="a MongoDB to use instead of starting SecantusDB")
    parser.add_argument("--db", help="a mongodb:// server to measure (at --sizes), not SQLite")
    parser.add_argument("--noise", type=int, default=5000, help="tickets of each noise tenant")
    parser.add_argument("--runs", type=int, default=30, help="timed rollup stats calls per size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB reference")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.mongo_sizes = [int(s) for s in args.mongo_sizes.split(",") if s.strip()]
    if args.db:
        args.mongo_url, args.mongo_sizes, args.sizes = args.db, args.sizes, []
    if args.sizes and not args.no_duckdb and importlib.util.find_spec("duckdb") is None:
        parser.error("the DuckDB reference needs duckdb: pip install duckdb, or pass --no-duckdb")
    with tempfile.TemporaryDirectory(prefix="ticketd-bench-") as directory:
        if args.sizes:
            asyncio.run(run_sqlite(args, directory))
        if args.mongo_sizes:
            asyncio.run(run_mongo(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
