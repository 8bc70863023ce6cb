"""Which b-trees a page write dirties: the pages each 100-ticket page
write of ``bench/store_bench.py``'s big-tenant cases changes, by table
and index, counted from the write-ahead log.

Works on a copy of the big file ``bench/store_bench.py --keep FILE`` built
(the file itself is left as it is; ``--build`` builds it when missing),
brought to this version's schema first. The copy's WAL is never
checkpointed during the run: the ticket writes go through the store's
write function (``sqlite_tickets.apply_tickets``: change detection,
history, outbox, rollups, one transaction per page) on a connection of
this script, with automatic checkpoints off, so every page a commit
changed is a frame of it in the log. Each frame's page is named by the
b-tree that held it before the run (``dbstat``) or, for a page the run
took from the free list or added to the file, ``new:`` and the b-tree
holding it after. Prints the mean pages per page write, per b-tree.

    python bench/store_pages.py --keep /tmp/big.db             # back-filled over 30 days
    python bench/store_pages.py --keep /tmp/big.db --recent    # created in the last hour
    python bench/store_pages.py --keep /tmp/big.db --pages 100 # more page writes

Each dirtied page is read (unless cached), written to the WAL and copied
back by a checkpoint: with the bytes of ``store_bench.py``, the measure
of a page write's cost that other load on the machine does not change.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import struct
import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path

from store_bench import SPLIT, _pages, build  # bench/store_bench.py, beside this script

from ticketd.clock import SystemClock
from ticketd.store.sqlite import SqliteStore
from ticketd.store.sqlite_tickets import apply_tickets

_WAL_HEADER = 32
_FRAME_HEADER = 24


def _owners(conn: sqlite3.Connection) -> dict[int, str]:
    return {page: name for name, page in conn.execute("SELECT name, pageno FROM dbstat")}


def _commits(wal: Path) -> list[set[int]]:
    """The pages of each commit in the log, in order."""
    data = wal.read_bytes()
    (page_size,) = struct.unpack(">I", data[8:12])
    commits, pages, at = [], set(), _WAL_HEADER
    while at + _FRAME_HEADER + page_size <= len(data):
        page, commit_size = struct.unpack(">II", data[at : at + 8])
        pages.add(page)
        if commit_size:  # the last frame of a commit
            commits.append(pages)
            pages = set()
        at += _FRAME_HEADER + page_size
    return commits


async def _current_schema(path: Path) -> None:
    store = SqliteStore(path, clock=SystemClock())
    await store.open()
    await store.close()


def measure(path: Path, pages: int, recent: bool, rows: int, seed: int) -> Counter[str]:
    """Mean pages per page write of ``pages`` page writes of the big
    tenant into ``path`` (changed), per b-tree."""
    asyncio.run(_current_schema(path))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row  # as the store's connections
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _owners(conn)
        customers = max(10, int(rows * SPLIT[0][1]) // 20)  # as store_bench draws them
        # 100 pages generated as store_bench's round does (each page spans
        # its hundredth of the 30 days, or of the last hour), the first
        # ``pages`` written.
        rng = random.Random(seed)
        batches = _pages("big", 100, rng, False, uuid.uuid4().hex[:8], recent, customers)
        for batch in batches[:pages]:
            apply_tickets(conn, "big", batch, "bench", SystemClock().now())
        after = _owners(conn)
        # Before closing: the last connection's close checkpoints the log away.
        commits = _commits(Path(f"{path}-wal"))
    finally:
        conn.close()
    total: Counter[str] = Counter()
    for commit in commits:
        for page in commit:
            total[before.get(page) or f"new:{after.get(page, 'free list')}"] += 1
    return Counter({name: n / len(commits) for name, n in total.items()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", required=True, help="the big file of store_bench.py --keep")
    parser.add_argument("--build", action="store_true", help="build the file when it is missing")
    parser.add_argument("--rows", type=int, default=1_000_000, help="tickets of a built file")
    parser.add_argument("--pages", type=int, default=20, help="page writes of 100 (at most 100)")
    parser.add_argument("--recent", action="store_true", help="tickets of the last hour")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    big = Path(args.keep)
    if not big.exists():
        if not args.build:
            parser.error(f"{big} does not exist (build it with --build, or store_bench.py --keep)")
        seconds = build(big, args.rows, 7)
        print(f"built {args.rows:,} tickets in {seconds:.1f} s")
    with tempfile.TemporaryDirectory(prefix="ticketd-store-pages-", dir=big.parent) as directory:
        copy = Path(directory) / "copy.db"
        source = sqlite3.connect(big)
        try:
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            source.close()
        shutil.copyfile(big, copy)
        per_write = measure(copy, min(args.pages, 100), args.recent, args.rows, args.seed)
    case = "created in the last hour" if args.recent else "back-filled over 30 days"
    print(f"pages dirtied per page write of 100 tickets of the big tenant ({case}):")
    print(f"  {'total':<40} {sum(per_write.values()):6.1f}")
    for name, n in per_write.most_common():
        print(f"  {name:<40} {n:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
