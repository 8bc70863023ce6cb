"""Ingestion does not wait for notifications (SPEC section 6, issue 7).

Ingests the same 2,000-ticket feed twice into fresh databases: once with
/notify healthy (reference latency 0.1-0.5 s and failure pattern), once with
/notify down (every call answers 503). Prints both wall times, the urgent
tickets queued, and how delivery went in each case. The provider's ticket
rate limit is lifted so ticketd's own work is what is timed.

Usage: python bench/notify_bench.py [--tickets N]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time

import aiohttp
import uvloop
from _provider import start_provider  # bench/_provider.py, beside this script

from ticketd.daemon.service import Daemon
from ticketd.daemon.settings import Settings

TENANT = "bench"


async def call(method: str, url: str, body: object = None) -> object:
    async with aiohttp.ClientSession() as session, session.request(method, url, json=body) as r:
        return await r.json()


async def ingest(url: str, db: str, settle: float) -> tuple[float, dict, dict]:
    settings = Settings(db=db, external_url=url, rate_limit_per_minute=1_000_000, port=0)
    daemon = Daemon(settings)
    await daemon.start()
    try:
        assert daemon.services is not None
        started = time.perf_counter()
        accepted = await daemon.services.start_run(TENANT)
        view = await accepted.finished
        wall = time.perf_counter() - started
        await asyncio.sleep(settle)  # let the notifier work a while
        breaker = await daemon.services.breaker_status()
        return wall, view, breaker
    finally:
        await daemon.stop()


async def main(args: argparse.Namespace) -> None:
    workdir = tempfile.mkdtemp(prefix="ticketd-notify-bench-")
    process, url = await start_provider(
        "--tickets", str(args.tickets), "--tenants", TENANT, "--rate-limit", "0"
    )  # fmt: skip
    try:
        healthy = await ingest(url, f"sqlite:///{workdir}/healthy.db", args.settle)
        delivered = await call("GET", f"{url}/notifications?tenant_id={TENANT}")
        await call("POST", f"{url}/_control/reset")
        await call(
            "POST",
            f"{url}/_control/faults",
            {"kind": "error", "endpoint": "notify", "status": 503, "times": 1_000_000},
        )
        down = await ingest(url, f"sqlite:///{workdir}/down.db", args.settle)
    finally:
        process.terminate()
        await process.wait()
    for name, (wall, view, breaker) in (("healthy", healthy), ("down", down)):
        c = view["counts"]
        print(
            f"/notify {name:7}: ingested {c['created']} tickets in {wall:.2f} s, "
            f"{c['notifications_queued']} urgent queued; after {args.settle:.0f} s more: "
            f"breaker {breaker['state']}, outbox pending {breaker['outbox']['pending']}, "
            f"delivered {breaker['outbox']['delivered']}, calls {breaker['calls']}, "
            f"failures {breaker['failures']}"
        )
    attempts = delivered["notifications"]
    ok = {a["ticket_id"] for a in attempts if a["status_returned"] < 300}
    print(f"healthy run: {len(attempts)} /notify attempts, {len(ok)} tickets delivered")
    print(f"wall time ratio down/healthy: {down[0] / healthy[0]:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--settle", type=float, default=10.0, help="seconds of delivery after")
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(parser.parse_args()))
