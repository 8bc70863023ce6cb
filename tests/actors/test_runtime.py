"""The actor runtime: ask/tell, time-outs, ordering, stop, idle, tasks."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from ticketd.actors.mailbox import ActorRef, Ping, RefState
from ticketd.actors.runtime import Actor, run_actor
from ticketd.errors import ActorStopped


@attrs.frozen
class Add:
    amount: int  # added to the total


@attrs.frozen
class Total:
    pass


@attrs.frozen
class Fail:
    pass


@attrs.frozen
class Block:
    release: asyncio.Event  # the handler waits for it


class Counter(Actor):
    mailbox_size = 4

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.stopped = False

    async def on_stop(self) -> None:
        self.stopped = True

    async def handle(self, message):
        match message:
            case Add(amount):
                self.total += amount
                return self.total
            case Total():
                return self.total
            case Fail():
                raise ValueError("asked to fail")
            case Block(release):
                await release.wait()
                return "released"


async def start(actor: Actor) -> tuple[ActorRef, asyncio.Task[str]]:
    ref = ActorRef(type(actor).__name__, actor.mailbox_size)
    started = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(run_actor(actor, ref, started=started))
    await started
    return ref, task


async def test_tell_then_ask_sees_messages_in_order():
    ref, task = await start(Counter())
    for amount in (1, 2, 3):
        await ref.tell(Add(amount))
    assert await ref.ask(Total()) == 6
    await ref.stop(timeout=1)
    assert await task == "stopped"


async def test_ask_error_goes_back_to_caller_and_actor_survives():
    ref, task = await start(Counter())
    with pytest.raises(ValueError, match="asked to fail"):
        await ref.ask(Fail())
    assert await ref.ask(Add(5)) == 5
    await ref.stop(timeout=1)
    await task


async def test_ask_times_out_and_late_reply_is_dropped():
    ref, task = await start(Counter())
    release = asyncio.Event()
    with pytest.raises(TimeoutError):
        await ref.ask(Block(release), timeout=0.05)
    release.set()
    assert await ref.ask(Add(1)) == 1
    await ref.stop(timeout=1)
    await task


async def test_tell_error_crashes_the_actor():
    actor = Counter()
    ref, task = await start(actor)
    await ref.tell(Fail())
    assert await task == "crashed"
    assert actor.stopped


async def test_stop_handles_queued_work_first_then_fails_late_messages():
    actor = Counter()
    ref, task = await start(actor)
    release = asyncio.Event()
    blocked = asyncio.create_task(ref.ask(Block(release)))
    await ref.tell(Add(2))
    stopping = asyncio.create_task(ref.stop(timeout=1))
    await asyncio.sleep(0)
    with pytest.raises(ActorStopped):
        await ref.tell(Add(100))
    release.set()
    await stopping
    assert await blocked == "released"
    assert actor.total == 2
    assert await task == "stopped"
    assert not ref.alive


async def test_pending_asks_fail_with_actor_stopped_on_cancel():
    ref, task = await start(Counter())
    release = asyncio.Event()
    first = asyncio.create_task(ref.ask(Block(release)))
    second = asyncio.create_task(ref.ask(Total()))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    with pytest.raises(ActorStopped):  # the actor's cancellation is not the caller's
        await first
    with pytest.raises(ActorStopped):
        await second


async def test_mailbox_is_bounded():
    ref, task = await start(Counter())
    release = asyncio.Event()
    await ref.tell(Block(release))
    await asyncio.sleep(0)  # the actor takes it out of the mailbox
    for _ in range(4):
        await ref.tell(Add(1))
    assert ref.mailbox_depth == 4
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await ref.tell(Add(1))
    release.set()
    assert await ref.ask(Total()) == 4
    await ref.stop(timeout=1)
    await task


class Sleepy(Counter):
    idle_timeout = 0.02


async def test_idle_actor_stops_itself():
    actor = Sleepy()
    ref, task = await start(actor)
    assert await ref.ask(Add(1)) == 1
    assert await asyncio.wait_for(task, 1) == "idle"
    assert actor.stopped
    with pytest.raises(ActorStopped):
        await ref.ask(Total())


class Worker(Counter):
    idle_timeout = 0.02

    async def handle(self, message):
        if isinstance(message, Block):
            self.start_task(message.release.wait())
            return "started"
        if isinstance(message, Fail):

            async def boom():
                raise RuntimeError("background failure")

            self.start_task(boom())
            return "started"
        return await super().handle(message)


async def test_actor_with_background_task_is_not_idle():
    ref, task = await start(Worker())
    release = asyncio.Event()
    assert await ref.ask(Block(release)) == "started"
    await asyncio.sleep(0.08)
    assert not task.done()
    release.set()
    assert await asyncio.wait_for(task, 1) == "idle"


async def test_background_task_failure_is_a_crash():
    ref, task = await start(Worker())
    assert await ref.ask(Fail()) == "started"
    assert await asyncio.wait_for(task, 1) == "crashed"


async def test_stop_cancels_background_tasks():
    ref, task = await start(Worker())
    release = asyncio.Event()
    await ref.ask(Block(release))
    await ref.stop(timeout=1)
    assert await task == "stopped"


class SlowToCancel(Counter):
    """Starts a background task that, once cancelled, needs ``release``
    before it ends; ``cancel_seen`` tells when the cancel arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.cancel_seen = asyncio.Event()
        self.release = asyncio.Event()

    async def on_start(self) -> None:
        self.start_task(self._work())

    async def _work(self) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            self.cancel_seen.set()
            await self.release.wait()


async def test_cancelling_the_actor_during_teardown_is_not_swallowed():
    """1. Stop an actor whose background task is slow to end.
    2. While its teardown awaits that task, cancel the actor's own task.
    3. The actor's task ends cancelled (it does not carry on as if
       nothing happened)."""
    actor = SlowToCancel()
    ref, task = await start(actor)
    stopping = asyncio.create_task(ref.stop())
    await asyncio.wait_for(actor.cancel_seen.wait(), 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()
    actor.release.set()
    await asyncio.wait_for(stopping, 1)
    assert ref.state is RefState.STOPPED


class Deferring(Counter):
    """Answers ``Block`` asks later, when its event is set."""

    async def handle(self, message):
        if isinstance(message, Block):
            reply = self.defer_reply()
            self.start_task(self._answer_when(message.release, reply))
            return None
        return await super().handle(message)

    async def _answer_when(self, release: asyncio.Event, reply: asyncio.Future) -> None:
        await release.wait()
        reply.set_result("late answer")


async def test_a_deferred_reply_is_answered_later_by_the_actor():
    ref, task = await start(Deferring())
    release = asyncio.Event()
    answer = asyncio.create_task(ref.ask(Block(release)))
    assert await ref.ask(Add(1)) == 1  # the actor goes on meanwhile
    release.set()
    assert await answer == "late answer"
    await ref.stop(timeout=1)
    await task


async def test_a_deferred_reply_fails_with_actor_stopped_when_the_incarnation_ends():
    ref, task = await start(Deferring())
    answer = asyncio.create_task(ref.ask(Block(asyncio.Event())))
    await ref.ask(Total())  # the Block ask has been handled (and deferred)
    await ref.tell(Fail())  # a crash ends the incarnation
    assert await task == "crashed"
    with pytest.raises(ActorStopped):
        await asyncio.wait_for(answer, 1)


async def test_ping_is_answered_by_the_runtime_after_queued_work():
    actor = Counter()
    ref, task = await start(actor)
    await ref.tell(Add(3))
    assert await ref.ask(Ping()) is True
    assert actor.total == 3
    await ref.stop(timeout=1)
    await task


async def test_an_injected_crash_is_a_crash():
    actor = Counter()
    ref, task = await start(actor)
    ref.crash(RuntimeError("drill"))
    assert await task == "crashed"
    assert actor.stopped
    assert ref.state is RefState.STOPPED


async def test_a_failing_background_task_that_does_not_crash_is_logged(caplog):
    actor = Counter()
    ref, task = await start(actor)

    async def boom() -> None:
        raise RuntimeError("lost bookkeeping")

    background = actor.start_task(boom(), name="bookkeeping", crash_on_error=False)
    await asyncio.wait([background])
    assert await ref.ask(Add(1)) == 1  # still running
    assert any(
        r.message == "actor task failed" and "lost bookkeeping" in str(r.exc_info[1])
        for r in caplog.records
    )
    await ref.stop(timeout=1)
    await task
