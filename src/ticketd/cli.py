"""The ``ticketd`` command line: one subcommand per job.

Each subcommand module exposes ``configure(parser)`` and ``run(args) ->
int``; this module only assembles them and turns ``TicketdError`` into a
message and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ticketd import __version__
from ticketd.daemon.early_signals import note_stop_signals
from ticketd.errors import TicketdError

__all__ = ["main"]

# name -> (module implementing configure/run, one-line help)
_COMMANDS = {
    "serve": ("ticketd.daemon.cli", "run the daemon (HTTP API, ingestion, notifier)"),
    "mock-api": ("ticketd.mockapi.cli", "run the mock ticket provider for tests and demos"),
    "ingest": ("ticketd.daemon.ingest_cli", "run one ingestion for a tenant in-process"),
    "stats": ("ticketd.daemon.stats_cli", "print a tenant's analytics"),
    "db": ("ticketd.daemon.db_cli", "database maintenance (migrate, rebuild-rollups)"),
    "demo": ("ticketd.daemon.demo", "start the mock provider and the daemon with demo data"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ticketd",
        description="Pull support tickets from a provider, classify them, alert on urgent "
        "ones and serve per-tenant analytics.",
    )
    parser.add_argument("--version", action="version", version=f"ticketd {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in _COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.configure(command)
        command.set_defaults(run=module.run)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an
    option: the top level takes no option with a value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if _command(words) == "ingest":
        # Before any command is imported (a second or so of aiohttp, uvloop,
        # the store drivers): a stop signal meanwhile is noted, not fatal,
        # and the run is not started (``ticketd.daemon.early_signals``).
        note_stop_signals()
    try:
        parser = build_parser()
        args = parser.parse_args(words)
    except KeyboardInterrupt:  # Ctrl-C while another command is imported
        return 130
    try:
        return int(args.run(args))
    except TicketdError as exc:
        print(f"ticketd {args.command}: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
