"""The MongoDB server a benchmark measures: the one given, or SecantusDB
started for the run (the test suite's server, from tests/mongo_server.py)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["mongo_server"]

REPOSITORY = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def mongo_server(url: str | None) -> Iterator[str]:
    """Yield ``url``, or with none the URL of a SecantusDB started here and
    stopped on exit; prints which server the figures are for."""
    if url is not None:
        print(f"MongoDB ({url.split('@')[-1]}; given server):")
        yield url
        return
    sys.path.insert(0, str(REPOSITORY))
    from tests.mongo_server import start_mongo_server, stop_mongo_server

    server = start_mongo_server()
    print(f"MongoDB ({server.url}; SecantusDB):")
    try:
        yield server.url
    finally:
        stop_mongo_server(server)
