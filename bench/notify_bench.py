"""Ingestion does not wait for notifications (issue 7).

Ingests the same 2,000-ticket feed twice into fresh databases: once with
/notify healthy (the reference latency of 0.1-0.5 s, every call accepted:
no failure pattern, no outage), once with /notify down (every call answers
503). Prints both wall times, the urgent tickets queued, and how delivery
went in each case: the healthy case waits (up to --settle seconds) until
the outbox is empty and reports how long delivering everything took. The
provider's ticket rate limit is lifted so ticketd's own work is what is
timed. Exits 1 if the healthy case did not deliver every notification.

Usage: python bench/notify_bench.py [--tickets N] [--settle SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time

import aiohttp
import uvloop
from _provider import start_provider  # bench/_provider.py, beside this script

from ticketd.daemon.process import Daemon
from ticketd.http.presenters import breaker_json, job_json
from ticketd.settings import Settings

TENANT = "bench"


async def call(method: str, url: str, body: object = None) -> object:
    async with aiohttp.ClientSession() as session, session.request(method, url, json=body) as r:
        return await r.json()


async def ingest(url: str, db: str, settle: float) -> tuple[float, dict, dict, float | None]:
    """Ingest, then let the notifier work until the outbox is empty or
    ``settle`` seconds passed. Returns the ingestion wall time, its final
    view, the breaker status and the seconds until the outbox was empty
    (None if it never was)."""
    # Both budgets lifted (the reference provider limits neither here): what
    # is timed is ticketd's own work and its delivery concurrency.
    settings = Settings(
        db=db,
        external_url=url,
        rate_limit_per_minute=1_000_000,
        notify_rate_limit_per_minute=1_000_000,
        port=0,
        notify_poll_seconds=0.5,
    )
    daemon = Daemon(settings)
    await daemon.start()
    try:
        assert daemon.ingestion is not None
        started = time.perf_counter()
        accepted = await daemon.ingestion.start_run(TENANT)
        view = job_json(await accepted.finished)
        wall = time.perf_counter() - started
        drained = None
        deadline = time.perf_counter() + settle
        while time.perf_counter() < deadline:
            breaker = breaker_json(await daemon.notifications.breaker_status())
            outbox = breaker["outbox"]
            if outbox["pending"] == 0 and outbox["delivered"] + outbox["dead"] > 0:
                drained = time.perf_counter() - started
                break
            await asyncio.sleep(0.2)
        breaker = breaker_json(await daemon.notifications.breaker_status())
        return wall, view, breaker, drained
    finally:
        await daemon.stop()


async def main(args: argparse.Namespace) -> None:
    workdir = tempfile.mkdtemp(prefix="ticketd-notify-bench-")
    # Healthy: every /notify call accepted (no failure pattern, no outage).
    process, url = await start_provider(
        "--tickets", str(args.tickets), "--tenants", TENANT, "--rate-limit", "0",
        "--notify-fail-first", "0", "--notify-outage-after", "0",
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
        # Down never drains: a few seconds show the breaker open and nothing lost.
        down = await ingest(url, f"sqlite:///{workdir}/down.db", min(args.settle, 5.0))
    finally:
        process.terminate()
        await process.wait()
    for name, (wall, view, breaker, drained) in (("healthy", healthy), ("down", down)):
        c = view["counts"]
        delivery = (
            f"outbox empty {drained:.1f} s after the start"
            if drained is not None
            else "outbox not empty at the end of the wait"
        )
        print(
            f"/notify {name:7}: ingested {c['created']} tickets in {wall:.2f} s, "
            f"{c['notifications_queued']} urgent queued; {delivery}: "
            f"breaker {breaker['state']}, outbox pending {breaker['outbox']['pending']}, "
            f"delivered {breaker['outbox']['delivered']}, calls {breaker['calls']}, "
            f"failures {breaker['failures']}"
        )
    attempts = delivered["notifications"]
    ok = {a["ticket_id"] for a in attempts if a["status_returned"] < 300}
    queued = healthy[1]["counts"]["notifications_queued"]
    print(f"healthy run: {len(attempts)} /notify attempts, {len(ok)} of {queued} tickets delivered")
    print(f"wall time ratio down/healthy: {down[0] / healthy[0]:.2f}")
    if len(ok) != queued:
        sys.exit(1)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument(
        "--settle", type=float, default=60.0, help="longest wait for the outbox to empty"
    )
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(parser.parse_args()))
