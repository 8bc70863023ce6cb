"""``ticketd mock-api``: run the mock provider until SIGINT or SIGTERM.

``configure(parser)`` adds the flags, ``run(args)`` serves on uvloop and
returns the exit code (0 after a signal-initiated shutdown, 130 when a
second signal cuts the shutdown short).
"""

from __future__ import annotations

import argparse
import asyncio
import signal

import uvloop
from aiohttp import web

from ticketd.aio import cancel_and_wait, then_ignore_stop_signals
from ticketd.arguments import PORT, TICKET_COUNT, argument_type, integer, number
from ticketd.errors import InvalidInput
from ticketd.mockapi.app import make_app
from ticketd.mockapi.settings import DEFAULT_TENANTS, MockSettings, parse_latency, parse_tenants

__all__ = ["configure", "run", "serve", "settings_from_args"]

_SHUTDOWN_DEADLINE = 10.0  # seconds for the HTTP server to close
_HANDLER_GRACE = 1.0  # seconds in-flight requests may finish (longer than notify latency)


def _probability(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError("must be between 0 and 1")
    return number


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the ``mock-api`` flags to ``parser``."""
    nonneg_int, nonneg_float = integer(0), number(0)
    parser.epilog = "Control endpoints and fault injection: see docs/mock-api.md."
    net = parser.add_argument_group("server")
    net.add_argument("--host", default="127.0.0.1", help="interface to bind (default %(default)s)")
    net.add_argument(
        "--port",
        type=PORT,
        default=9000,
        help="port to listen on, 0 for any free port (default %(default)s)",
    )
    data = parser.add_argument_group("data")
    data.add_argument(
        "--tickets",
        type=TICKET_COUNT,
        default=200,
        metavar="N",
        help="generate N tickets, 0..5000000 (default %(default)s)",
    )
    data.add_argument(
        "--seed",
        type=int,
        default=42,
        metavar="S",
        help="seed of the generated data set (default %(default)s)",
    )
    data.add_argument(
        "--data",
        metavar="FILE",
        help="serve the tickets of this JSON file instead of generating them",
    )
    data.add_argument(
        "--anchor",
        choices=("day", "start"),
        default="day",
        help="day (default): generated tickets span the 30 days up to the end of the "
        "current UTC day, so every start that day serves the same tickets, and those "
        "dated later than now arrive when their time comes; start: the 30 days before "
        "the start, all served at once (timestamps move with each start)",
    )
    data.add_argument(
        "--tenants",
        type=argument_type(parse_tenants, "tenant list"),
        default=DEFAULT_TENANTS,
        metavar="a,b,c",
        help=f"tenants of generated and added tickets (default {','.join(DEFAULT_TENANTS)})",
    )
    data.add_argument(
        "--deleted",
        type=nonneg_int,
        default=0,
        metavar="N",
        help="N generated tickets start deleted (default %(default)s)",
    )
    data.add_argument(
        "--flappy-updated-at",
        action="store_true",
        help="re-draw updated_at of modified tickets on every request "
        "(1 to 48 h after created_at), like the reference provider",
    )
    data.add_argument(
        "--evolve-every",
        type=nonneg_float,
        default=0.0,
        metavar="SECONDS",
        help="apply one random modify/add/delete/restore every SECONDS (default 0: off)",
    )
    limit = parser.add_argument_group("rate limit")
    limit.add_argument(
        "--rate-limit",
        type=nonneg_int,
        default=60,
        metavar="CALLS_PER_MINUTE",
        help="ticket calls admitted per window, 0 for none (default %(default)s)",
    )
    limit.add_argument(
        "--rate-limit-window",
        type=number(0, above=True, what="window"),
        default=60.0,
        metavar="SECONDS",
        help="length of the sliding window (default %(default)s)",
    )
    limit.add_argument(
        "--rate-limit-notify",
        action="store_true",
        help="make /notify share the ticket endpoints' budget",
    )
    notify = parser.add_argument_group("notify failure model")
    notify.add_argument(
        "--notify-fail-first",
        type=nonneg_int,
        default=2,
        metavar="K",
        help="answer 500 to each ticket's first K attempts (default %(default)s)",
    )
    notify.add_argument(
        "--notify-failure-rate",
        type=argument_type(_probability, "probability"),
        default=0.0,
        metavar="P",
        help="probability that a later attempt fails with 500 (default %(default)s)",
    )
    notify.add_argument(
        "--notify-latency",
        type=argument_type(parse_latency, "latency"),
        default=(0.1, 0.5),
        metavar="MIN,MAX",
        help="answer after a uniform delay in seconds (default 0.1,0.5)",
    )
    notify.add_argument(
        "--notify-outage-after",
        type=nonneg_int,
        default=10,
        metavar="M",
        help="M consecutive failures start an outage, 0 for never (default %(default)s)",
    )
    notify.add_argument(
        "--notify-outage-seconds",
        type=nonneg_float,
        default=30.0,
        metavar="SECONDS",
        help="length of an outage answering 503 (default %(default)s)",
    )
    faults = parser.add_argument_group("one-shot faults (more with POST /_control/faults)")
    faults.add_argument(
        "--fail-page",
        type=integer(1, what="page"),
        action="append",
        default=[],
        metavar="P",
        help="list page P answers 503 once (repeatable)",
    )
    faults.add_argument(
        "--timeout-page",
        type=integer(1, what="page"),
        action="append",
        default=[],
        metavar="P",
        help="list page P hangs for --hang-seconds once (repeatable)",
    )
    faults.add_argument(
        "--hang-seconds",
        type=nonneg_float,
        default=30.0,
        metavar="SECONDS",
        help="how long a time-out fault hangs (default %(default)s)",
    )


def settings_from_args(args: argparse.Namespace) -> MockSettings:
    """The settings the parsed flags describe; raises ``InvalidInput``."""
    try:
        return MockSettings(
            host=args.host,
            port=args.port,
            tickets=args.tickets,
            seed=args.seed,
            data=args.data,
            anchor=args.anchor,
            tenants=args.tenants,
            deleted=args.deleted,
            rate_limit=args.rate_limit,
            rate_limit_window=args.rate_limit_window,
            rate_limit_notify=args.rate_limit_notify,
            notify_fail_first=args.notify_fail_first,
            notify_failure_rate=args.notify_failure_rate,
            notify_latency=args.notify_latency,
            notify_outage_after=args.notify_outage_after,
            notify_outage_seconds=args.notify_outage_seconds,
            flappy_updated_at=args.flappy_updated_at,
            evolve_every=args.evolve_every,
            fail_pages=args.fail_page,
            timeout_pages=args.timeout_page,
            hang_seconds=args.hang_seconds,
        )
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def serve(settings: MockSettings) -> int:
    """Serve until SIGINT/SIGTERM; print the URL once listening. A second
    signal during shutdown abandons it and returns 130. Raises
    ``InvalidInput`` for a bad data file or an address that cannot be bound."""
    app = make_app(settings)
    loop = asyncio.get_running_loop()
    stop, force = asyncio.Event(), asyncio.Event()

    def on_signal() -> None:
        (force if stop.is_set() else stop).set()

    runner = web.AppRunner(
        app, handle_signals=False, shutdown_timeout=_HANDLER_GRACE, access_log=None
    )
    await runner.setup()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal)
    try:
        try:
            await web.TCPSite(runner, settings.host, settings.port).start()
        except OSError as exc:
            await runner.cleanup()
            raise InvalidInput(
                f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}"
            ) from None
        port = runner.addresses[0][1]
        print(f"ticketd mock-api listening on {_url(settings.host, port)}", flush=True)
        print(f"serving {app_summary(settings)}", flush=True)
        try:
            await stop.wait()
        except asyncio.CancelledError:
            await _shutdown(runner, force)
            raise
        return await _shutdown(runner, force)
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


async def _shutdown(runner: web.AppRunner, force: asyncio.Event) -> int:
    """Close the server within the deadline; 130 when forced or late."""
    cleanup = asyncio.ensure_future(runner.cleanup())
    forced = asyncio.ensure_future(force.wait())
    done, _ = await asyncio.wait(
        {cleanup, forced}, timeout=_SHUTDOWN_DEADLINE, return_when=asyncio.FIRST_COMPLETED
    )
    forced.cancel()
    if cleanup in done:
        cleanup.result()
        return 0
    await cancel_and_wait([cleanup])
    return 130


def app_summary(settings: MockSettings) -> str:
    """One line saying what is served, for the start-up banner."""
    source = (
        f"tickets from {settings.data}"
        if settings.data
        else (f"{settings.tickets} generated tickets (seed {settings.seed})")
    )
    limit = (
        f"{settings.rate_limit} calls per {settings.rate_limit_window:g} s"
        if settings.rate_limit
        else "no rate limit"
    )
    return f"{source} for tenants {','.join(settings.tenants)}; {limit}"


def run(args: argparse.Namespace) -> int:
    """Entry point of ``ticketd mock-api``: serve on uvloop until signalled."""
    settings = settings_from_args(args)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(then_ignore_stop_signals(serve(settings)))
