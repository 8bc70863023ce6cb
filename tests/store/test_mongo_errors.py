"""Driver errors of the MongoDB backend leave as the store's own errors:
each hook carries ``driver_errors`` where it is defined, and with no server
to talk to every kind of method raises ``Unavailable``."""

from __future__ import annotations

import asyncio
import inspect
import socket
from datetime import timedelta

import pytest

from tests.store.conftest import START, printer_ticket
from ticketd.clock import FakeClock
from ticketd.errors import LeaseLost, Unavailable
from ticketd.store import JobRecord, Store, TicketFilter
from ticketd.store.contract import StoreContract
from ticketd.store.mongo import MongoStore
from ticketd.store.mongo_errors import driver_errors
from ticketd.store.sqlite import SqliteStore

pytestmark = pytest.mark.timeout(60)


def _closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _public(cls: type) -> set[str]:
    return {
        name
        for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }


def test_every_store_method_is_the_contracts_but_the_lifecycle() -> None:
    lifecycle = {"open", "close", "ping"}
    interface = _public(Store)
    assert _public(StoreContract) == interface - lifecycle
    for backend in (SqliteStore, MongoStore):
        assert _public(backend) == interface, backend
        for name in interface - lifecycle:
            assert getattr(backend, name) is getattr(StoreContract, name), (backend, name)
            assert inspect.iscoroutinefunction(getattr(backend, f"_{name}")), (backend, name)


def test_every_mongo_hook_is_wrapped_where_it_is_defined() -> None:
    """The wrapper ``driver_errors`` returns is one code object, whatever it
    wraps: each hook (and ``close``) must be it."""

    async def method(self: object) -> None: ...

    wrapper = driver_errors(method).__code__
    hooks = [f"_{name}" for name in _public(StoreContract)] + ["close"]
    for name in hooks:
        assert getattr(MongoStore, name).__code__ is wrapper, name


async def test_every_kind_of_method_raises_unavailable_with_no_server(clock: FakeClock) -> None:
    """Nobody listens on the port: ticket writes and reads, stats, rollup
    rebuilds, leases, jobs, the outbox and the budget all fail with
    ``Unavailable`` (a driver type would be a 500 and an unhandled crash)."""
    url = f"mongodb://127.0.0.1:{_closed_port()}/t"
    store = MongoStore.from_url(url, clock=clock, timeout_seconds=0.3)
    fence_free = {"job_id": None}
    calls = {
        "apply_tickets": store.apply_tickets("acme", [printer_ticket("ext-1")], **fence_free),
        "soft_delete": store.soft_delete("acme", ["ext-1"], **fence_free),
        "list_tickets": store.list_tickets("acme", TicketFilter(), page=1, page_size=5),
        "ticket_history": store.ticket_history("acme", "ext-1", limit=5),
        "tenant_stats": store.tenant_stats("acme", from_date=None, to_date=None),
        "rebuild_rollups": store.rebuild_rollups("acme"),
        "acquire_lease": store.acquire_lease("acme", "replica-a", 60),
        "create_job": store.create_job(JobRecord("j", "acme", "a", "running", START)),
        "finish_job": store.finish_job(
            "j", status="completed", metrics={}, error=None, release_lease=True
        ),
        "claim_notifications": store.claim_notifications("n", limit=5, lease_seconds=30),
        "schedule_retry": store.schedule_retry(
            "0" * 24, "n", next_attempt_at=START + timedelta(minutes=1), error="e"
        ),
        "outbox_summary": store.outbox_summary(),
        "take_permits": store.take_permits(
            "tickets", want=1, limit=5, span_seconds=1.0, hold_seconds=0.0
        ),
        "pause_budget": store.pause_budget("tickets", 30.0),
    }
    try:
        for name, call in calls.items():
            async with asyncio.timeout(10):
                with pytest.raises(Unavailable, match=r"^MongoDB: ") as raised:
                    await call
            assert "Topology Description" not in raised.value.message, name
    finally:
        await store.close()


class _SlowDriver:
    """A backend hook awaiting its I/O the way PyMongo's network layer does
    (``asyncio.wait_for``); the test decides when the I/O completes."""

    def __init__(self) -> None:
        self.io: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.started = asyncio.Event()

    @driver_errors
    async def _hook(self) -> str:
        self.started.set()
        return await asyncio.wait_for(self.io, timeout=30)

    @driver_errors
    async def _fenced_hook(self) -> str:
        """A fenced write whose filter matched nothing: the driver call
        completes, then the hook raises its own error."""
        self.started.set()
        await asyncio.wait_for(self.io, timeout=30)
        raise LeaseLost("the lease changed hands")


async def test_a_cancellation_the_driver_swallows_is_raised_again() -> None:
    """On Python 3.11 ``asyncio.wait_for`` returns the inner result when the
    cancellation arrives just as that result is ready (PyMongo awaits every
    socket write that way): a renewal loop stopped only by cancellation
    then renewed a feed lease for ever. The hook must raise
    ``CancelledError`` all the same."""
    driver = _SlowDriver()
    call = asyncio.create_task(driver._hook())
    await driver.started.wait()
    driver.io.set_result("done")  # the I/O completes ...
    call.cancel()  # ... and the cancel arrives before the task resumes
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_a_swallowed_cancellation_wins_over_the_hooks_own_error() -> None:
    """A hook that raises its own error (``LeaseLost``) after the driver
    swallowed the cancel: callers catch that error and go on, so the hook
    must raise ``CancelledError`` instead, chained from the error."""
    driver = _SlowDriver()
    call = asyncio.create_task(driver._fenced_hook())
    await driver.started.wait()
    driver.io.set_result("done")
    call.cancel()
    with pytest.raises(asyncio.CancelledError) as raised:
        await call
    assert isinstance(raised.value.__cause__, LeaseLost)


async def test_the_hooks_own_error_passes_when_not_cancelled() -> None:
    driver = _SlowDriver()
    driver.io.set_result("done")
    with pytest.raises(LeaseLost):
        await driver._fenced_hook()


async def test_a_cancellation_before_the_call_is_not_raised_again() -> None:
    """A task that was cancelled earlier and writes while it winds up (a job
    record finished on the way out) is not cancelled a second time by the
    check."""
    driver = _SlowDriver()
    waiting = asyncio.Event()

    async def wind_up() -> str:
        try:
            waiting.set()
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            driver.io.set_result("recorded")
            return await driver._hook()
        raise AssertionError("not cancelled")

    task = asyncio.create_task(wind_up())
    await waiting.wait()
    task.cancel()
    assert await task == "recorded"
