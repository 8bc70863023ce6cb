"""``python -m ticketd.mockapi``: the same as ``ticketd mock-api``."""

from __future__ import annotations

import argparse
import sys

from ticketd.errors import TicketdError
from ticketd.mockapi.cli import configure, run


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="ticketd mock-api", description="run the mock ticket provider"
    )
    configure(parser)
    args = parser.parse_args()
    try:
        return run(args)
    except TicketdError as exc:
        print(f"ticketd mock-api: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
