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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except TicketdError as exc:
        print(f"ticketd {args.command}: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
