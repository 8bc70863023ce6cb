"""An actor's mailbox side: ``ActorRef``, its lifecycle states, and the
items its queue carries (a message envelope, a stop, an injected crash).

The ref is what the rest of the process holds; the actor's loop
(``ticketd.actors.runtime``) takes items from it one at a time. A ref's
lifecycle is one ``RefState``, changed only through ``ActorRef._set_state``
by the runtime and the supervisor.
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import attrs

from ticketd.errors import ActorStopped
from ticketd.logs import log_fields

__all__ = ["ActorCrashed", "ActorRef", "CrashItem", "Envelope", "Ping", "RefState", "StopItem"]


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
class Envelope:
    """A message, where its reply goes, and the sender's log context (the
    handler logs with it, so a run started by a request logs its id)."""

    message: Any
    reply: asyncio.Future[Any] | None  # None for tell
    log_fields: dict[str, Any] = attrs.field(factory=log_fields)


@attrs.frozen
class StopItem:
    pass


@attrs.frozen
class CrashItem:
    error: BaseException  # why the actor must crash


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
        await self._put(Envelope(message, None))

    async def try_tell(self, message: Any) -> bool:
        """Queue ``message`` unless the mailbox is full; never waits.
        Returns whether it was queued."""
        if self._slots.locked():
            return False
        await self._put(Envelope(message, None))  # a free slot: no wait
        return True

    async def ask(self, message: Any, *, timeout: float | None = 10.0) -> Any:
        """Send ``message`` and wait for the reply.

        Raises what the handler raised, ``TimeoutError`` after ``timeout``
        seconds (None: no limit), or ``ActorStopped`` if the incarnation
        ends before it answers.
        """
        reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        async with asyncio.timeout(timeout):
            await self._put(Envelope(message, reply))
            return await reply

    def crash(self, error: BaseException) -> None:
        """Make the actor crash with ``error`` once the messages queued
        before are handled, as if a handler had raised it (fault injection
        for tests and drills; the supervisor restarts it as usual)."""
        self._check_open()
        self._post_internal(CrashItem(error))

    async def stop(self, *, timeout: float | None = None) -> None:
        """Ask the actor to stop after what is already queued; wait until it
        has. Raises ``TimeoutError`` after ``timeout`` seconds (the caller
        decides whether to cancel it)."""
        if self._state in (RefState.RUNNING, RefState.RESTARTING):
            self._set_state(RefState.STOPPING)
            self._mailbox.put_nowait(StopItem())
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

    async def _put(self, envelope: Envelope) -> None:
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
        if isinstance(item, Envelope):
            self._slots.release()
        return item

    def _fail_pending(self) -> None:
        while not self._mailbox.empty():
            item = self._mailbox.get_nowait()
            if isinstance(item, Envelope):
                self._slots.release()
                if item.reply is not None and not item.reply.done():
                    item.reply.set_exception(ActorStopped(f"{self.name} stopped"))
