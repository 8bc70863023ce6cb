"""Supervision: ordered start, restarts with backoff, escalation, spawn on
demand, idle stop, ordered shutdown."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.actors.runtime import Actor
from ticketd.actors.supervisor import RestartIntensityExceeded, Supervisor
from ticketd.clock import FakeClock
from ticketd.errors import ActorStopped


class Recorder(Actor):
    """Appends lifecycle events to a shared journal; crashes on 'crash'."""

    def __init__(self, name: str, journal: list[str]) -> None:
        super().__init__()
        self.name = name
        self.journal = journal

    async def on_start(self) -> None:
        self.journal.append(f"start {self.name}")

    async def on_stop(self) -> None:
        self.journal.append(f"stop {self.name}")

    async def handle(self, message):
        if message == "crash":
            raise RuntimeError("crash requested")
        self.journal.append(f"{self.name} got {message}")
        return message


async def test_children_start_in_order_and_stop_in_reverse():
    journal: list[str] = []
    supervisor = Supervisor()
    for name in ("limiter", "notifier"):
        await supervisor.start_child(name, lambda n=name: Recorder(n, journal))
    supervisor.get_or_spawn("tenant-a", lambda: Recorder("tenant-a", journal))
    await asyncio.sleep(0)
    assert journal == ["start limiter", "start notifier", "start tenant-a"]
    assert await supervisor.stop_all(timeout=1) == []
    assert journal[3:] == ["stop tenant-a", "stop notifier", "stop limiter"]


async def test_crashed_actor_is_restarted_with_same_ref_and_backoff():
    clock = FakeClock()
    journal: list[str] = []
    supervisor = Supervisor(restart_delay=1.0, clock=clock)
    ref = await supervisor.start_child("worker", lambda: Recorder("worker", journal))
    await ref.tell("crash")
    await ref.tell("after-crash")  # queued while crashed: not lost
    for _ in range(10):
        await asyncio.sleep(0)
    assert clock.sleepers == 1  # waiting out the restart delay
    await clock.advance(1.0)
    assert await ref.ask("ping") == "ping"
    assert journal.count("start worker") == 2
    assert "worker got after-crash" in journal
    assert supervisor.restarts_total == 1
    await supervisor.stop_all(timeout=1)


async def test_restart_intensity_exceeded_escalates():
    clock = FakeClock()
    journal: list[str] = []
    supervisor = Supervisor(max_restarts=2, within_seconds=60, restart_delay=1, clock=clock)
    ref = await supervisor.start_child("flaky", lambda: Recorder("flaky", journal))
    waiter = asyncio.create_task(supervisor.wait_failed())
    for _ in range(3):
        await ref.tell("crash")
        for _ in range(10):
            await asyncio.sleep(0)
        await clock.advance(10)
    with pytest.raises(RestartIntensityExceeded, match="flaky crashed more than 2 times"):
        await asyncio.wait_for(waiter, 1)
    assert journal.count("start flaky") == 3
    with pytest.raises(ActorStopped):
        await ref.ask("ping")
    await supervisor.stop_all(timeout=1)


async def test_crashes_spread_over_time_do_not_escalate():
    clock = FakeClock()
    supervisor = Supervisor(max_restarts=2, within_seconds=60, restart_delay=1, clock=clock)
    ref = await supervisor.start_child("flaky", lambda: Recorder("flaky", []))
    for _ in range(5):
        await ref.tell("crash")
        for _ in range(10):
            await asyncio.sleep(0)
        await clock.advance(61)
    assert supervisor.failure is None
    assert await ref.ask("still here") == "still here"
    await supervisor.stop_all(timeout=1)


async def test_get_or_spawn_reuses_live_actor_and_forgets_stopped_one():
    journal: list[str] = []
    supervisor = Supervisor()
    first = supervisor.get_or_spawn("t1", lambda: Recorder("t1", journal))
    assert supervisor.get_or_spawn("t1", lambda: Recorder("other", journal)) is first
    await supervisor.stop_child("t1", timeout=1)
    assert supervisor.get("t1") is None
    second = supervisor.get_or_spawn("t1", lambda: Recorder("t1", journal))
    assert second is not first
    assert await second.ask("hello") == "hello"
    await supervisor.stop_all(timeout=1)


class IdleRecorder(Recorder):
    idle_timeout = 0.02


async def test_idle_on_demand_actor_is_removed_from_registry():
    journal: list[str] = []
    supervisor = Supervisor()
    ref = supervisor.get_or_spawn("t1", lambda: IdleRecorder("t1", journal))
    await ref.ask("work")
    await asyncio.wait_for(ref.wait_stopped(), 1)
    await asyncio.sleep(0)
    assert supervisor.get("t1") is None
    assert journal[-1] == "stop t1"
    await supervisor.stop_all(timeout=1)


async def test_many_on_demand_actors_do_not_leak():
    supervisor = Supervisor()
    for round_ in range(3):
        refs = [
            supervisor.get_or_spawn(f"t{i}", lambda i=i: IdleRecorder(f"t{i}", []))
            for i in range(50)
        ]
        await asyncio.gather(*(r.ask(round_) for r in refs))
        await asyncio.gather(*(r.wait_stopped() for r in refs))
        await asyncio.sleep(0)
        assert supervisor.refs() == {}
    await supervisor.stop_all(timeout=1)


class Stubborn(Recorder):
    async def on_stop(self) -> None:
        await asyncio.sleep(10)


async def test_stop_all_gathers_timeouts_instead_of_stopping_at_first():
    journal: list[str] = []
    supervisor = Supervisor()
    await supervisor.start_child("first", lambda: Recorder("first", journal))
    await supervisor.start_child("stubborn", lambda: Stubborn("stubborn", journal))
    errors = await supervisor.stop_all(timeout=0.05)
    assert len(errors) == 1 and isinstance(errors[0], TimeoutError)
    assert "stop first" in journal


class BrokenStart(Recorder):
    async def on_start(self) -> None:
        raise RuntimeError("cannot start")


async def test_boot_failure_is_reported_to_start_child():
    supervisor = Supervisor()
    with pytest.raises(ActorStopped, match="failed to start"):
        await supervisor.start_child("broken", lambda: BrokenStart("broken", []))
    await supervisor.stop_all(timeout=1)
