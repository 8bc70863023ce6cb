"""``ticketd demo``: a working installation in one command.

Starts the mock provider and the daemon on the embedded database in this
process, ingests every demo tenant, turns on the scheduled sync of every
stored tenant (each minute by default) so the dashboards stay fresh,
prints the dashboard URL and a few curl examples, and runs until Ctrl-C
(or SIGTERM) at any point, ingestion included, then stops both cleanly:
running ingestions end interrupted and release their leases, exit code 0;
a second Ctrl-C or SIGTERM cuts the drain short (exit code 130).

The demo uses the same database as every other command (``--db``, else
``TICKETD_DB``, else ``sqlite:///./ticketd.db``), so ``ticketd stats`` or
``ticketd serve`` afterwards read what the demo ingested. The mock's data
is anchored to the start of the UTC day, so restarting the demo the same
day re-reads the same tickets (nothing is rewritten).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import TextIO

import uvloop
from aiohttp import web

from ticketd.aio import then_ignore_stop_signals
from ticketd.arguments import PORT, TICKET_COUNT, integer, number
from ticketd.daemon.cli import EXIT_INTERRUPTED, prepare_database, warn_unknown_environment
from ticketd.daemon.listening import listening_sockets
from ticketd.daemon.process import Daemon
from ticketd.logs import configure_logging
from ticketd.mockapi import MockSettings, make_app
from ticketd.settings import Settings, load_settings

__all__ = ["configure", "run", "run_demo"]

DEMO_TENANTS = ("tenant_a", "tenant_b", "tenant_c", "tenant_d")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address of both servers")
    parser.add_argument(
        "--port", type=PORT, default=8000, help="daemon port, 0 for any free one (default 8000)"
    )
    parser.add_argument(
        "--provider-port",
        type=PORT,
        default=9000,
        help="mock provider port, 0 for any free one (default 9000)",
    )
    parser.add_argument(
        "--db",
        help="database URL (TICKETD_DB; default sqlite:///./ticketd.db, the same as every "
        "other command)",
    )
    parser.add_argument(
        "--tickets", type=TICKET_COUNT, default=2000, help="demo tickets, 0..5000000 (default 2000)"
    )
    parser.add_argument(
        "--rate-limit",
        type=integer(1),
        default=600,
        help="provider calls per minute, mock and daemon alike (default 600 so the demo "
        "fills in seconds; the reference provider allows 60)",
    )
    parser.add_argument("--seed", type=int, default=42, help="data set seed (default 42)")
    parser.add_argument(
        "--sync-interval",
        type=number(0),
        default=60.0,
        help="re-sync every stored tenant this often, in seconds, so the dashboards stay "
        "fresh; 0 turns it off (default %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    warn_unknown_environment("demo")
    configure_logging("WARNING", "auto")
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(then_ignore_stop_signals(run_demo(args, out=sys.stdout)))


async def run_demo(args: argparse.Namespace, *, out: TextIO) -> int:
    mock_settings = MockSettings(
        host=args.host,
        port=args.provider_port,
        tickets=args.tickets,
        seed=args.seed,
        tenants=DEMO_TENANTS,
        rate_limit=args.rate_limit,
        anchor="day",
    )
    # The mock's port first: the daemon's provider URL names the port it got
    # (any free one for --provider-port 0).
    sockets = listening_sockets(args.host, args.provider_port, role="mock provider")
    try:
        settings = _settings(args, provider_port=sockets[0].getsockname()[1])
        prepare_database("demo", settings.db, create=True)
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    provider = web.AppRunner(make_app(mock_settings), handle_signals=False, access_log=None)
    await provider.setup()
    for sock in sockets:
        await web.SockSite(provider, sock).start()
    daemon = Daemon(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = 0

    def on_signal(signum: int) -> None:
        # Like serve: the first SIGINT or SIGTERM drains (running ingestions
        # end interrupted and release their leases), a second one of either
        # cuts the drain short.
        nonlocal signals
        signals += 1
        if signals > 1:
            daemon.force_shutdown()
            return
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)
    errors: list[BaseException] = []
    try:
        # A signal while starting takes effect once the daemon is up (a
        # half-started daemon is not torn down twice); while ingesting the
        # demo tenants or serving, it ends the demo at once.
        await daemon.start()
        demo = asyncio.ensure_future(_ingest(daemon, args, out))
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({demo, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if demo.done():
                demo.result()
                await stopped
        finally:
            for task in (demo, stopped):
                task.cancel()
            await asyncio.gather(demo, stopped, return_exceptions=True)
        out.write("Stopping ...\n")
        out.flush()
    finally:
        if daemon.started:
            errors = await daemon.stop()
        await provider.cleanup()
        # A late signal, once the drain is over, must not kill the process
        # on its way out (``run`` then ignores them for good).
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, lambda: None)
    if daemon.forced:
        return EXIT_INTERRUPTED
    return 1 if errors else 0


def _settings(args: argparse.Namespace, *, provider_port: int) -> Settings:
    """The daemon's settings: the mock at ``provider_port`` as its provider."""
    host = f"[{args.host}]" if ":" in args.host else args.host  # an IPv6 address
    return load_settings(
        overrides={
            "db": args.db,
            "external_url": f"http://{host}:{provider_port}",
            "host": args.host,
            "port": args.port,
            "rate_limit_per_minute": args.rate_limit,
            "log_level": "WARNING",
            "sync_interval_seconds": args.sync_interval,
            "sync_tenants": "*",
        }
    )


async def _ingest(daemon: Daemon, args: argparse.Namespace, out: TextIO) -> None:
    """Ingest every demo tenant, then print where to look."""
    ingestion = daemon.ingestion
    assert ingestion is not None
    provider_url = daemon.settings.external_url
    url = f"http://{args.host}:{daemon.port}"
    out.write(f"Mock provider: {provider_url}  ({args.tickets} tickets)\nDaemon: {url}\n")
    out.write(f"Ingesting {', '.join(DEMO_TENANTS)} ...\n")
    out.flush()
    runs = [await ingestion.start_run(t) for t in DEMO_TENANTS]
    for tenant, accepted in zip(DEMO_TENANTS, runs, strict=True):
        # Shielded: cancelling this wait must not cancel the run's own
        # future, which the ingestion actor resolves when the run ends.
        view = await asyncio.shield(accepted.finished)
        c = view.report
        out.write(
            f"  {tenant}: {view.status}, {c.created} new, {c.updated} updated, "
            f"{c.notifications_queued} urgent notifications queued\n"
        )
    out.write(
        f"\nDashboard: {url}/dashboard/{DEMO_TENANTS[0]}\n"
        f"All tenants: {url}/\n\nTry:\n"
        f"  curl '{url}/tenants/{DEMO_TENANTS[0]}/stats'\n"
        f"  curl '{url}/tickets/urgent?tenant_id={DEMO_TENANTS[0]}'\n"
        f"  curl -X POST '{url}/ingest/run?tenant_id={DEMO_TENANTS[1]}&wait=true'\n"
        f"  curl '{url}/circuit/notify/status'\n"
        f"  curl '{provider_url}/notifications?tenant_id={DEMO_TENANTS[0]}'\n"
        + (
            f"\nEvery stored tenant is re-synced every {args.sync_interval:g} s "
            "(--sync-interval).\n"
            if args.sync_interval > 0
            else ""
        )
        + "\nCtrl-C stops the demo.\n"
    )
    out.flush()
