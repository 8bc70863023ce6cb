"""Ticket list latency on SQLite with 1M tickets in the file.

Uses the file ``bench/store_bench.py`` builds (``--keep FILE`` to reuse
one, built if missing) and times ``Store.list_tickets`` for its big tenant
(700k tickets over 30 days): the first page, a page by number, pages after
a position (keyset), filtered, from the newest hour and from an hour
``--hours`` back, and the first page of a smaller tenant. Prints the
median and p95 of ``--runs`` calls each, and the number of tickets in the
hours they start from: the list index holds an hour's tickets in the
order they were written, so a page costs the entries of the hours it
spans (a file that ``store_bench.py --recent`` wrote to holds tens of
thousands in its newest hours).

    python bench/list_bench.py --keep /tmp/big.db
    python bench/list_bench.py --keep /tmp/big.db --hours 8 --runs 50
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from store_bench import build  # bench/store_bench.py, beside this script

from ticketd.clock import SystemClock
from ticketd.store import TicketFilter, TicketKey
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_rows import HOUR_KEY, to_ms

PAGE = 50


async def _measure(path: Path, hours: int, runs: int) -> tuple[int, int]:
    """Prints the cases; returns the newest ticket's and the older reads' created_at ms."""
    store = SqliteStore(path, clock=SystemClock())
    await store.open()
    try:
        newest = (await store.list_tickets("big", TicketFilter(), page=1, page_size=1)).tickets[0]
        back = TicketKey(newest.created_at - timedelta(hours=hours), "")
        open_high = TicketFilter(status="open", urgency="high")
        cases = {
            "newest: page 1": ("big", TicketFilter(), 1, None),
            "newest: page 20": ("big", TicketFilter(), 20, None),
            "newest: open+high": ("big", open_high, 1, None),
            f"{hours} h back: after": ("big", TicketFilter(), 1, back),
            f"{hours} h back: page 20": ("big", TicketFilter(), 20, back),
            f"{hours} h back: open+high": ("big", open_high, 1, back),
            "t1: page 1": ("t1", TicketFilter(), 1, None),
        }
        print(f"list_tickets, {PAGE} a page, median and p95 of {runs} calls:")
        for name, (tenant, filters, page, after) in cases.items():
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                await store.list_tickets(tenant, filters, page=page, page_size=PAGE, after=after)
                times.append(time.perf_counter() - started)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"  {name:<24} {statistics.median(times) * 1e3:7.2f} ms  p95 {p95 * 1e3:7.2f} ms")

        return to_ms(newest.created_at), to_ms(back.created_at)
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", help="the 1M file of store_bench.py to build, or reuse")
    parser.add_argument("--rows", type=int, default=1_000_000, help="tickets when building")
    parser.add_argument("--hours", type=int, default=8, help="how far back the older reads start")
    parser.add_argument("--runs", type=int, default=30, help="calls per case")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ticketd-list-bench-") as directory:
        path = Path(args.keep) if args.keep else Path(directory) / "big.db"
        if not path.exists():
            print(f"built {args.rows:,} tickets in {build(path, args.rows, 7):.1f} s")
        newest, back = asyncio.run(_measure(path, args.hours, args.runs))
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            counts = [
                conn.execute(
                    "SELECT count(*) FROM tickets WHERE tenant_id = 'big' "
                    f"AND deleted_at IS NULL AND {HOUR_KEY} = ? / 3600000",
                    (ms,),
                ).fetchone()[0]
                for ms in (newest, back)
            ]
        finally:
            conn.close()
        print(f"  tickets in the newest hour {counts[0]:,}, {args.hours} h back {counts[1]:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
