"""How fast a cancel or a shutdown takes effect while a run waits on the
provider.

Three cases, each repeated ``--rounds`` times on a fresh database; prints
the median and the worst:

1. ``cancel, permit``: the budget is one call a minute, so the run's
   second call waits for a permit; time from ``cancel_run`` to the run's end.
2. ``cancel, Retry-After``: the provider admits one call per 300 s, so the
   run's second call gets a 429 and waits out its ``Retry-After``; same
   measure.
3. ``shutdown, permit``: as 1, but the daemon is stopped instead; time of
   the whole ``Daemon.stop()``.

Before the runtime fixes the first two took about 57 s and 297 s (the run
only stopped at the next page boundary).

Usage: python bench/cancel_bench.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time

import uvloop
from _provider import start_provider  # bench/_provider.py, beside this script

from ticketd.daemon.process import Daemon
from ticketd.http.presenters import job_json
from ticketd.settings import Settings

TENANT = "tenant_a"


async def waiting_daemon(url: str, db: str, calls_per_minute: int) -> tuple[Daemon, object]:
    """A daemon whose run for TENANT has made its first call and waits."""
    daemon = Daemon(
        Settings(db=db, external_url=url, rate_limit_per_minute=calls_per_minute, port=0)
    )
    await daemon.start()
    assert daemon.ingestion is not None
    accepted = await daemon.ingestion.start_run(TENANT)
    for _ in range(200):
        view = job_json(await daemon.ingestion.job_progress(accepted.job_id))
        if view["counts"]["api_calls"] >= 2 or view["processed_pages"] >= 1:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # well into the wait
    return daemon, accepted


async def cancel_case(url: str, calls_per_minute: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        daemon, accepted = await waiting_daemon(url, f"sqlite:///{tmp}/b.db", calls_per_minute)
        try:
            started = time.perf_counter()
            await daemon.ingestion.cancel_run(accepted.job_id)
            view = job_json(await asyncio.wait_for(accepted.finished, 600))
            took = time.perf_counter() - started
            assert view["status"] == "cancelled", view
        finally:
            await daemon.stop()
    return took


async def shutdown_case(url: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        daemon, accepted = await waiting_daemon(url, f"sqlite:///{tmp}/b.db", 1)
        started = time.perf_counter()
        errors = await daemon.stop()
        took = time.perf_counter() - started
        assert not errors, errors
        assert accepted.finished.result().status == "interrupted"
    return took


def report(name: str, seconds: list[float]) -> None:
    print(
        f"{name:22s} median {statistics.median(seconds):6.3f} s   "
        f"worst {max(seconds):6.3f} s   ({len(seconds)} rounds)"
    )


async def main(rounds: int) -> None:
    loose, loose_url = await start_provider("--tickets", "300", "--rate-limit", "0")
    try:
        report("cancel, permit", [await cancel_case(loose_url, 1) for _ in range(rounds)])
        report("shutdown, permit", [await shutdown_case(loose_url) for _ in range(rounds)])
    finally:
        loose.kill()
        await loose.wait()
    retry = []
    for _ in range(rounds):
        strict, strict_url = await start_provider(
            "--tickets", "300", "--rate-limit", "1", "--rate-limit-window", "300"
        )
        try:
            retry.append(await cancel_case(strict_url, 1000))
        finally:
            strict.kill()
            await strict.wait()
    report("cancel, Retry-After", retry)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(args.rounds))
