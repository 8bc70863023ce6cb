"""Replicas sharing one provider budget and one pass over the feed
through one database.

Three `ticketd serve` processes on one SQLite file, each configured with
the provider's limit (30 calls per minute), ingest one tenant each at the
same time against the mock provider limited to 30 calls per minute. The
replicas share one pass over the mixed feed (one replica fetches each page
and publishes it in the database, the others read it there), so together
they need one scan's calls: its pages and one deleted-ids call (a run's
own ``api_calls``). The floor is the wall time the limit allows for one
scan's calls. Prints, per
repetition and as medians, the provider calls against one scan, the 429s
received (the target is 0) and the wall time against the floor.

With ``--runs N --stagger S`` it starts N runs (tenants t1..tN, on the
replicas in turn) S seconds apart instead, as an outside tester did with
4 runs within 50 ms on a 6-page feed (``--tickets 600 --runs 4 --stagger
0.0166 --rate-limit 60``).

Usage: python bench/replicas_bench.py [--tickets N] [--replicas 3]
[--rate-limit 30] [--repeat 3] [--runs N] [--stagger SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import tempfile
import time

import aiohttp
import uvloop
from _provider import start_provider  # bench/_provider.py, beside this script

from ticketd.daemon.listening import free_port


async def start_replica(db: str, url: str, rate: int) -> tuple[asyncio.subprocess.Process, str]:
    port = free_port()
    env = {**os.environ, "TICKETD_RATE_LIMIT_PER_MINUTE": str(rate), "TICKETD_LOG_LEVEL": "WARNING"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
        "--external-url", url,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as session:
        for _ in range(400):
            try:
                async with session.get(base + "/health/live") as resp:
                    if resp.status == 200:
                        return process, base
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    process.kill()
    raise RuntimeError("a replica did not start")


async def ingest(base: str, tenant: str) -> dict:
    async with aiohttp.ClientSession() as session:
        params = {"tenant_id": tenant, "wait": "true"}
        async with session.post(base + "/ingest/run", params=params) as resp:
            return await resp.json()


async def once(args: argparse.Namespace) -> tuple[float, int, int, int, list[str]]:
    """One repetition: (wall seconds, provider calls, one scan's calls, 429s,
    run statuses). One scan's calls: a run's own ``api_calls``, the calls of
    the pages it received (each page once) and of its deleted-ids call."""
    workdir = tempfile.mkdtemp(prefix="ticketd-bench-")
    tenants = [f"t{n}" for n in range(1, (args.runs or args.replicas) + 1)]
    provider, url = await start_provider(
        "--tickets", str(args.tickets), "--tenants", ",".join(tenants),
        "--rate-limit", str(args.rate_limit), "--notify-latency", "0,0",
    )  # fmt: skip
    replicas = []
    try:
        db = f"sqlite:///{workdir}/replicas.db"
        for _ in range(args.replicas):
            replicas.append(await start_replica(db, url, args.rate_limit))

        async def run(n: int, tenant: str) -> dict:
            await asyncio.sleep(n * args.stagger)
            return await ingest(replicas[n % len(replicas)][1], tenant)

        started = time.perf_counter()
        views = await asyncio.gather(*(run(n, tenant) for n, tenant in enumerate(tenants)))
        wall = time.perf_counter() - started
        async with (
            aiohttp.ClientSession() as session,
            session.get(url + "/_control/stats") as resp,
        ):
            stats = await resp.json()
    finally:
        for process, _ in replicas:
            process.terminate()
            await process.wait()
        provider.terminate()
        await provider.wait()
        for name in os.listdir(workdir):
            os.unlink(os.path.join(workdir, name))
        os.rmdir(workdir)
    calls = sum(stats["by_endpoint"][e]["calls"] for e in ("list", "ticket", "deleted"))
    scan = min(int(v["counts"]["api_calls"]) for v in views)
    return wall, calls, scan, stats["throttled"], sorted(str(v.get("status")) for v in views)


def floor_seconds(calls: int, rate: int) -> float:
    """The least wall time ``calls`` calls take at ``rate`` per minute
    (a full window's burst, then a window per ``rate`` more)."""
    return (math.ceil(calls / rate) - 1) * 60.0


async def main(args: argparse.Namespace) -> None:
    runs = args.runs or args.replicas
    print(f"{args.replicas} replicas on one SQLite file, {args.tickets} tickets of "
          f"{runs} tenants ({runs} runs {args.stagger * 1000:g} ms apart), {args.rate_limit} "
          f"calls/min at the provider and in each replica")  # fmt: skip
    results = []
    for n in range(1, args.repeat + 1):
        wall, calls, scan, throttled, statuses = await once(args)
        floor = floor_seconds(scan, args.rate_limit)
        ratio = wall / floor if floor else float("nan")  # nan: one burst, no floor
        results.append((wall, calls / scan, throttled, ratio, calls))
        print(f"  run {n}: {calls} calls, one scan {scan} ({calls / scan:.2f}x), 429s {throttled}, "
              f"wall {wall:.1f} s, one scan's floor {floor:.1f} s ({ratio:.2f}x), "
              f"{statuses}")  # fmt: skip
    print(f"  median of {args.repeat}: {statistics.median(r[4] for r in results):g} calls "
          f"({statistics.median(r[1] for r in results):.2f}x one scan), "
          f"429s {sum(r[2] for r in results)} in all, "
          f"wall {statistics.median(r[0] for r in results):.1f} s "
          f"({statistics.median(r[3] for r in results):.2f}x the floor)")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=4500)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--rate-limit", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=0, help="runs (default: one per replica)")
    parser.add_argument("--stagger", type=float, default=0.0, help="seconds between starts")
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(parser.parse_args()))
