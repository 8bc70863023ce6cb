"""``ticketd serve``: run the daemon until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

import uvloop

from ticketd.actors import RestartIntensityExceeded
from ticketd.aio import then_ignore_stop_signals
from ticketd.arguments import PORT
from ticketd.daemon.database_check import announce_database, check_database, describe_database
from ticketd.daemon.process import Daemon
from ticketd.logs import configure_logging
from ticketd.settings import Settings, load_settings, unknown_environment

__all__ = ["configure", "prepare_database", "run", "serve", "warn_unknown_environment"]

log = logging.getLogger("ticketd")

EXIT_OK = 0
EXIT_SUPERVISOR_GAVE_UP = 70  # EX_SOFTWARE: systemd restarts the unit
EXIT_INTERRUPTED = 130  # a second SIGINT or SIGTERM cut the drain short
EXIT_UNCLEAN_SHUTDOWN = 1  # a shutdown step failed or did not stop within its budget


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags shared by every command that talks to the database and provider."""
    parser.add_argument("--config", metavar="FILE", help="TOML settings file (names in lower case)")
    parser.add_argument("--db", metavar="URL", help="sqlite:///path or mongodb://... (TICKETD_DB)")
    parser.add_argument(
        "--external-url", metavar="URL", help="provider base URL (TICKETD_EXTERNAL_URL)"
    )


def settings_from_args(args: argparse.Namespace, **extra: object) -> Settings:
    overrides = {"db": args.db, "external_url": args.external_url, **extra}
    return load_settings(config_file=args.config, overrides=overrides)


def warn_unknown_environment(command: str) -> None:
    """One stderr line per ``TICKETD_*`` variable that names no setting."""
    for line in unknown_environment():
        sys.stderr.write(f"ticketd {command}: warning: {line}\n")


def prepare_database(command: str, url: str, *, create: bool, write: bool | None = None) -> None:
    """Name the database on stderr, then refuse it (``InvalidInput``, exit
    code 2) if it cannot be used; see ``ticketd.daemon.database_check``."""
    announce_database(command, url)
    check_database(url, create=create, write=write)


def configure(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument("--host", help="address to listen on (TICKETD_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=PORT, help="port to listen on (TICKETD_PORT, default 8000)")
    parser.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help="allow a non-loopback address without auth tokens",
    )
    parser.epilog = (
        "Every setting can also come from TICKETD_<NAME> environment variables or the "
        "--config TOML file; flags win over the environment, which wins over the file."
    )


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args, host=args.host, port=args.port, insecure=args.insecure)
    configure_logging(settings.log_level, settings.log_format)
    for line in unknown_environment():
        log.warning(line)
    # Through the log (JSON under systemd), unlike the one-shot commands.
    log.info("database", extra={"database": describe_database(settings.db)})
    check_database(settings.db, create=True)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(then_ignore_stop_signals(serve(settings)))


async def serve(settings: Settings) -> int:
    """Run one daemon until a signal; returns the process exit code.

    SIGTERM or SIGINT drains; a second one of either, once the drain has
    started, cuts the drain short (actors are cancelled, but running jobs
    still end and release their leases, STOPPING=1 is sent and the store is
    closed) and the exit code is 130.
    A drain with errors (a step that failed or did not stop within its
    share of the budget) exits 1; a supervisor that gave up, 70.
    """
    log.info("effective settings", extra={"settings": settings.masked()})
    daemon = Daemon(settings)
    loop = asyncio.get_running_loop()
    signals = 0

    def on_signal(signum: int) -> None:
        nonlocal signals
        signals += 1
        if signals > 1:
            log.warning(
                "second signal: cutting the drain short",
                extra={"signal": signal.Signals(signum).name},
            )
            daemon.force_shutdown()
            return
        log.info("signal received, draining", extra={"signal": signal.Signals(signum).name})
        daemon.request_shutdown()

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal, signum)
    code = EXIT_OK
    try:
        await daemon.start()
        try:
            await daemon.wait()
        except RestartIntensityExceeded as exc:
            log.critical("supervisor gave up", extra={"reason": exc.message})
            code = EXIT_SUPERVISOR_GAVE_UP
        errors = await daemon.stop()
        if daemon.forced and code == EXIT_OK:
            code = EXIT_INTERRUPTED
        elif errors and code == EXIT_OK:
            code = EXIT_UNCLEAN_SHUTDOWN
    finally:
        # A late second signal, once the drain is over, must not kill the
        # process on its way out (``run`` then ignores them for good).
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, lambda: None)
        for handler in logging.getLogger().handlers:
            handler.flush()
    return code
