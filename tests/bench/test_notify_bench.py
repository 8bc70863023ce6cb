"""bench/notify_bench.py measures what it says: in its healthy case every
queued notification is delivered."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "notify_bench.py"


async def test_the_healthy_case_delivers_every_notification():
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        "--tickets",
        "200",
        "--settle",
        "20",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 55)
    out = stdout.decode()
    assert process.returncode == 0, out + stderr.decode()[-2000:]
    healthy = next(line for line in out.splitlines() if line.startswith("/notify healthy"))
    queued = int(re.search(r"(\d+) urgent queued", healthy).group(1))
    delivered = int(re.search(r"delivered (\d+)", healthy).group(1))
    assert queued > 0
    assert delivered == queued, healthy
    assert "breaker closed" in healthy
