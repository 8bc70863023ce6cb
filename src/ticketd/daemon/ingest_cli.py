"""``ticketd ingest TENANT``: one ingestion run in this process.

Same code path as ``POST /ingest/run`` (the tenant actor, the same lease,
the same rate limiter), without the HTTP listener. Shows a progress bar on
a terminal and prints a plain summary otherwise. Notifications it queues
stay in the outbox for the daemon to deliver.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any, TextIO

import orjson
import uvloop

from ticketd.daemon.cli import add_common_arguments, settings_from_args
from ticketd.daemon.service import Daemon
from ticketd.daemon.settings import Settings
from ticketd.http.params import tenant_id as validate_tenant
from ticketd.logs import configure_logging

__all__ = ["configure", "ingest_once", "run"]

_REFRESH_SECONDS = 0.5  # progress bar redraw interval


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tenant", help="tenant id to ingest")
    add_common_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the final report as JSON")


def run(args: argparse.Namespace) -> int:
    tenant = validate_tenant(args.tenant, name="tenant")
    settings = settings_from_args(args)
    configure_logging("WARNING" if sys.stderr.isatty() else settings.log_level, settings.log_format)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        report = runner.run(ingest_once(settings, tenant, out=sys.stdout))
    if args.json:
        print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    return 0 if report["status"] == "completed" else 1


async def ingest_once(settings: Settings, tenant: str, *, out: TextIO) -> dict[str, Any]:
    """Run one ingestion for ``tenant``; returns the final progress view.
    Ctrl-C cancels the run gracefully (at the next page boundary)."""
    daemon = Daemon(settings, serve_http=False, deliver_notifications=False)
    await daemon.start()
    try:
        assert daemon.services is not None
        services = daemon.services
        accepted = await services.start_run(tenant)
        loop = asyncio.get_running_loop()

        cancelling: list[asyncio.Task[Any]] = []

        def cancel() -> None:
            if not cancelling:
                cancelling.append(loop.create_task(services.cancel_run(accepted.job_id)))

        loop.add_signal_handler(signal.SIGINT, cancel)
        try:
            tty = out.isatty()
            while not accepted.finished.done():
                if tty:
                    _draw(out, await services.job_progress(accepted.job_id))
                await asyncio.wait({accepted.finished}, timeout=_REFRESH_SECONDS)
        finally:
            loop.remove_signal_handler(signal.SIGINT)
        view = accepted.finished.result()
        if tty:
            _draw(out, view)
            out.write("\n")
        _summary(out, view)
        return view
    finally:
        await daemon.stop()


def _draw(out: TextIO, view: dict[str, Any]) -> None:
    width = 30
    done = int(width * view["progress"] / 100)
    counts = view["counts"]
    pages = f"{view['processed_pages']}/{view['total_pages'] or '?'} pages"
    out.write(
        f"\r[{'#' * done}{'.' * (width - done)}] {view['progress']:5.1f}%  {pages}  "
        f"created {counts['created']}  updated {counts['updated']}  "
    )
    out.flush()


def _summary(out: TextIO, view: dict[str, Any]) -> None:
    c = view["counts"]
    out.write(
        f"{view['tenant_id']}: {view['status']} in {c['duration_seconds']:.1f} s, "
        f"{c['pages']} pages, {c['api_calls']} calls ({c['retries']} retries, "
        f"{c['throttled_seconds']:.1f} s throttled); created {c['created']}, "
        f"updated {c['updated']}, unchanged {c['unchanged']}, deleted {c['deleted']}, "
        f"restored {c['restored']}, skipped {c['skipped']}, errors {c['errors']}, "
        f"notifications queued {c['notifications_queued']}\n"
    )
    if view.get("error"):
        out.write(f"error: {view['error']}\n")
