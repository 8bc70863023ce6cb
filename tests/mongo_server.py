"""The MongoDB server of a test session.

Every MongoDB test runs over the real wire protocol: against the ``mongod``
that ``TICKETD_TEST_MONGO_URL`` names, or otherwise against SecantusDB (a
MongoDB wire-protocol server on WiredTiger, installed with the ``test``
extra) started here as a separate process on a free loopback port.

Where SecantusDB is known to answer differently from ``mongod``, the test
carries ``@pytest.mark.secantus_gap("why")``: it is then an expected failure
(strict, so a fixed gap is noticed) on SecantusDB and an ordinary test on a
real ``mongod``. ``SECANTUS_GAPS`` names the known gaps once.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import attrs
import pymongo

__all__ = [
    "SECANTUS_GAPS",
    "MongoServer",
    "database_url",
    "start_mongo_server",
    "start_secantus",
    "stop_mongo_server",
    "unique_database_name",
]

# Known differences between SecantusDB and mongod, each the reason of an
# xfail(strict=True) on SecantusDB only.
SECANTUS_GAPS = {
    "gte_bound": (
        "SecantusDB: an unhinted query with two candidate indexes can drop a "
        "document that sits exactly on a $gte bound"
    ),
    "eq_not_indexed": "SecantusDB: {field: {$eq: v}} is not index-eligible",
    "sort_stage": "SecantusDB: every sorted plan shows a SORT stage",
    "retryable_label": (
        'SecantusDB: its "not primary" error lacks the RetryableWriteError label, '
        "so the driver does not retry the write"
    ),
}

_LISTENING = re.compile(r"listening on [^\s:]+:(\d+)")
_START_TIMEOUT_SECONDS = 30.0


@attrs.frozen
class MongoServer:
    """A reachable server: its URL (no database in the path), whether it is
    SecantusDB, and the process when this session started it."""

    url: str  # mongodb://host:port/?options
    is_secantus: bool  # buildInfo has ``secantusVersion``
    version: str  # buildInfo version (SecantusDB: its own version)
    process: subprocess.Popen[str] | None = None
    reader: threading.Thread | None = None  # drains the process's output
    log: collections.deque[str] = attrs.field(factory=lambda: collections.deque(maxlen=200))


def _secantus_command() -> list[str]:
    """The SecantusDB launcher next to this interpreter (the venv's), else on
    PATH."""
    local = Path(sys.executable).with_name("secantusd-py")
    if local.exists():
        return [str(local)]
    found = shutil.which("secantusd-py")
    if found is None:
        raise RuntimeError(
            "secantusd-py not found: install the test extra (pip install -e '.[test]') "
            "or set TICKETD_TEST_MONGO_URL to a real mongod"
        )
    return [found]


def _describe(url: str) -> tuple[bool, str]:
    """Handshake with the server (the driver waits for it to answer) and
    tell SecantusDB from mongod by its buildInfo."""
    client: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(
        url, serverSelectionTimeoutMS=int(_START_TIMEOUT_SECONDS * 1000)
    )
    try:
        info = client.admin.command("buildInfo")
    finally:
        client.close()
    if "secantusVersion" in info:
        return True, str(info["secantusVersion"])
    return False, str(info.get("version", "?"))


def start_mongo_server() -> MongoServer:
    """The server named by ``TICKETD_TEST_MONGO_URL``, or a SecantusDB
    started on a port the OS picks (it prints the port it listens on; no
    sleeping, no port race). Stop it with ``stop_mongo_server``."""
    external = os.environ.get("TICKETD_TEST_MONGO_URL", "")
    if external:
        is_secantus, version = _describe(external)
        return MongoServer(external, is_secantus, version)
    return start_secantus()


def start_secantus(*options: str) -> MongoServer:
    """A SecantusDB of its own, in memory, with ``options`` (say
    ``--standalone``: not a replica set); stop it with
    ``stop_mongo_server``."""
    command = [
        *_secantus_command(),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--storage-path",
        ":memory:",
        "--enable-test-commands",  # replSetStepDown and failCommand for the scenarios
        "--log-level",
        "INFO",
        *options,
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: collections.deque[str] = collections.deque(maxlen=200)
    port: list[int] = []
    listening = threading.Event()

    def drain() -> None:
        # Keeps reading for the whole session so the server never blocks on
        # a full pipe; the tail is kept for failure messages.
        assert process.stdout is not None
        with process.stdout:
            for line in process.stdout:
                log.append(line.rstrip())
                if not port and (match := _LISTENING.search(line)):
                    port.append(int(match.group(1)))
                    listening.set()
        listening.set()  # the process ended: wake the waiter

    reader = threading.Thread(target=drain, name="secantusd-log", daemon=True)
    reader.start()
    if not listening.wait(_START_TIMEOUT_SECONDS) or not port:
        stop_process(process, reader)
        tail = "\n".join(log)
        raise RuntimeError(f"SecantusDB did not start ({' '.join(command)}):\n{tail}")
    url = f"mongodb://127.0.0.1:{port[0]}/"
    try:
        is_secantus, version = _describe(url)
    except Exception:
        stop_process(process, reader)
        raise
    return MongoServer(url, is_secantus, version, process, reader, log)


def stop_process(process: subprocess.Popen[str], reader: threading.Thread | None = None) -> None:
    """Terminate, then kill if it does not exit within 10 s; then wait for
    the log reader to reach the end of the output (it closes the pipe)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    if reader is not None:
        reader.join(10)


def stop_mongo_server(server: MongoServer) -> None:
    if server.process is not None:
        stop_process(server.process, server.reader)


def unique_database_name(prefix: str = "ticketd_test") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def database_url(url: str, name: str, **options: str) -> str:
    """``url`` with ``name`` as its database and extra query options."""
    parts = urlsplit(url)
    query = "&".join(
        part
        for part in (parts.query, "&".join(f"{key}={value}" for key, value in options.items()))
        if part
    )
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, parts.fragment))
