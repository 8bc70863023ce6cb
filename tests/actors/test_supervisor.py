"""Supervision: ordered start, restarts with backoff, escalation, spawn on
demand, idle stop, ordered shutdown."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from ticketd.actors.mailbox import Ping
from ticketd.actors.runtime import Actor
from ticketd.actors.supervisor import RestartIntensityExceeded, Supervisor
from ticketd.clock import FakeClock
from ticketd.errors import ActorStopped


@attrs.frozen
class Wait:
    event: asyncio.Event  # the handler waits for it


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
        if isinstance(message, Wait):
            await message.event.wait()
            return "waited"
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
    with pytest.raises(RestartIntensityExceeded, match="flaky crashed: more than 2 restarts"):
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


class FailsOnRestart(Recorder):
    """Starts once; the next ``failures`` incarnations' ``on_start`` raise
    (shared count in ``starts``), later ones start."""

    def __init__(self, name: str, journal: list[str], starts: list[int], failures: int) -> None:
        super().__init__(name, journal)
        self.starts, self.failures = starts, failures

    async def on_start(self) -> None:
        self.starts[0] += 1
        if 1 < self.starts[0] <= 1 + self.failures:
            raise RuntimeError("cannot restart")
        await super().on_start()


async def test_a_failed_restart_counts_as_a_crash_and_escalates():
    """1. A permanent actor crashes; every restart's on_start raises.
    2. The supervisor keeps restarting it (each failure is a crash) and,
       past its restart intensity, gives up instead of dropping it."""
    starts = [0]
    supervisor = Supervisor(max_restarts=3, restart_delay=0)
    ref = await supervisor.start_child(
        "fragile", lambda: FailsOnRestart("fragile", [], starts, failures=100)
    )
    await ref.tell("crash")
    with pytest.raises(RestartIntensityExceeded, match="fragile failed_start"):
        await asyncio.wait_for(supervisor.wait_failed(), 5)
    assert starts[0] == 4  # the first, then 3 failed restarts
    await asyncio.wait_for(ref.wait_stopped(), 1)
    await supervisor.stop_all(timeout=1)


async def test_an_actor_that_restarts_after_a_failed_restart_keeps_its_messages():
    starts, journal = [0], []
    supervisor = Supervisor(max_restarts=5, restart_delay=0)
    ref = await supervisor.start_child(
        "fragile", lambda: FailsOnRestart("fragile", journal, starts, failures=2)
    )
    await ref.tell("crash")
    answer = await asyncio.wait_for(ref.ask("queued during the restarts"), 5)
    assert answer == "queued during the restarts"
    assert starts[0] == 4 and journal.count("start fragile") == 2
    assert supervisor.failure is None
    await supervisor.stop_all(timeout=1)


async def test_restart_intensity_is_counted_across_children():
    """Two actors crashing in turn each stay under the limit alone, but
    together exceed it: the supervisor gives up, as OTP's does."""
    supervisor = Supervisor(max_restarts=3, within_seconds=60, restart_delay=0)
    refs = [
        await supervisor.start_child(name, lambda n=name: Recorder(n, [])) for name in ("a", "b")
    ]
    for ref in (refs[0], refs[1], refs[0]):
        await ref.tell("crash")
        await ref.ask(Ping())  # answered by the restarted incarnation
    assert supervisor.failure is None
    await refs[1].tell("crash")  # b's second crash, the fourth in all
    with pytest.raises(RestartIntensityExceeded, match="more than 3 restarts"):
        await asyncio.wait_for(supervisor.wait_failed(), 5)
    await supervisor.stop_all(timeout=1)


class SlowStop(Recorder):
    def __init__(self, name: str, journal: list[str], stopping: asyncio.Event,
                 release: asyncio.Event) -> None:  # fmt: skip
        super().__init__(name, journal)
        self.stopping, self.release = stopping, release

    async def on_stop(self) -> None:
        self.stopping.set()
        await self.release.wait()


async def test_a_crash_during_shutdown_stops_the_ref_for_good():
    """1. Shutdown is stopping a slow tenant actor.
    2. Meanwhile a permanent actor crashes.
    3. Its ref is stopped: asks fail at once with ActorStopped instead of
       hanging, and shutdown completes."""
    supervisor = Supervisor(restart_delay=0)
    worker = await supervisor.start_child("worker", lambda: Recorder("worker", []))
    stopping, release = asyncio.Event(), asyncio.Event()
    supervisor.get_or_spawn("tenant", lambda: SlowStop("tenant", [], stopping, release))
    shutdown = asyncio.create_task(supervisor.stop_all(timeout=5))
    await asyncio.wait_for(stopping.wait(), 1)
    await worker.tell("crash")
    await asyncio.wait_for(worker.wait_stopped(), 1)
    with pytest.raises(ActorStopped):
        await asyncio.wait_for(worker.ask("hello"), 1)
    release.set()
    assert await asyncio.wait_for(shutdown, 5) == []


class SlowToCancel(Recorder):
    """on_stop never returns; its background task needs ``release`` to end
    once cancelled."""

    def __init__(self, name: str, cancel_seen: asyncio.Event, release: asyncio.Event) -> None:
        super().__init__(name, [])
        self.cancel_seen, self.release = cancel_seen, release

    async def on_start(self) -> None:
        self.start_task(self._work())

    async def on_stop(self) -> None:
        await asyncio.Event().wait()

    async def _work(self) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            self.cancel_seen.set()
            await self.release.wait()


async def test_cancelling_stop_all_is_not_swallowed():
    """1. stop_all gives up on an actor (time-out) and cancels it; the
       actor is slow to end.
    2. The caller of stop_all is cancelled meanwhile: stop_all ends
       cancelled rather than carrying on."""
    cancel_seen, release = asyncio.Event(), asyncio.Event()
    supervisor = Supervisor()
    await supervisor.start_child("slow", lambda: SlowToCancel("slow", cancel_seen, release))
    shutdown = asyncio.create_task(supervisor.stop_all(timeout=0.05))
    await asyncio.wait_for(cancel_seen.wait(), 2)
    shutdown.cancel()
    with pytest.raises(asyncio.CancelledError):
        await shutdown
    release.set()


async def test_ping_round_names_each_permanent_actor():
    supervisor = Supervisor()
    await supervisor.start_child("limiter", lambda: Recorder("limiter", []))
    await supervisor.start_child("wedged", lambda: Recorder("wedged", []))
    never = asyncio.Event()
    blocked = asyncio.create_task(supervisor.get("wedged").ask(Wait(never), timeout=None))
    liveness = await supervisor.ping_permanent(timeout=0.1)
    assert not liveness.alive
    assert liveness.actors == {
        "limiter": {"status": "up"},
        "wedged": {"status": "down", "error": "no answer within 0.1 s"},
    }
    never.set()
    await blocked
    assert (await supervisor.ping_permanent(timeout=1)).alive
    await supervisor.stop_all(timeout=1)


class AwaitsCancelledFuture(Actor):
    """Its handler awaits a future that someone else cancelled: the
    CancelledError it gets is the handler's failure, not a stop."""

    def __init__(self, starts: list[int]) -> None:
        super().__init__()
        starts.append(1)

    async def handle(self, message):
        if message == "stray":
            future = asyncio.get_running_loop().create_future()
            future.cancel()
            await future
        return message


@pytest.mark.parametrize("send", ["tell", "ask"])
async def test_a_stray_cancellation_in_a_handler_is_a_crash_and_restarts(send):
    starts: list[int] = []
    supervisor = Supervisor(max_restarts=3, within_seconds=60, restart_delay=0)
    ref = await supervisor.start_child("worker", lambda: AwaitsCancelledFuture(starts))
    if send == "tell":
        await ref.tell("stray")
    else:
        with pytest.raises(ActorStopped):
            await ref.ask("stray")
    assert await ref.ask("after", timeout=5) == "after"  # a new incarnation answers
    assert len(starts) == 2
    assert supervisor.restarts_total == 1
    assert ref.alive
    await supervisor.stop_all(timeout=1)


async def test_stray_cancellations_count_toward_restart_intensity():
    starts: list[int] = []
    supervisor = Supervisor(max_restarts=1, within_seconds=60, restart_delay=0)
    ref = await supervisor.start_child("worker", lambda: AwaitsCancelledFuture(starts))
    await ref.tell("stray")
    await ref.tell("stray")
    with pytest.raises(RestartIntensityExceeded, match="worker crashed"):
        await asyncio.wait_for(supervisor.wait_failed(), 5)
    await supervisor.stop_all(timeout=1)
