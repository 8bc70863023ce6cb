"""Memory over many runs across distinct tenants (resources stay flat).

Starts the mock provider (a separate process) with a feed of
``--tenants`` tenants x 10 tickets, then runs one ingestion per tenant in
an in-process daemon (tenant actors stop when idle), one after the other,
and prints the process's RSS, Python's allocated blocks and the garbage
collector's object count at chosen run counts.

    python bench/memory_bench.py                  # 2,000 runs, samples 200/1000/2000
    python bench/memory_bench.py --runs 500 --samples 100,500

Target: RSS after 2,000 runs within 5 MB of RSS after 200.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import sys
import tempfile
import time

import uvloop
from _provider import start_provider  # bench/_provider.py, beside this script

from ticketd.daemon.process import Daemon
from ticketd.http.presenters import job_json
from ticketd.settings import Settings


def rss_mib() -> float:
    with open(f"/proc/{os.getpid()}/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


async def main(args: argparse.Namespace) -> None:
    tenants = [f"m{n:05d}" for n in range(args.runs)]
    process, url = await start_provider(
        "--tickets", str(10 * len(tenants)), "--tenants", ",".join(tenants),
        "--rate-limit", "1000000", "--notify-latency", "0,0", startup_seconds=300,
    )  # fmt: skip
    workdir = tempfile.mkdtemp(prefix="ticketd-memory-")
    settings = Settings(
        db=f"sqlite:///{workdir}/memory.db",
        external_url=url,
        rate_limit_per_minute=1_000_000,
        provider_tenant_filter=True,
        tenant_idle_seconds=0.01,
        port=0,
    )
    daemon = Daemon(settings, serve_http=False, deliver_notifications=False)
    await daemon.start()
    samples = sorted(int(s) for s in args.samples.split(","))
    first = None
    started = time.perf_counter()
    try:
        assert daemon.ingestion is not None
        for run, tenant in enumerate(tenants, start=1):
            accepted = await daemon.ingestion.start_run(tenant)
            view = job_json(await accepted.finished)
            if view["status"] != "completed":
                raise SystemExit(f"run {run} for {tenant}: {view['status']}")
            if run in samples:
                gc.collect()
                rss = rss_mib()
                first = first if first is not None else rss
                print(
                    f"after {run:>5} runs: RSS {rss:7.1f} MiB ({rss - first:+5.1f}), "
                    f"python blocks {sys.getallocatedblocks():>9}, "
                    f"gc objects {len(gc.get_objects()):>8}, "
                    f"{time.perf_counter() - started:6.1f} s",
                    flush=True,
                )
    finally:
        await daemon.stop()
        process.kill()
        await process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2000, help="runs, one per tenant (2000)")
    parser.add_argument("--samples", default="200,1000,2000", help="runs after which to sample")
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(main(parser.parse_args()))
