"""``ticketd db ...``: database maintenance.

``ticketd db migrate`` brings the database up to this version's schema
(on SQLite: the file's schema version; on MongoDB: the indexes) and says
what it did; ``serve``, ``ingest``, ``demo`` and ``db rebuild-rollups``
do the same when they open it, ``stats`` never (it only reads, and
refuses a SQLite file of an older version).

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
from ticketd.daemon.database_check import describe_database
from ticketd.daemon.stats_cli import unknown_tenant_note
from ticketd.domain.identifiers import validate_tenant_id
from ticketd.store import make_store, sqlite_path
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_schema import SCHEMA_VERSION

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
    migrate = actions.add_parser(
        "migrate",
        help="upgrade the database to this version's schema",
        description="Upgrade the database to this version's schema (SQLite: the file's "
        "schema version; MongoDB: the indexes), as serve and ingest do when they open it; "
        "stats never does. Stop every process of the older version on the database first.",
    )
    add_common_arguments(migrate)


def run(args: argparse.Namespace) -> int:
    if args.db_action == "migrate":
        return _migrate(args)
    return _rebuild_rollups(args)


def _migrate(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    warn_unknown_environment("db")
    prepare_database("db", settings.db, create=False, write=True)

    async def migrate() -> int | None:
        store = make_store(
            settings.db, clock=SystemClock(), timeout_seconds=settings.db_timeout_seconds
        )
        await store.open()  # migrates
        await store.close()
        return store.migrated_from if isinstance(store, SqliteStore) else None

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        before = runner.run(migrate())
    if not settings.db.startswith("sqlite://"):
        sys.stdout.write(f"brought the indexes of {describe_database(settings.db)} up to date\n")
    elif before == SCHEMA_VERSION:
        path = sqlite_path(settings.db)
        sys.stdout.write(f"{path} is already at schema version {SCHEMA_VERSION}\n")
    else:
        path = sqlite_path(settings.db)
        sys.stdout.write(f"migrated {path} from schema version {before} to {SCHEMA_VERSION}\n")
    return 0


def _rebuild_rollups(args: argparse.Namespace) -> int:
    tenant = None if args.tenant is None else validate_tenant_id(args.tenant, name="tenant")
    settings = settings_from_args(args)
    warn_unknown_environment("db")
    prepare_database("db", settings.db, create=False, write=True)

    async def rebuild() -> tuple[list[str], str | None]:
        store = make_store(
            settings.db, clock=SystemClock(), timeout_seconds=settings.db_timeout_seconds
        )
        await store.open()
        try:
            # A mistyped tenant is said, as `stats` says it: its rollups
            # are rebuilt (empty) from no ticket at all.
            note = (
                None if tenant is None else unknown_tenant_note(tenant, await store.list_tenants())
            )
            return await store.rebuild_rollups(tenant), note
        finally:
            await store.close()

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        tenants, note = runner.run(rebuild())
    if note:
        sys.stderr.write(f"ticketd db: note: {note}\n")
    sys.stdout.write(f"rebuilt the rollups of {len(tenants)} tenant(s): {', '.join(tenants)}\n")
    return 0
