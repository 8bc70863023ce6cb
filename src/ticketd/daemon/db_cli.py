"""``ticketd db ...``: database maintenance.

``ticketd db rebuild-rollups [TENANT]`` recomputes the stats rollups of one
tenant (of every tenant without one) from its tickets: after an upgrade
from a version without rollups on MongoDB, or to repair rollups a crash
left behind the tickets. SQLite rebuilds each tenant in one transaction;
MongoDB holds the tenant's lease while it rebuilds it, and a tenant whose
run holds it is skipped and named (exit code 2, as on any error: run it
again once the run ended; ``ticketd.store.mongo_rollup_rebuild``). Each
operation waits for the database at most ``TICKETD_DB_TIMEOUT_SECONDS``,
as in every command.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

import uvloop

from ticketd.clock import SystemClock
from ticketd.daemon.cli import (
    add_common_arguments,
    prepare_database,
    settings_from_args,
    warn_unknown_environment,
)
from ticketd.domain.identifiers import validate_tenant_id
from ticketd.store import make_store

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    rebuild = actions.add_parser(
        "rebuild-rollups",
        help="recompute the stats rollups from the tickets",
        description="Recompute the stats rollups of TENANT (every tenant when omitted) "
        "from its tickets. On MongoDB a tenant being ingested is skipped and named "
        "(exit code 2, as on any error): run it again once its run ended. Each database "
        "operation waits at most TICKETD_DB_TIMEOUT_SECONDS.",
    )
    rebuild.add_argument("tenant", nargs="?", help="tenant id (default: every tenant)")
    add_common_arguments(rebuild)


def run(args: argparse.Namespace) -> int:
    tenant = None if args.tenant is None else validate_tenant_id(args.tenant, name="tenant")
    settings = settings_from_args(args)
    warn_unknown_environment("db")
    prepare_database("db", settings.db, create=False)

    async def rebuild() -> list[str]:
        store = make_store(
            settings.db, clock=SystemClock(), timeout_seconds=settings.db_timeout_seconds
        )
        await store.open()
        try:
            return await store.rebuild_rollups(tenant)
        finally:
            await store.close()

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        tenants = runner.run(rebuild())
    sys.stdout.write(f"rebuilt the rollups of {len(tenants)} tenant(s): {', '.join(tenants)}\n")
    return 0
