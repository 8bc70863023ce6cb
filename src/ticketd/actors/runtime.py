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

The ref, its states and the mailbox items live in
``ticketd.actors.mailbox``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from typing import Any

from ticketd.actors.mailbox import (
    ActorCrashed,
    ActorRef,
    CrashItem,
    Envelope,
    Ping,
    RefState,
    StopItem,
)
from ticketd.aio import cancel_and_wait
from ticketd.errors import ActorStopped
from ticketd.logs import context_logging, log_context

__all__ = ["Actor", "run_actor"]

log = logging.getLogger(__name__)


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
        log_fields: Mapping[str, Any] | None = None,
    ) -> asyncio.Task[Any]:
        """Run ``coro`` in the background on behalf of this incarnation; it
        is cancelled and awaited when the incarnation ends. An exception
        other than cancellation is logged and, with ``crash_on_error``, is
        a crash of the actor.

        The task logs with ``log_fields`` only, never with the context of
        the message being handled when it started: a task that serves
        every sender (a shared pass, a budget loop) must not carry the
        tenant, job or request id of the one whose message started it."""
        task = asyncio.get_running_loop().create_task(
            coro, name=name, context=context_logging(log_fields or {})
        )
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
            ref._post_internal(CrashItem(error))  # logged by the loop as the crash
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
        if isinstance(item, StopItem):
            return "stopped"
        if isinstance(item, CrashItem):
            raise ActorCrashed(f"{ref.name}: {item.error!r}") from item.error
        if isinstance(item.message, Ping):
            if item.reply is not None and not item.reply.done():
                item.reply.set_result(True)
            continue
        with log_context(**item.log_fields):
            await _handle(actor, ref, item)


async def _handle(actor: Actor, ref: ActorRef, item: Envelope) -> None:
    if item.reply is None:
        try:
            await actor.handle(item.message)
        except asyncio.CancelledError as exc:
            if _cancelled_from_outside():
                raise
            raise ActorCrashed(f"{ref.name}: stray cancellation handling {item.message!r}") from exc
        except Exception as exc:
            raise ActorCrashed(f"{ref.name} crashed handling {item.message!r}") from exc
    elif not item.reply.done():
        await _answer(actor, ref, item)


async def _answer(actor: Actor, ref: ActorRef, item: Envelope) -> None:
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
