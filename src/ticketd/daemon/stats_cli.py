"""``ticketd stats TENANT``: print a tenant's analytics from the database.

It only reads: the store is opened read-only, so it never writes the
database (no schema, no migration, no clean-up); a SQLite file of an older
schema version is refused with how to upgrade it (``ticketd db migrate``).
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import sys
from datetime import timedelta
from typing import Any

import orjson
import uvloop

from ticketd.app import TenantQueries
from ticketd.clock import SystemClock
from ticketd.daemon.cli import (
    add_common_arguments,
    prepare_database,
    settings_from_args,
    warn_unknown_environment,
)
from ticketd.domain.identifiers import validate_tenant_id
from ticketd.domain.ticket import parse_datetime, parse_window_end
from ticketd.errors import InvalidInput
from ticketd.http.presenters import stats_json
from ticketd.store import make_store

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tenant", help="tenant id")
    add_common_arguments(parser)
    parser.add_argument(
        "--from-date",
        metavar="ISO",
        help="only tickets created at or after (a date alone: from the start of that UTC "
        "day); not after --to-date, or after now without it",
    )
    parser.add_argument(
        "--to-date",
        metavar="ISO",
        help="only tickets created at or before; a date alone means the end of that UTC "
        "day (to the 25th includes the 25th)",
    )
    parser.add_argument("--json", action="store_true", help="print the stats as JSON")
    parser.epilog = (
        "Only reads: it never writes the database. A SQLite file of an older schema "
        "version is refused (exit code 2): upgrade it with 'ticketd db migrate'."
    )


def run(args: argparse.Namespace) -> int:
    tenant = validate_tenant_id(args.tenant, name="tenant")
    settings = settings_from_args(args)
    warn_unknown_environment("stats")
    from_date = parse_datetime(args.from_date) if args.from_date else None
    to_date = parse_window_end(args.to_date) if args.to_date else None
    if from_date is not None and to_date is not None and from_date > to_date:
        raise InvalidInput(f"--from-date {args.from_date} is after --to-date {args.to_date}")
    if from_date is not None and to_date is None and from_date > SystemClock().now():
        raise InvalidInput(f"--from-date {args.from_date} is after now (no --to-date given)")
    prepare_database("stats", settings.db, create=False)

    async def fetch() -> dict[str, Any]:
        store = make_store(
            settings.db,
            clock=SystemClock(),
            timeout_seconds=settings.db_timeout_seconds,
            read_only=True,
        )
        await store.open()
        queries = TenantQueries(store, SystemClock())
        try:
            stats = await queries.stats(tenant, from_date=from_date, to_date=to_date)
            if stats.total_tickets == 0:
                note = unknown_tenant_note(tenant, await queries.tenants())
                if note:
                    sys.stderr.write(f"ticketd stats: note: {note}\n")
        finally:
            await store.close()
        return stats_json(stats)

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        body = runner.run(fetch())
    if args.json:
        sys.stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(render(body))
    return 0


def unknown_tenant_note(tenant: str, stored: list[str]) -> str | None:
    """A note when the store holds no ticket of ``tenant`` at all (a
    mistyped tenant id otherwise reads as a tenant with 0 tickets), with
    the closest stored tenant id."""
    if tenant in stored:
        return None
    close = difflib.get_close_matches(tenant, stored, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else f"; it holds {len(stored)} tenants"
    return f"the store has no tickets for tenant {tenant}{hint}"


def _hour_end(hour: str) -> str:
    """``2026-01-02T13:00:00.000Z`` (a bucket's start) -> ``2026-01-02 14:00``."""
    end = parse_datetime(hour) + timedelta(hours=1)
    return end.strftime("%Y-%m-%d %H:%M")


def render(body: dict[str, Any]) -> str:
    """A short human-readable report."""
    lines = [
        f"tenant {body['tenant_id']}: {body['total_tickets']} tickets "
        f"(generated {body['generated_at']})",
        f"  high urgency {body['urgency_high_ratio']:.1%}, negative "
        f"{body['negative_sentiment_ratio']:.1%}, requiring action "
        f"{body['requires_action_count']}",
    ]
    for name in ("by_status", "by_urgency", "by_sentiment", "by_source"):
        mix = ", ".join(f"{k} {v}" for k, v in sorted(body[name].items()))
        lines.append(f"  {name.removeprefix('by_')}: {mix or '-'}")
    trend = [b["count"] for b in body["hourly_trend"]]
    peak = max(trend) or 1
    bars = "".join(" ▁▂▃▄▅▆▇█"[round(8 * c / peak)] for c in trend)
    lines.append(
        f"  24 h to {_hour_end(body['hourly_trend'][-1]['hour'])} UTC: {bars}  "
        f"(peak {max(trend)}/h, {sum(trend)} in 24 h)"
    )
    keywords = ", ".join(f"{k['keyword']} ({k['count']})" for k in body["top_keywords"])
    lines.append(f"  top keywords: {keywords or '-'}")
    for customer in body["at_risk_customers"][:5]:
        lines.append(
            f"  at risk: {customer['customer_id']} "
            f"({customer['negative']} negative, {customer['high_urgency']} high urgency)"
        )
    return "\n".join(lines) + "\n"
