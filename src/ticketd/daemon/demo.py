"""``ticketd demo``: the mock provider plus the daemon with demo data."""

from __future__ import annotations

import argparse
import sys

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="daemon port (default 8000)")


def run(args: argparse.Namespace) -> int:
    print("ticketd demo is not available yet (issue 9)", file=sys.stderr)
    return 2
