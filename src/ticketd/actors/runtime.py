"""The actor runtime: a bounded mailbox, one message at a time, ask and tell.

An actor owns its state; the rest of the process holds only an
``ActorRef`` and talks to it with messages (frozen attrs classes).

- ``tell`` is fire and forget. If handling it raises, the actor has crashed:
  its loop ends and its supervisor decides what happens next.
- ``ask`` waits for the handler's return value. If handling it raises, the
  exception goes back to the caller and the actor carries on.
- ``stop`` is a message too, so everything queued before it is handled
  first. Whatever is still queued behind it, and every pending ``ask``, gets
  ``ActorStopped`` instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

import attrs

from ticketd.errors import ActorStopped

__all__ = ["Actor", "ActorCrashed", "ActorRef", "ActorStopped"]

log = logging.getLogger(__name__)


class ActorCrashed(Exception):
    """An actor's handler raised while processing a ``tell`` or one of its
    background tasks failed; carries the original exception as ``__cause__``."""


@attrs.frozen
class _Envelope:
    message: Any
    reply: asyncio.Future[Any] | None  # None for tell


@attrs.frozen
class _Stop:
    done: asyncio.Future[None]


@attrs.frozen
class _TaskFailed:
    error: BaseException


class Actor:
    """Base class of every actor.

    Subclasses implement ``handle(message)``; its return value answers an
    ``ask``. Lifecycle, in order, each hook awaited by the actor's own loop:

    1. ``on_start()`` runs before the first message. If it raises, the actor
       counts as crashed before it started.
    2. ``handle(message)`` for each message, one at a time.
    3. ``on_stop()`` runs once when the actor stops, whether by a stop
       message, an idle time-out or a crash; it is the place to cancel or
       checkpoint work. If it raises, the error is logged and the actor still
       stops.

    ``idle_timeout`` (seconds or None): when set and no message arrives for
    that long while ``is_idle()`` is true, the actor stops itself.
    ``start_task`` runs background work owned by the actor: its failure is a
    crash of the actor, and ``stop`` cancels what is still running after
    ``on_stop``.
    """

    mailbox_size: int = 100
    idle_timeout: float | None = None

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._self_ref: ActorRef | None = None

    @property
    def self_ref(self) -> ActorRef:
        """The reference others use to reach this actor."""
        if self._self_ref is None:
            raise RuntimeError("actor is not running")
        return self._self_ref

    async def on_start(self) -> None:
        """Hook: before the first message."""

    async def on_stop(self) -> None:
        """Hook: once, when the actor stops for any reason."""

    async def handle(self, message: Any) -> Any:
        """Process one message; the return value answers an ``ask``."""
        raise NotImplementedError

    def is_idle(self) -> bool:
        """Whether an idle time-out may stop the actor now."""
        return not self._tasks

    def start_task(
        self, coro: Coroutine[Any, Any, Any], *, name: str | None = None
    ) -> asyncio.Task[Any]:
        """Run ``coro`` in the background on behalf of this actor."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and self._self_ref is not None:
            self._self_ref._post_internal(_TaskFailed(error))

    async def _cancel_tasks(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


class ActorRef:
    """Handle to a running actor: the only way to reach it.

    The reference survives restarts: a supervisor gives a restarted actor
    the same mailbox, so messages queued during the crash are not lost.
    """

    def __init__(self, name: str, mailbox_size: int) -> None:
        self.name = name
        # The queue itself is unbounded so that stop and crash notices always
        # fit; callers' messages are bounded by the semaphore.
        self._mailbox: asyncio.Queue[Any] = asyncio.Queue()
        self._slots = asyncio.Semaphore(mailbox_size)
        self._stopping = False
        self._stopped = asyncio.Event()

    def __repr__(self) -> str:
        return f"<ActorRef {self.name}>"

    @property
    def mailbox_depth(self) -> int:
        return self._mailbox.qsize()

    @property
    def alive(self) -> bool:
        """True until the actor has been asked to stop or has stopped."""
        return not self._stopping and not self._stopped.is_set()

    async def tell(self, message: Any) -> None:
        """Queue ``message``; waits while the mailbox is full."""
        await self._put(_Envelope(message, None))

    async def try_tell(self, message: Any) -> bool:
        """Queue ``message`` unless the mailbox is full; never waits.
        Returns whether it was queued."""
        if self._slots.locked():
            return False
        await self._put(_Envelope(message, None))  # a free slot: no wait
        return True

    async def ask(self, message: Any, *, timeout: float = 10.0) -> Any:
        """Send ``message`` and wait for the reply.

        Raises what the handler raised, ``TimeoutError`` after ``timeout``
        seconds, or ``ActorStopped`` if the actor stops first.
        """
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        async with asyncio.timeout(timeout):
            await self._put(_Envelope(message, reply))
            return await reply

    async def stop(self, *, timeout: float | None = None) -> None:
        """Ask the actor to stop after what is already queued; wait until it
        has (at most ``timeout`` seconds, then it is cancelled)."""
        if not self._stopped.is_set() and not self._stopping:
            self._stopping = True
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._mailbox.put_nowait(_Stop(done))
        try:
            async with asyncio.timeout(timeout):
                await self._stopped.wait()
        except TimeoutError:
            raise TimeoutError(f"{self.name} did not stop within {timeout} s") from None

    async def wait_stopped(self) -> None:
        await self._stopped.wait()

    async def _put(self, envelope: _Envelope) -> None:
        self._check_open()
        await self._slots.acquire()
        try:
            self._check_open()
        except ActorStopped:
            self._slots.release()
            raise
        self._mailbox.put_nowait(envelope)

    def _check_open(self) -> None:
        if self._stopping or self._stopped.is_set():
            raise ActorStopped(f"{self.name} is stopped")

    def _post_internal(self, item: Any) -> None:
        self._mailbox.put_nowait(item)

    async def _next(self) -> Any:
        item = await self._mailbox.get()
        if isinstance(item, _Envelope):
            self._slots.release()
        return item

    def _fail_pending(self) -> None:
        while not self._mailbox.empty():
            item = self._mailbox.get_nowait()
            if isinstance(item, _Envelope):
                self._slots.release()
            if isinstance(item, _Envelope) and item.reply is not None and not item.reply.done():
                item.reply.set_exception(ActorStopped(f"{self.name} stopped"))
            elif isinstance(item, _Stop) and not item.done.done():
                item.done.set_result(None)


async def run_actor(
    actor: Actor, ref: ActorRef, *, started: asyncio.Future[None] | None = None
) -> str:
    """Run ``actor`` on ``ref``'s mailbox until it stops; returns why it
    stopped: ``"stopped"``, ``"idle"``, ``"crashed"`` or ``"failed_start"``.

    ``started`` is resolved once ``on_start`` has returned (the "started"
    handshake). After a crash the pending messages stay in the mailbox for a
    restart unless the ref is stopping.
    """
    actor._self_ref = ref
    reason = "stopped"
    try:
        try:
            await actor.on_start()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("actor failed to start", extra={"actor": ref.name})
            reason = "failed_start"
            raise _StartFailed from None
        if started is not None and not started.done():
            started.set_result(None)
        while True:
            try:
                if actor.idle_timeout is None:
                    item = await ref._next()
                else:
                    async with asyncio.timeout(actor.idle_timeout):
                        item = await ref._next()
            except TimeoutError:
                if actor.is_idle() and ref._mailbox.empty():
                    reason = "idle"
                    ref._stopping = True
                    break
                continue
            if isinstance(item, _Stop):
                item.done.set_result(None)
                break
            if isinstance(item, _TaskFailed):
                raise ActorCrashed(f"{ref.name}: background task failed") from item.error
            if item.reply is None:
                try:
                    await actor.handle(item.message)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    raise ActorCrashed(f"{ref.name} crashed handling {item.message!r}") from exc
            elif not item.reply.done():
                try:
                    result = await actor.handle(item.message)
                except asyncio.CancelledError:
                    item.reply.cancel()
                    raise
                except Exception as exc:
                    if not item.reply.done():
                        item.reply.set_exception(exc)
                else:
                    if not item.reply.done():
                        item.reply.set_result(result)
    except ActorCrashed as exc:
        reason = "crashed"
        log.error("actor crashed", extra={"actor": ref.name}, exc_info=exc.__cause__ or exc)
    except _StartFailed:
        pass
    except asyncio.CancelledError:
        ref._stopping = True
        await _teardown(actor, ref)
        raise
    await _teardown(actor, ref, keep_mailbox=reason == "crashed" and not ref._stopping)
    return reason


class _StartFailed(Exception):
    pass


async def _teardown(actor: Actor, ref: ActorRef, *, keep_mailbox: bool = False) -> None:
    try:
        await actor.on_stop()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("on_stop failed", extra={"actor": ref.name})
    finally:
        await actor._cancel_tasks()
        actor._self_ref = None
        if not keep_mailbox:
            ref._stopping = True
            ref._fail_pending()
            ref._stopped.set()
