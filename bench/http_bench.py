"""Tenant API throughput and latency over HTTP (issue 8).

Loads, through the Store API, 10,000 classified tickets for one tenant and
(by default) 3,000 for each of three noisy tenants into a temporary SQLite
file, starts the daemon in this process (uvloop, as ``ticketd serve``
runs; notification delivery off, no provider needed), then drives each
scenario with 64 concurrent aiohttp clients for a fixed time and prints
requests/s and p50/p99 latency:

- ``stats cached``: ``GET /tenants/{t}/stats``, what a polling dashboard
  sends; the daemon serves it from its per-tenant cache (5 s TTL);
- ``stats uncached``: the same with a distinct ``to_date`` per request, so
  every request computes the stats in SQLite;
- ``tickets list``: ``GET /tickets?tenant_id=t`` (page 1 of 20);
- ``tickets filtered``: ``status=open&urgency=high``, a random page of 20.

The clients run in a child process, so the daemon's event loop has a core
of its own and the figures are the server's, not the load generator's.

    python bench/http_bench.py                  # 10 s per scenario
    python bench/http_bench.py --seconds 3 --strict

Floors: stats p99 < 100 ms (cached, what dashboards send), tickets list
p99 < 50 ms, at 64 concurrent clients.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import uvloop

from ticketd.clock import SystemClock
from ticketd.daemon.listening import free_port
from ticketd.daemon.process import Daemon
from ticketd.domain.classifier import classify
from ticketd.domain.ticket import SOURCES, STATUSES, ProviderTicket, Ticket
from ticketd.settings import Settings
from ticketd.store.sqlite import SqliteStore

TENANT = "bench"
NOISY = ("noise-1", "noise-2", "noise-3")
BATCH = 500
FLOORS_MS = {"stats cached": 100.0, "tickets list": 50.0}
TEXTS = (
    ("Refund now", "I want a refund immediately, this is unacceptable."),
    ("Production outage", "Our whole site is down, urgent!"),
    ("Thanks", "Thanks for the quick help, great service."),
    ("Question", "How do I export a report to CSV?"),
    ("Slow sync", "Loading the dashboard takes minutes, very slow."),
    ("Legal", "I will contact my lawyer about this charge."),
    ("Login", "I cannot log in after the password reset."),
    ("Invoice", "The March invoice shows the wrong billing address."),
    ("Crash", "The app crashes with an error when I upload a file."),
    ("Feature", "Would love a dark mode. Not urgent at all."),
)


# -- data ----------------------------------------------------------------------


def make_tickets(tenant_id: str, count: int, rng: random.Random, now: datetime) -> list[Ticket]:
    """``count`` tickets created over the last 30 days, classified by the
    real classifier."""
    tickets = []
    for n in range(count):
        subject, message = rng.choice(TEXTS)
        created = (now - timedelta(seconds=rng.uniform(0, 30 * 86_400))).replace(microsecond=0)
        source = ProviderTicket(
            external_id=f"{tenant_id}-{n:06d}",
            tenant_id=tenant_id,
            source=rng.choice(SOURCES),
            customer_id=f"cust-{rng.randint(1, max(10, count // 20)):05d}",
            subject=f"{subject} #{n}",
            message=message,
            status=rng.choice(STATUSES),
            created_at=created,
            updated_at=created,
        )
        tickets.append(Ticket.classified(source, classify(source.subject, message, source.status)))
    return tickets


async def load(db: Path, sizes: dict[str, int], seed: int) -> float:
    """Apply every tenant's tickets in batches; returns the seconds taken."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    store = SqliteStore(db, clock=SystemClock())
    await store.open()
    started = time.perf_counter()
    try:
        for tenant_id, count in sizes.items():
            tickets = make_tickets(tenant_id, count, rng, now)
            for start in range(0, len(tickets), BATCH):
                await store.apply_tickets(tenant_id, tickets[start : start + BATCH], job_id=None)
    finally:
        await store.close()
    return time.perf_counter() - started


# -- load generator (runs in a child process) ----------------------------------


def scenario_urls(name: str, base: str, n: int, rng: random.Random) -> str:
    if name == "stats cached":
        return f"{base}/tenants/{TENANT}/stats"
    if name == "stats uncached":
        # a distinct to_date per request: a distinct cache key, so a miss
        to_date = datetime(2030, 1, 1, tzinfo=UTC) - timedelta(milliseconds=n)
        return f"{base}/tenants/{TENANT}/stats?to_date={to_date.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z"
    if name == "tickets list":
        return f"{base}/tickets?tenant_id={TENANT}"
    page = rng.randint(1, 10)
    return f"{base}/tickets?tenant_id={TENANT}&status=open&urgency=high&page={page}"


async def drive(
    base: str, name: str, seconds: float, concurrency: int, warmup: float
) -> dict[str, Any]:
    """``concurrency`` clients loop on one scenario; latencies of requests
    started after the warm-up count."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = 0
    rng = random.Random(1)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        measure_from = started + warmup
        stop_at = measure_from + seconds

        async def client() -> None:
            nonlocal counter
            while True:
                begin = time.perf_counter()
                if begin >= stop_at:
                    return
                counter += 1
                async with session.get(scenario_urls(name, base, counter, rng)) as resp:
                    await resp.read()
                    status = resp.status
                if begin >= measure_from:
                    latencies.append((time.perf_counter() - begin) * 1000)
                    statuses[status] += 1

        await asyncio.gather(*(client() for _ in range(concurrency)))
    return {"name": name, "latencies": latencies, "statuses": dict(statuses), "seconds": seconds}


def client_process(
    base: str,
    names: list[str],
    seconds: float,
    concurrency: int,
    warmup: float,
    results: Any,
) -> None:
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        for name in names:
            results.put(runner.run(drive(base, name, seconds, concurrency, warmup)))


# -- report ------------------------------------------------------------------------


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result: dict[str, Any]) -> bool:
    ordered = sorted(result["latencies"])
    name = result["name"]
    if not ordered:
        print(f"{name:<17} no requests completed")
        return False
    p50, p99 = statistics.median(ordered), percentile(ordered, 0.99)
    floor = FLOORS_MS.get(name)
    ok = floor is None or p99 < floor
    verdict = "" if floor is None else f"  floor p99 < {floor:.0f} ms: {'ok' if ok else 'MISSED'}"
    errors = sum(n for status, n in result["statuses"].items() if status != 200)
    print(
        f"{name:<17} {len(ordered) / result['seconds']:8.0f} req/s  p50 {p50:7.2f} ms  "
        f"p99 {p99:7.2f} ms  max {ordered[-1]:7.2f} ms  non-200 {errors}{verdict}"
    )
    return ok and errors == 0


# -- main --------------------------------------------------------------------------


async def bench(args: argparse.Namespace, directory: Path) -> bool:
    db = directory / "bench.db"
    sizes = {TENANT: args.tickets, **dict.fromkeys(NOISY, args.noise)}
    seconds = await load(db, sizes, args.seed)
    print(f"loaded {sum(sizes.values())} tickets ({sizes}) in {seconds:.1f} s")

    settings = Settings(
        db=f"sqlite:///{db}", port=free_port(), log_level="WARNING", instance_id="bench"
    )
    daemon = Daemon(settings, deliver_notifications=False)
    await daemon.start()
    try:
        base = f"http://127.0.0.1:{daemon.port}"
        names = args.scenarios.split(",")
        print(
            f"{args.concurrency} concurrent clients, {args.seconds:.0f} s per scenario "
            f"(after {args.warmup:.0f} s warm-up), daemon and clients in separate processes"
        )
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        process = context.Process(
            target=client_process,
            args=(base, names, args.seconds, args.concurrency, args.warmup, results),
        )
        process.start()
        ok = True
        for _ in names:
            ok = report(await asyncio.to_thread(results.get)) and ok
        await asyncio.to_thread(process.join)
    finally:
        await daemon.stop()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per scenario (10)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured start (1)")
    parser.add_argument("--concurrency", type=int, default=64, help="concurrent clients (64)")
    parser.add_argument("--tickets", type=int, default=10_000, help="the tenant's tickets")
    parser.add_argument("--noise", type=int, default=3_000, help="tickets per noisy tenant")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--scenarios",
        default="stats cached,stats uncached,tickets list,tickets filtered",
        help="comma-separated subset of the scenarios",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a floor is missed")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="ticketd-http-bench-") as directory,
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        ok = runner.run(bench(args, Path(directory)))
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
