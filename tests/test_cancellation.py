"""No module swallows a cancellation: ``asyncio.CancelledError`` is never
suppressed or caught and dropped anywhere in ``src/`` (behavioural tests
per site live with each module's tests; this guards new code)."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "ticketd"

SWALLOWING = [
    re.compile(r"suppress\([^)]*CancelledError"),
    re.compile(r"except\s+(?:asyncio\.)?CancelledError\s*:\s*\n\s*(?:pass|return|continue)\b"),
    re.compile(r"except\s+BaseException\s*:\s*\n\s*(?:pass|return|continue)\b"),
    re.compile(r"except\s*:\s*\n\s*(?:pass|return|continue)\b"),
]


def test_no_module_swallows_cancellation():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text()
        for pattern in SWALLOWING:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(SOURCE)}:{line}: {match.group(0)!r}")
    assert offenders == []
