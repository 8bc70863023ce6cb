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
- ``Ping`` is answered by the runtime itself, after what is already queued:
  an answer proves the actor's loop is turning (the liveness probe).

An actor incarnation (one instance, from ``on_start`` to its end) owns what
it hands out: replies it answers later (``defer_reply``) are failed with
``ActorStopped`` and the tasks it started (``start_task``) are cancelled and
awaited when the incarnation ends, whether it stopped or crashed.

A ref's lifecycle is one ``RefState``, changed only through
``ActorRef._set_state`` by this module and the supervisor.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Coroutine
from typing import Any

import attrs

from ticketd.aio import cancel_and_wait
from ticketd.errors import ActorStopped

__all__ = [
    "Actor",
    "ActorCrashed",
    "ActorRef",
    "ActorStopped",
    "Ping",
    "RefState",
    "run_actor",
]

log = logging.getLogger(__name__)


class ActorCrashed(Exception):
    """An actor's handler raised while processing a ``tell``, one of its
    background tasks failed, or a crash was injected; carries the original
    exception as ``__cause__``."""


class RefState(enum.Enum):
    """Where an actor reference is in its lifecycle.

    RUNNING: an incarnation handles the mailbox. RESTARTING: the last one
    crashed and the supervisor is about to start another; messages queue
    up meanwhile. STOPPING: a stop was asked for; nothing new is accepted.
    STOPPED: final; every pending ask has failed with ``ActorStopped``.
    """

    RUNNING = "running"
    RESTARTING = "restarting"
    STOPPING = "stopping"
    STOPPED = "stopped"


@attrs.frozen
class Ping:
    """Answered ``True`` by the runtime once the messages queued before it
    are handled; never reaches ``handle``."""


@attrs.frozen
class _Envelope:
    message: Any
    reply: asyncio.Future[Any] | None  # None for tell


@attrs.frozen
class _Stop:
    pass


@attrs.frozen
class _Crash:
    error: BaseException  # why the actor must crash


class Actor:
    """Base class of every actor.

    Subclasses implement ``handle(message)``; its return value answers an
    ``ask``. Lifecycle of one incarnation, in order, each hook awaited by the
    actor's own loop:

    1. ``on_start()`` runs before the first message. If it raises, the actor
       counts as crashed before it started (a supervisor restarts it like
       any crash, and gives up past its restart intensity).
    2. ``handle(message)`` for each message, one at a time.
    3. ``on_stop()`` runs once when the incarnation ends, whether by a stop
       message, an idle time-out, a crash or cancellation; it is the place
       to checkpoint work. If it raises, the error is logged and the actor
       still stops.
    4. Then the runtime cancels and awaits the tasks the incarnation
       started and fails its deferred replies with ``ActorStopped``.

    ``idle_timeout`` (seconds or None): when set and no message arrives for
    that long while ``is_idle()`` is true, the actor stops itself.
    ``start_task`` runs background work owned by the incarnation;
    ``defer_reply`` lets ``handle`` answer an ask later.
    """

    mailbox_size: int = 100
    idle_timeout: float | None = None

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._deferred: set[asyncio.Future[Any]] = set()
        self._current_reply: asyncio.Future[Any] | None = None
        self._reply_deferred = False
        self._ending = False  # the incarnation is tearing down
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
        """Hook: once, when the incarnation ends for any reason."""

    async def handle(self, message: Any) -> Any:
        """Process one message; the return value answers an ``ask``."""
        raise NotImplementedError

    def is_idle(self) -> bool:
        """Whether an idle time-out may stop the actor now."""
        return not self._tasks

    def defer_reply(self) -> asyncio.Future[Any]:
        """Answer the ask being handled later instead of with ``handle``'s
        return value: returns the caller's reply future, to be resolved by
        the actor. If the incarnation ends first the caller gets
        ``ActorStopped``; if the caller gives up, the future is done
        (cancelled) and the actor should skip it.

        Raises ``RuntimeError`` outside the handling of an ask.
        """
        reply = self._current_reply
        if reply is None:
            raise RuntimeError("defer_reply is only possible while handling an ask")
        self._reply_deferred = True
        self._deferred.add(reply)
        reply.add_done_callback(self._deferred.discard)
        return reply

    def start_task(
        self,
        coro: Coroutine[Any, Any, Any],
        *,
        name: str | None = None,
        crash_on_error: bool = True,
    ) -> asyncio.Task[Any]:
        """Run ``coro`` in the background on behalf of this incarnation; it
        is cancelled and awaited when the incarnation ends. An exception
        other than cancellation is logged and, with ``crash_on_error``, is
        a crash of the actor."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(lambda t: self._task_done(t, crash_on_error))
        return task

    def _task_done(self, task: asyncio.Task[Any], crash_on_error: bool) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is None:
            return
        ref = self._self_ref
        name = ref.name if ref is not None else type(self).__name__
        if crash_on_error and ref is not None and not self._ending:
            ref._post_internal(_Crash(error))  # logged by the loop as the crash
        else:
            log.error(
                "actor task failed",
                extra={"actor": name, "task": task.get_name()},
                exc_info=error,
            )

    async def _end_incarnation(self, ref: ActorRef) -> None:
        """Cancel and await this incarnation's tasks, then fail its deferred
        replies. A cancellation of the caller propagates."""
        try:
            errors = await cancel_and_wait(list(self._tasks))
            for error in errors:
                log.error("actor task failed at stop", extra={"actor": ref.name}, exc_info=error)
        finally:
            for reply in list(self._deferred):
                if not reply.done():
                    reply.set_exception(ActorStopped(f"{ref.name} stopped before answering"))
            self._deferred.clear()


class ActorRef:
    """Handle to an actor: the only way to reach it.

    The reference survives restarts: a supervisor gives a restarted actor
    the same mailbox, so messages queued during the crash are not lost.
    """

    def __init__(self, name: str, mailbox_size: int) -> None:
        self.name = name
        # The queue itself is unbounded so that stop and crash notices always
        # fit; callers' messages are bounded by the semaphore.
        self._mailbox: asyncio.Queue[Any] = asyncio.Queue()
        self._slots = asyncio.Semaphore(mailbox_size)
        self._state = RefState.RUNNING
        self._stop_requested = asyncio.Event()
        self._stopped = asyncio.Event()

    def __repr__(self) -> str:
        return f"<ActorRef {self.name} {self._state.value}>"

    @property
    def state(self) -> RefState:
        return self._state

    @property
    def mailbox_depth(self) -> int:
        return self._mailbox.qsize()

    @property
    def alive(self) -> bool:
        """True while the actor runs or is being restarted."""
        return self._state in (RefState.RUNNING, RefState.RESTARTING)

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

    async def ask(self, message: Any, *, timeout: float | None = 10.0) -> Any:
        """Send ``message`` and wait for the reply.

        Raises what the handler raised, ``TimeoutError`` after ``timeout``
        seconds (None: no limit), or ``ActorStopped`` if the incarnation
        ends before it answers.
        """
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        async with asyncio.timeout(timeout):
            await self._put(_Envelope(message, reply))
            return await reply

    def crash(self, error: BaseException) -> None:
        """Make the actor crash with ``error`` once the messages queued
        before are handled, as if a handler had raised it (fault injection
        for tests and drills; the supervisor restarts it as usual)."""
        self._check_open()
        self._post_internal(_Crash(error))

    async def stop(self, *, timeout: float | None = None) -> None:
        """Ask the actor to stop after what is already queued; wait until it
        has. Raises ``TimeoutError`` after ``timeout`` seconds (the caller
        decides whether to cancel it)."""
        if self._state in (RefState.RUNNING, RefState.RESTARTING):
            self._set_state(RefState.STOPPING)
            self._mailbox.put_nowait(_Stop())
        try:
            async with asyncio.timeout(timeout):
                await self._stopped.wait()
        except TimeoutError:
            raise TimeoutError(f"{self.name} did not stop within {timeout} s") from None

    async def wait_stopped(self) -> None:
        await self._stopped.wait()

    # -- the one place the lifecycle changes --------------------------------
    def _set_state(self, state: RefState) -> None:
        """Move to ``state``. STOPPED is final: it fails every queued ask
        and wakes whoever waits for the stop. Called by the runtime and the
        supervisor only."""
        if self._state is RefState.STOPPED:
            return
        if self._state is RefState.STOPPING and state is not RefState.STOPPED:
            return  # a stop asked for still holds, even across a crash
        self._state = state
        if state in (RefState.STOPPING, RefState.STOPPED):
            self._stop_requested.set()
        if state is RefState.STOPPED:
            self._fail_pending()
            self._stopped.set()

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
        if self._state in (RefState.STOPPING, RefState.STOPPED):
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
                if item.reply is not None and not item.reply.done():
                    item.reply.set_exception(ActorStopped(f"{self.name} stopped"))


async def run_actor(
    actor: Actor,
    ref: ActorRef,
    *,
    started: asyncio.Future[None] | None = None,
    restartable: bool = False,
) -> str:
    """Run one incarnation of ``actor`` on ``ref``'s mailbox until it ends;
    returns why: ``"stopped"``, ``"idle"``, ``"crashed"`` or
    ``"failed_start"``.

    ``started`` is resolved once ``on_start`` has returned (the "started"
    handshake). After a crash or failed start the ref is left RESTARTING,
    its mailbox kept, when ``restartable`` (the supervisor then restarts it
    or stops it for good); otherwise, and after any other end, it is
    STOPPED. A cancellation of this coroutine ends the incarnation (its
    pending ask gets ``ActorStopped``) and propagates. A ``CancelledError``
    out of ``on_start`` or a handler while this coroutine was not cancelled
    (the handler awaited a future someone else cancelled) is a crash like
    any other exception; the ask being handled gets ``ActorStopped``.
    """
    actor._self_ref = ref
    if ref.state is RefState.RESTARTING:
        ref._set_state(RefState.RUNNING)
    reason = "stopped"
    try:
        try:
            await actor.on_start()
        except asyncio.CancelledError:
            if _cancelled_from_outside():
                raise
            log.exception("actor failed to start (stray cancellation)", extra={"actor": ref.name})
            reason = "failed_start"
            raise _StartFailed from None
        except Exception:
            log.exception("actor failed to start", extra={"actor": ref.name})
            reason = "failed_start"
            raise _StartFailed from None
        if started is not None and not started.done():
            started.set_result(None)
        reason = await _loop(actor, ref)
    except ActorCrashed as exc:
        reason = "crashed"
        log.error("actor crashed", extra={"actor": ref.name}, exc_info=exc.__cause__ or exc)
    except _StartFailed:
        pass
    except asyncio.CancelledError:
        ref._set_state(RefState.STOPPING)
        try:
            await _teardown(actor, ref)
        finally:
            ref._set_state(RefState.STOPPED)
        raise
    restart = (
        restartable and reason in ("crashed", "failed_start") and ref.state is not RefState.STOPPING
    )
    if restart:
        ref._set_state(RefState.RESTARTING)
    try:
        await _teardown(actor, ref)
    finally:
        if not restart:
            ref._set_state(RefState.STOPPED)
    return reason


async def _loop(actor: Actor, ref: ActorRef) -> str:
    while True:
        try:
            if actor.idle_timeout is None:
                item = await ref._next()
            else:
                async with asyncio.timeout(actor.idle_timeout):
                    item = await ref._next()
        except TimeoutError:
            if actor.is_idle() and ref._mailbox.empty():
                ref._set_state(RefState.STOPPING)
                return "idle"
            continue
        if isinstance(item, _Stop):
            return "stopped"
        if isinstance(item, _Crash):
            raise ActorCrashed(f"{ref.name}: {item.error!r}") from item.error
        if isinstance(item.message, Ping):
            if item.reply is not None and not item.reply.done():
                item.reply.set_result(True)
            continue
        if item.reply is None:
            try:
                await actor.handle(item.message)
            except asyncio.CancelledError as exc:
                if _cancelled_from_outside():
                    raise
                raise ActorCrashed(
                    f"{ref.name}: stray cancellation handling {item.message!r}"
                ) from exc
            except Exception as exc:
                raise ActorCrashed(f"{ref.name} crashed handling {item.message!r}") from exc
        elif not item.reply.done():
            await _answer(actor, ref, item)


async def _answer(actor: Actor, ref: ActorRef, item: _Envelope) -> None:
    reply = item.reply
    assert reply is not None
    actor._current_reply, actor._reply_deferred = reply, False
    try:
        result = await actor.handle(item.message)
    except asyncio.CancelledError as exc:
        if not reply.done():
            reply.set_exception(ActorStopped(f"{ref.name} stopped while handling the request"))
        if _cancelled_from_outside():
            raise
        raise ActorCrashed(f"{ref.name}: stray cancellation handling {item.message!r}") from exc
    except Exception as exc:
        if not reply.done():
            reply.set_exception(exc)
    else:
        if not actor._reply_deferred and not reply.done():
            reply.set_result(result)
    finally:
        actor._current_reply = None


class _StartFailed(Exception):
    pass


def _cancelled_from_outside() -> bool:
    """Whether the running task (the actor's loop) has been asked to
    cancel. A CancelledError raised while it has not (a handler awaited a
    future someone else cancelled) is the handler's failure, not a stop."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def _teardown(actor: Actor, ref: ActorRef) -> None:
    actor._ending = True
    try:
        await actor.on_stop()
    except Exception:
        log.exception("on_stop failed", extra={"actor": ref.name})
    finally:
        try:
            await actor._end_incarnation(ref)
        finally:
            actor._self_ref = None
