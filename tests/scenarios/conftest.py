"""Fixtures of the scenario tests: a hostile provider, the real mock
provider as a process, and `ticketd serve` processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import orjson
import pytest

from tests.conftest import RunningProvider
from tests.scenarios.hostile_provider import hostile_provider
from ticketd.daemon.listening import free_port

__all__ = [
    "Replica",
    "hostile_provider",
    "scenario_db",
    "start_provider_process",
    "start_replica",
]


class Replica:
    """A `ticketd serve` process; ``ready`` is set when it logs that it
    listens. Its log is drained all along so the pipe never fills."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}"
        self.ready = asyncio.Event()
        self.log: list[dict] = []
        self.log_closed = asyncio.create_task(self._read_log())

    async def _read_log(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            with contextlib.suppress(orjson.JSONDecodeError):
                record = orjson.loads(line)
                self.log.append(record)
                if record.get("message") == "ticketd ready":
                    self.ready.set()

    async def request(self, method: str, path: str, **params: str) -> tuple[int, dict]:
        async with (
            aiohttp.ClientSession() as session,
            session.request(method, self.url + path, params=params) as resp,
        ):
            return resp.status, await resp.json()

    async def kill(self) -> None:
        """SIGKILL: no drain, no lease released."""
        self.process.kill()
        await self.process.wait()
        await self.log_closed

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()
        await self.log_closed


@pytest.fixture
async def start_replica() -> AsyncIterator:
    """Start `ticketd serve` on a database and a provider with extra
    ``TICKETD_*`` environment; returns once it listens. Stopped at teardown."""
    replicas: list[Replica] = []

    async def start(db: str, provider_url: str, env: dict[str, str]) -> Replica:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ticketd", "serve", "--port", str(port), "--db", db,
            "--external-url", provider_url,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, **env, "TICKETD_LOG_FORMAT": "json"},
        )  # fmt: skip
        replica = Replica(process, port)
        replicas.append(replica)
        ready = asyncio.create_task(replica.ready.wait())
        await asyncio.wait({ready, replica.log_closed}, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        assert replica.ready.is_set(), f"replica exited: {replica.log[-3:]}"
        return replica

    yield start
    for replica in replicas:
        await replica.stop()


@pytest.fixture
async def start_provider_process() -> AsyncIterator:
    """Start the real mock provider as a process (``ticketd mock-api``)
    with extra flags (no notify latency and every generated ticket served
    from the start, ``--anchor start``, unless they say otherwise: with the
    default ``day`` anchor the tickets dated later today are not served
    yet, so a feed's page count depended on the time of day);
    returns once ``/health`` answers. Killed at teardown."""
    processes: list[asyncio.subprocess.Process] = []

    async def start(*flags: str) -> RunningProvider:
        port = free_port()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "ticketd", "mock-api", "--host", "127.0.0.1",
            "--port", str(port), "--notify-latency", "0,0", "--anchor", "start", *flags,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as session:
            for _ in range(400):
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with session.get(url + "/health") as resp:
                        if resp.status == 200:
                            return RunningProvider(None, url)  # type: ignore[arg-type]
                await asyncio.sleep(0.05)
        raise AssertionError("the mock provider did not start")

    yield start
    for process in processes:
        process.kill()
        await process.wait()


@pytest.fixture(params=["sqlite", "mongodb"])
def scenario_db(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """The database URL of a scenario that runs on both backends: a SQLite
    file under ``tmp_path``, or a database of its own on the session's
    MongoDB server (over the wire). Every daemon of the test shares it."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/scenario.db"
    return str(request.getfixturevalue("mongo_url"))
