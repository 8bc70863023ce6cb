"""The supervisor: starts actors in order, restarts crashed ones, escalates.

Policy, in Erlang/OTP terms: one-for-one (only the crashed actor is
restarted) with a restart intensity of ``max_restarts`` restarts within
``within_seconds``, counted across all of the supervisor's children as OTP
does. A failed restart (``on_start`` raising) counts as a crash. A restart
waits an exponential delay (``restart_delay * 2**(n-1)``, capped at
``max_restart_delay``) where n is the number of recent restarts. Past the
intensity the supervisor gives up: the crashed actor is stopped for good
and ``wait_failed()`` raises ``RestartIntensityExceeded``, which ``main()``
turns into exit code 70 so systemd restarts the process.

Children are ``permanent`` (started at boot, always restarted) or
``transient`` (spawned on demand by key, restarted only after a crash, and
forgotten once they stop normally or go idle).

Liveness: ``ping_permanent`` sends a ``Ping`` to every permanent actor with
one deadline; the daemon feeds the systemd watchdog and ``/health/live``
from it.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

import attrs

from ticketd.actors.mailbox import ActorRef, Ping, RefState
from ticketd.actors.runtime import Actor, run_actor
from ticketd.aio import cancel_and_wait
from ticketd.clock import Clock, SystemClock, sleep_or_wake
from ticketd.errors import ActorStopped, TicketdError

__all__ = ["Liveness", "RestartIntensityExceeded", "Supervisor"]

log = logging.getLogger(__name__)

ActorFactory = Callable[[], Actor]


class RestartIntensityExceeded(TicketdError):
    """Actors crashed more often than the restart intensity allows."""

    code = "restart_intensity_exceeded"


@attrs.frozen
class Liveness:
    """The outcome of one ping round."""

    alive: bool  # the supervisor has not given up and every actor answered
    actors: dict[str, dict[str, Any]]  # name -> {"status": "up"/"down", "error"?}
    supervisor: str  # "running", or why it gave up


class _Child:
    def __init__(self, name: str, factory: ActorFactory, permanent: bool) -> None:
        self.name = name
        self.factory = factory
        self.actor = factory()
        self.ref = ActorRef(name, self.actor.mailbox_size)
        self.permanent = permanent
        self.task: asyncio.Task[None] | None = None


class Supervisor:
    """Owns the actor registry and the restart policy (see module doc)."""

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
        self._permanent: dict[str, _Child] = {}  # in start order, kept after a stop
        self._restarts: deque[float] = deque()  # recent crash times, all children
        self._failure: RestartIntensityExceeded | None = None
        self._failed = asyncio.Event()
        self._closing = False
        self.restarts_total = 0

    # -- starting ------------------------------------------------------------
    async def start_child(self, name: str, factory: ActorFactory) -> ActorRef:
        """Start a permanent actor and return once its ``on_start`` is done.

        Raises ``ActorStopped`` when ``on_start`` fails (a boot failure is
        not retried).
        """
        child = self._new_child(name, factory, permanent=True)
        started: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        child.task = _own_task(self._run(child, started), f"actor:{name}")
        await started
        self._permanent[name] = child
        return child.ref

    def get_or_spawn(self, key: str, factory: ActorFactory) -> ActorRef:
        """The live transient actor named ``key``, spawning it if needed."""
        child = self._children.get(key)
        if child is not None and child.ref.alive:
            return child.ref
        if self._closing:
            raise ActorStopped("the supervisor is shutting down")
        child = self._new_child(key, factory, permanent=False)
        child.task = _own_task(self._run(child, None), f"actor:{key}")
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
        try:
            await self._supervise(child, started)
        finally:
            child.ref._set_state(RefState.STOPPED)  # no-op unless we gave up on it
            self._forget(child)

    async def _supervise(self, child: _Child, started: asyncio.Future[None] | None) -> None:
        while True:
            reason = await run_actor(child.actor, child.ref, started=started, restartable=True)
            if started is not None and not started.done():
                # A boot-time actor that cannot start is not retried: the
                # caller of start_child gets the failure.
                started.set_exception(ActorStopped(f"{child.name} failed to start"))
                return
            started = None
            if child.ref.state is not RefState.RESTARTING:
                return  # stopped, went idle, or a stop was asked for
            if self._closing:
                return
            delay = self._record_crash(child, reason)
            if delay is None:
                return
            log.warning(
                "restarting actor",
                extra={"actor": child.name, "delay_seconds": delay, "reason": reason},
            )
            # A stop asked for during the delay ends the wait at once.
            await sleep_or_wake(self._clock, delay, child.ref._stop_requested)
            if self._closing or child.ref.state is not RefState.RESTARTING:
                return
            self.restarts_total += 1
            child.actor = child.factory()

    def _record_crash(self, child: _Child, reason: str) -> float | None:
        now = self._clock.monotonic()
        self._restarts.append(now)
        while self._restarts and self._restarts[0] < now - self.within_seconds:
            self._restarts.popleft()
        if len(self._restarts) > self.max_restarts:
            self._escalate(child, reason)
            return None
        return min(self.max_restart_delay, self.restart_delay * 2 ** (len(self._restarts) - 1))

    def _escalate(self, child: _Child, reason: str) -> None:
        log.critical(
            "restart intensity exceeded",
            extra={
                "actor": child.name,
                "reason": reason,
                "max_restarts": self.max_restarts,
                "within_seconds": self.within_seconds,
            },
        )
        if self._failure is None:
            self._failure = RestartIntensityExceeded(
                f"actor {child.name} {reason}: more than {self.max_restarts} restarts "
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

    # -- liveness ------------------------------------------------------------
    async def ping_permanent(self, *, timeout: float) -> Liveness:
        """Ping every permanent actor at once, all within ``timeout``
        seconds. Alive only if the supervisor has not given up and every
        one answered."""

        async def ping(child: _Child) -> dict[str, Any]:
            if child.ref.state in (RefState.STOPPING, RefState.STOPPED):
                return {"status": "down", "error": child.ref.state.value}
            try:
                await child.ref.ask(Ping(), timeout=timeout)
            except TimeoutError:
                return {"status": "down", "error": f"no answer within {timeout:g} s"}
            except ActorStopped:
                return {"status": "down", "error": "stopped"}
            return {"status": "up"}

        children = list(self._permanent.values())
        results = await asyncio.gather(*(ping(c) for c in children))
        actors = {c.name: r for c, r in zip(children, results, strict=True)}
        supervisor = "running" if self._failure is None else f"gave up: {self._failure.message}"
        alive = self._failure is None and all(r["status"] == "up" for r in results)
        return Liveness(alive=alive, actors=actors, supervisor=supervisor)

    # -- stopping ------------------------------------------------------------
    def close(self) -> None:
        """Spawn and restart nothing more (the start of a shutdown)."""
        self._closing = True

    async def stop_transient(self, *, timeout: float) -> list[BaseException]:
        """Stop every on-demand actor (in parallel), each within ``timeout``."""
        self._closing = True
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
        for name in reversed(list(self._permanent)):
            errors += await self._stop_many([name], timeout)
        return errors

    async def _stop_many(self, names: list[str], timeout: float) -> list[BaseException]:
        children = [self._children[n] for n in names if n in self._children]
        results = await asyncio.gather(
            *(self._stop_one(c, timeout) for c in children), return_exceptions=True
        )
        errors = [r for r in results if isinstance(r, BaseException)]
        for error in errors:
            if isinstance(error, asyncio.CancelledError):
                raise error  # our own cancellation: never swallowed
        return errors

    async def _stop_one(self, child: _Child, timeout: float) -> None:
        task = child.task
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            await child.ref.stop(timeout=timeout)
        except TimeoutError:
            if task is not None:
                await cancel_and_wait([task])
            raise
        except asyncio.CancelledError:
            # Our caller gave up on the graceful stop (a forced shutdown):
            # cancel the actor, and still give what it sees through (a run
            # recording its end and giving its lease back) the rest of this
            # stop's time, so it is over before whatever comes next (the
            # store's close). A further cancellation ends the wait.
            if task is not None and not task.done():
                task.cancel()
                await asyncio.wait([task], timeout=max(0.0, deadline - loop.time()))
            raise
        if task is not None and not task.done():
            await asyncio.wait([task])


def _own_task(coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
    """An actor's task, in a context of its own: it does not inherit the
    log fields (a request's id) of whoever spawned it; each message brings
    its sender's."""
    return asyncio.create_task(coro, name=name, context=contextvars.Context())
