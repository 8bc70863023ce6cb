"""The supervisor: starts actors in order, restarts crashed ones, escalates.

Policy, in Erlang/OTP terms: one-for-one (only the crashed actor is
restarted) with a restart intensity of ``max_restarts`` restarts within
``within_seconds`` per actor. A restart waits an exponential delay
(``restart_delay * 2**(n-1)``, capped at ``max_restart_delay``) where n is
the number of recent crashes. Past the intensity the supervisor gives up:
it stops every actor and ``wait_failed()`` raises ``RestartIntensityExceeded``,
which ``main()`` turns into a non-zero exit so systemd restarts the process.

Children are ``permanent`` (started at boot, always restarted) or
``transient`` (spawned on demand by key, restarted only after a crash, and
forgotten once they stop normally or go idle).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable

from ticketd.actors.runtime import Actor, ActorRef, run_actor
from ticketd.clock import Clock, SystemClock
from ticketd.errors import ActorStopped, TicketdError

__all__ = ["RestartIntensityExceeded", "Supervisor"]

log = logging.getLogger(__name__)

ActorFactory = Callable[[], Actor]


class RestartIntensityExceeded(TicketdError):
    """An actor crashed more often than the restart intensity allows."""

    code = "restart_intensity_exceeded"


class _Child:
    def __init__(self, name: str, factory: ActorFactory, permanent: bool) -> None:
        self.name = name
        self.factory = factory
        self.actor = factory()
        self.ref = ActorRef(name, self.actor.mailbox_size)
        self.permanent = permanent
        self.crashes: deque[float] = deque()
        self.task: asyncio.Task[None] | None = None


class Supervisor:
    """Owns the actor registry and the restart policy."""

    def __init__(
        self,
        *,
        max_restarts: int = 5,
        within_seconds: float = 60.0,
        restart_delay: float = 0.1,
        max_restart_delay: float = 5.0,
        clock: Clock | None = None,
    ) -> None:
        self.max_restarts = max_restarts
        self.within_seconds = within_seconds
        self.restart_delay = restart_delay
        self.max_restart_delay = max_restart_delay
        self._clock = clock or SystemClock()
        self._children: dict[str, _Child] = {}
        self._order: list[str] = []  # permanent children in start order
        self._failure: RestartIntensityExceeded | None = None
        self._failed = asyncio.Event()
        self._closing = False
        self.restarts_total = 0

    # -- starting ------------------------------------------------------------
    async def start_child(self, name: str, factory: ActorFactory) -> ActorRef:
        """Start a permanent actor and return once its ``on_start`` is done.

        Raises whatever ``on_start`` raised (a boot failure is not retried).
        """
        child = self._new_child(name, factory, permanent=True)
        started: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        child.task = asyncio.create_task(self._run(child, started), name=f"actor:{name}")
        await started
        self._order.append(name)
        return child.ref

    def get_or_spawn(self, key: str, factory: ActorFactory) -> ActorRef:
        """The live transient actor named ``key``, spawning it if needed."""
        child = self._children.get(key)
        if child is not None and child.ref.alive:
            return child.ref
        if self._closing:
            raise ActorStopped("the supervisor is shutting down")
        child = self._new_child(key, factory, permanent=False)
        child.task = asyncio.create_task(self._run(child, None), name=f"actor:{key}")
        return child.ref

    def get(self, key: str) -> ActorRef | None:
        """The live actor named ``key``, if any."""
        child = self._children.get(key)
        return child.ref if child is not None and child.ref.alive else None

    def refs(self) -> dict[str, ActorRef]:
        """Every live actor by name (for metrics)."""
        return {name: c.ref for name, c in self._children.items() if c.ref.alive}

    def _new_child(self, name: str, factory: ActorFactory, *, permanent: bool) -> _Child:
        child = _Child(name, factory, permanent)
        self._children[name] = child
        return child

    # -- running and restarting ---------------------------------------------
    async def _run(self, child: _Child, started: asyncio.Future[None] | None) -> None:
        while True:
            reason = await run_actor(child.actor, child.ref, started=started)
            if started is not None and not started.done():
                # A boot-time actor that cannot start is not retried: the
                # caller of start_child gets the failure.
                started.set_exception(ActorStopped(f"{child.name} failed to start"))
                self._forget(child)
                return
            started = None
            if reason == "failed_start":
                reason = "crashed"
            if reason != "crashed" or self._closing or not child.ref.alive:
                self._forget(child)
                return
            delay = self._record_crash(child)
            if delay is None:
                self._forget(child)
                return
            log.warning(
                "restarting actor",
                extra={"actor": child.name, "delay_seconds": delay, "crashes": len(child.crashes)},
            )
            await self._clock.sleep(delay)
            if self._closing:
                child.ref._fail_pending()
                child.ref._stopped.set()
                self._forget(child)
                return
            self.restarts_total += 1
            child.actor = child.factory()

    def _record_crash(self, child: _Child) -> float | None:
        now = self._clock.monotonic()
        child.crashes.append(now)
        while child.crashes and child.crashes[0] < now - self.within_seconds:
            child.crashes.popleft()
        if len(child.crashes) > self.max_restarts:
            self._escalate(child)
            return None
        return min(self.max_restart_delay, self.restart_delay * 2 ** (len(child.crashes) - 1))

    def _escalate(self, child: _Child) -> None:
        log.critical(
            "restart intensity exceeded",
            extra={
                "actor": child.name,
                "max_restarts": self.max_restarts,
                "within_seconds": self.within_seconds,
            },
        )
        child.ref._stopping = True
        child.ref._fail_pending()
        child.ref._stopped.set()
        if self._failure is None:
            self._failure = RestartIntensityExceeded(
                f"actor {child.name} crashed more than {self.max_restarts} times "
                f"in {self.within_seconds:g} s"
            )
            self._failed.set()

    def _forget(self, child: _Child) -> None:
        if self._children.get(child.name) is child:
            del self._children[child.name]

    async def wait_failed(self) -> None:
        """Return never unless the supervisor gave up; then raise
        ``RestartIntensityExceeded``."""
        await self._failed.wait()
        assert self._failure is not None
        raise self._failure

    @property
    def failure(self) -> RestartIntensityExceeded | None:
        return self._failure

    # -- stopping ------------------------------------------------------------
    async def stop_transient(self, *, timeout: float) -> list[BaseException]:
        """Stop every on-demand actor (in parallel), each within ``timeout``."""
        names = [n for n, c in self._children.items() if not c.permanent]
        return await self._stop_many(names, timeout)

    async def stop_child(self, name: str, *, timeout: float) -> list[BaseException]:
        return await self._stop_many([name], timeout)

    async def stop_all(self, *, timeout: float) -> list[BaseException]:
        """Stop on-demand actors, then permanent ones in reverse start order.

        Errors (including time-outs) are gathered and returned rather than
        stopping the sequence at the first.
        """
        self._closing = True
        errors = await self.stop_transient(timeout=timeout)
        for name in reversed(self._order):
            errors += await self._stop_many([name], timeout)
        return errors

    async def _stop_many(self, names: list[str], timeout: float) -> list[BaseException]:
        children = [self._children[n] for n in names if n in self._children]
        results = await asyncio.gather(
            *(self._stop_one(c, timeout) for c in children), return_exceptions=True
        )
        return [r for r in results if isinstance(r, BaseException)]

    async def _stop_one(self, child: _Child, timeout: float) -> None:
        try:
            await child.ref.stop(timeout=timeout)
        except TimeoutError:
            if child.task is not None:
                child.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await child.task
            raise
        finally:
            if child.task is not None and not child.task.done():
                with contextlib.suppress(asyncio.CancelledError):
                    await child.task
