"""Ingestion does not wait for notifications (issue 7).

Ingests the same 2,000-ticket feed twice into fresh databases: once with
/notify healthy (the reference latency of 0.1-0.5 s, every call accepted:
no failure pattern, no outage), once with /notify down (every call answers
503). Prints both wall times, the urgent tickets queued, and how delivery
went in each case: the healthy case waits (up to --settle seconds) until
the outbox is empty and reports how long delivering everything took. The
provider's ticket rate limit is lifted so ticketd's own work is what is
timed. Exits 1 if the healthy case did not deliver every notification.

With --pattern it measures delivery under the reference /notify failure
pattern instead (every ticket's first two attempts answer 500, 10 failures
in a row start a 30 s outage of 503s) with the breaker at its defaults: a
daemon ingests one tenant and delivers for --seconds, sampling the breaker
every 0.25 s. It prints alerts delivered per minute, the fraction of samples
in which the breaker was open, the 500s and 503s the provider answered and
the breaker's openings, the median of --runs runs. --time-scale S shrinks
every provider and breaker period (outage, latency, open time) by S so a run
is shorter; the figures are given in the reference's minutes. --baseline
SRC runs the same measurement on another checkout's ``src`` (e.g. main
before a change) in a subprocess and prints both.

Usage: python bench/notify_bench.py [--tickets N] [--settle SECONDS]
       python bench/notify_bench.py --pattern [--runs 3] [--seconds 120]
           [--time-scale 1] [--tickets 200] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
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


async def pattern_run(args: argparse.Namespace, workdir: str, index: int) -> dict:
    """One daemon against the reference failure pattern for ``args.seconds``
    (scaled): what it delivered and how often the breaker was open."""
    scale = args.time_scale
    process, url = await start_provider(
        "--tickets", str(args.tickets), "--seed", str(3 + index), "--rate-limit", "0",
        "--notify-outage-seconds", str(30.0 * scale),
        "--notify-latency", f"{0.1 * scale},{0.5 * scale}",
    )  # fmt: skip
    settings = Settings(
        db=f"sqlite:///{workdir}/pattern{index}.db",
        external_url=url,
        rate_limit_per_minute=1_000_000,
        port=0,
        breaker_open_seconds=30.0 * scale,
        notify_poll_seconds=5.0 * scale,
    )
    daemon = Daemon(settings)
    await daemon.start()
    try:
        assert daemon.ingestion is not None
        accepted = await daemon.ingestion.start_run("tenant_a")
        queued = job_json(await accepted.finished)["counts"]["notifications_queued"]
        samples = opened = 0
        deadline = time.perf_counter() + args.seconds * scale
        while time.perf_counter() < deadline:
            breaker = breaker_json(await daemon.notifications.breaker_status())
            samples += 1
            opened += breaker["state"] == "open"
            if breaker["outbox"]["pending"] == 0:
                break
            await asyncio.sleep(0.25 * scale)
        elapsed = args.seconds * scale - max(0.0, deadline - time.perf_counter())
        breaker = breaker_json(await daemon.notifications.breaker_status())
        attempts = (await call("GET", f"{url}/notifications?tenant_id=tenant_a"))["notifications"]
    finally:
        await daemon.stop()
        process.terminate()
        await process.wait()
    ok = [a for a in attempts if a["status_returned"] == 200]
    return {
        "queued": queued,
        "delivered": len({a["ticket_id"] for a in ok}),
        "duplicates": len(ok) - len({a["ticket_id"] for a in ok}),
        "per_minute": len(ok) / (elapsed / scale) * 60.0,
        "open_fraction": opened / max(1, samples),
        "status_500": sum(a["status_returned"] == 500 for a in attempts),
        "status_503": sum(a["status_returned"] == 503 for a in attempts),
        "openings": breaker.get("openings"),
    }


async def pattern_main(args: argparse.Namespace) -> list[dict]:
    workdir = tempfile.mkdtemp(prefix="ticketd-notify-pattern-")
    return [await pattern_run(args, workdir, i) for i in range(args.runs)]


def pattern_summary(name: str, runs: list[dict]) -> str:
    def med(key: str) -> float:
        values = [r[key] for r in runs if r[key] is not None]
        return statistics.median(values) if values else float("nan")

    return (
        f"{name:8}: median of {len(runs)} runs: {med('per_minute'):.1f} alerts delivered per "
        f"minute, breaker open {med('open_fraction'):.0%} of samples, "
        f"{med('delivered'):.0f} of {med('queued'):.0f} delivered, "
        f"500s {med('status_500'):.0f}, 503s {med('status_503'):.0f}, "
        f"breaker openings {med('openings'):.0f}, duplicates {med('duplicates'):.0f}"
    )


def pattern(args: argparse.Namespace) -> None:
    if args.baseline:
        argv = [sys.executable, __file__, "--pattern", "--json", "--runs", str(args.runs),
                "--seconds", str(args.seconds), "--time-scale", str(args.time_scale),
                "--tickets", str(args.tickets)]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": os.path.abspath(args.baseline)}
        out = subprocess.run(argv, env=env, check=True, capture_output=True, text=True).stdout
        print(pattern_summary("baseline", json.loads(out)))
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runs = runner.run(pattern_main(args))
    if args.json:
        print(json.dumps(runs))
        return
    for run in runs:
        print("  run:", run)
    print(pattern_summary("this tree", runs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=None, help="2000 (200 with --pattern)")
    parser.add_argument(
        "--settle", type=float, default=60.0, help="longest wait for the outbox to empty"
    )
    parser.add_argument("--pattern", action="store_true", help="the reference failure pattern")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=120.0, help="reference seconds per run")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument("--baseline", help="another checkout's src directory")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    cli = parser.parse_args()
    if cli.pattern:
        cli.tickets = cli.tickets or 200
        pattern(cli)
        sys.exit(0)
    cli.tickets = cli.tickets or 2000
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(cli))
