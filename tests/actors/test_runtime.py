"""The actor runtime: ask/tell, time-outs, ordering, stop, idle, tasks."""

from __future__ import annotations

import asyncio

import attrs
import pytest

from ticketd.actors.runtime import Actor, ActorRef, run_actor
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
    with pytest.raises((ActorStopped, asyncio.CancelledError)):
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
