"""Ingestion benchmark: provider calls and wall time against the floors.

1. Rate-limited: a 10,000-ticket feed for one tenant behind the reference
   limit (60 calls per 60 s) and ticketd at its default budget. Prints the
   wall time against the minimum the limit allows, and the 429s received.
2. Unlimited: the same feed with the provider's limit lifted, to show what
   ticketd itself costs per ticket (fetch, parse, classify, diff, store).
3. A re-run over the unchanged feed: tickets written (must be 0).

With ``--tenants 1,2,4,8`` it measures instead, for each N, N tenants'
runs started at once over one mixed feed of ``--tickets`` tickets (8
tenants) at 60 calls per minute: provider calls and wall time against the
floor of one scan (its pages plus one deleted-ids call, and the minimum
wall time the limit allows for those).

The mock provider runs as a separate process so it does not share this
process's CPU. Usage: python bench/ingest_bench.py [--tickets N]
[--skip-limited] [--db mongodb://HOST:PORT/] (default: temporary SQLite
files; with --db, fresh databases on that server, dropped afterwards)
[--tenants 1,2,4,8] [--tenant-filter] (the run scans alone, reading one
page ahead itself, instead of following the shared pass).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import tempfile
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import pymongo
import uvloop
from _provider import start_provider  # bench/_provider.py, beside this script

from ticketd.daemon.process import Daemon
from ticketd.http.presenters import job_json
from ticketd.settings import Settings

TENANT = "bench"


async def provider_stats(url: str) -> dict:
    async with aiohttp.ClientSession() as session, session.get(url + "/_control/stats") as resp:
        return await resp.json()


class Databases:
    """One database per phase: a SQLite file in a temporary folder, or a
    fresh database on the MongoDB server of ``--db`` (dropped at the end)."""

    def __init__(self, server: str | None) -> None:
        self.server = server
        self.workdir = tempfile.mkdtemp(prefix="ticketd-bench-")
        self.names: list[str] = []

    def url(self, phase: str) -> str:
        if self.server is None:
            return f"sqlite:///{self.workdir}/{phase}.db"
        name = f"ticketd_bench_{phase}_{uuid.uuid4().hex[:8]}"
        self.names.append(name)
        parts = urlsplit(self.server)
        return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    def remove(self) -> None:
        for name in os.listdir(self.workdir):
            os.unlink(os.path.join(self.workdir, name))
        os.rmdir(self.workdir)
        if self.server is not None:
            with pymongo.MongoClient(self.server) as client:
                for name in self.names:
                    client.drop_database(name)


async def ingest(db: str, url: str, budget: int, tenant_filter: bool = False) -> tuple[float, dict]:
    settings = Settings(
        db=db, external_url=url, rate_limit_per_minute=budget, port=0, db_timeout_seconds=60,
        provider_tenant_filter=tenant_filter,
    )  # fmt: skip
    daemon = Daemon(settings, serve_http=False, deliver_notifications=False)
    await daemon.start()
    try:
        assert daemon.ingestion is not None
        started = time.perf_counter()
        accepted = await daemon.ingestion.start_run(TENANT)
        view = job_json(await accepted.finished)
        return time.perf_counter() - started, view
    finally:
        await daemon.stop()


async def concurrent_tenants(args: argparse.Namespace, databases: Databases) -> None:
    tenants = [f"t{n}" for n in range(1, 9)]
    floor_calls = math.ceil(args.tickets / 100) + 1  # one scan and its deleted-ids call
    floor_wall = (math.ceil(floor_calls / 60) - 1) * 60.0
    print(f"{args.tickets} tickets of 8 tenants, 60 calls/min; one scan: {floor_calls} calls, "
          f"at least {floor_wall:.1f} s")  # fmt: skip
    for count in args.tenants:
        process, url = await start_provider(
            "--tickets", str(args.tickets), "--tenants", ",".join(tenants), "--rate-limit", "60",
            "--notify-latency", "0,0",
        )  # fmt: skip
        settings = Settings(db=databases.url(f"n{count}"), external_url=url, port=0)
        daemon = Daemon(settings, serve_http=False, deliver_notifications=False)
        try:
            await daemon.start()
            assert daemon.ingestion is not None
            started = time.perf_counter()
            runs = [await daemon.ingestion.start_run(t) for t in tenants[:count]]
            views = [job_json(await run.finished) for run in runs]
            wall = time.perf_counter() - started
            stats = await provider_stats(url)
        finally:
            await daemon.stop()
            process.terminate()
            await process.wait()
        calls = sum(stats["by_endpoint"][e]["calls"] for e in ("list", "ticket", "deleted"))
        statuses = sorted({v["status"] for v in views})
        print(f"  N={count}: {calls} calls ({calls / floor_calls:.2f}x one scan), "
              f"wall {wall:.1f} s ({wall / max(floor_wall, 1e-9):.2f}x), "
              f"429s {stats['throttled']}, {statuses}")  # fmt: skip


async def main(args: argparse.Namespace) -> None:
    databases = Databases(args.db)
    if args.tenants:
        try:
            await concurrent_tenants(args, databases)
        finally:
            databases.remove()
        return
    if args.db is not None:
        print(f"backend: {args.db}")
    pages = math.ceil(args.tickets / 100)
    calls = pages + 1  # the pages plus the deleted-ids call
    if not args.skip_limited:
        process, url = await start_provider(
            "--tickets", str(args.tickets), "--tenants", TENANT, "--rate-limit", "60",
            "--notify-latency", "0,0",
        )  # fmt: skip
        try:
            wall, view = await ingest(databases.url("limited"), url, 60)
            stats = await provider_stats(url)
        finally:
            process.terminate()
            await process.wait()
        minimum = (math.ceil(calls / 60) - 1) * 60.0
        print(f"rate-limited: {args.tickets} tickets, {calls} calls at 60/min")
        print(f"  wall {wall:.1f} s; minimum the limit allows {minimum:.1f} s "
              f"(+{100 * (wall - minimum) / minimum:.1f} %)")  # fmt: skip
        print(f"  429s received {stats['throttled']}, status {view['status']}, "
              f"created {view['counts']['created']}")  # fmt: skip

    process, url = await start_provider(
        "--tickets", str(args.tickets), "--tenants", TENANT, "--rate-limit", "0",
        "--notify-latency", "0,0",
    )  # fmt: skip
    try:
        db = databases.url("unlimited")
        wall, view = await ingest(db, url, 1_000_000, args.tenant_filter)
        rerun_wall, rerun = await ingest(db, url, 1_000_000, args.tenant_filter)
    finally:
        process.terminate()
        await process.wait()
    c = view["counts"]
    print(f"unlimited provider: {args.tickets} tickets in {wall:.2f} s "
          f"= {1e6 * wall / args.tickets:.0f} us per ticket end to end "
          f"({c['pages']} pages, created {c['created']})")  # fmt: skip
    r = rerun["counts"]
    print(f"re-run over the unchanged feed: {rerun_wall:.2f} s, created {r['created']}, "
          f"updated {r['updated']}, deleted {r['deleted']} (tickets written: "
          f"{r['created'] + r['updated'] + r['deleted'] + r['restored']})")  # fmt: skip
    databases.remove()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--skip-limited", action="store_true", help="skip the ~60 s limited run")
    parser.add_argument("--db", default=None, help="a mongodb:// server instead of SQLite")
    parser.add_argument(
        "--tenant-filter",
        action="store_true",
        help="the provider filters by tenant: the run scans alone (no shared pass)",
    )
    parser.add_argument(
        "--tenants",
        type=lambda text: [int(n) for n in text.split(",")],
        help="e.g. 1,2,4,8: N tenants at once over one mixed feed, per N",
    )
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(parser.parse_args()))
