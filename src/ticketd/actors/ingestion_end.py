"""Writing the end of a run: its final status, error and figures, and the
release of its lease, in one store call (``Store.finish_job``).

A run that failed because the database refuses writes (a full disk, a
read-only file) usually cannot write its end either. Given up, the job
record would say ``running`` and the tenant stay locked until the lease
expired, and then the job sweeper would end the record with its generic
"owner lost its lease" instead of the run's own error. So the tenant
actor keeps each end it could not write here and tries again every
``RETRY_SECONDS`` (and before a new run of the tenant starts, and as the
actor stops) until the database takes it: the record then gets the run's
own status and error, and the tenant is unlocked at once. Only a refusal
that can pass is tried again (the database is down or refuses writes); an
end refused for what it is would be refused for ever, so it is reported
once and given up. The end carries
the time the run ended, so a sweep that landed first (writes were refused
past the lease's expiry) is replaced by it (``Store.finish_job``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import attrs

from ticketd.clock import Clock
from ticketd.errors import TicketdError, Unavailable, error_text
from ticketd.store import Store

__all__ = ["RETRY_SECONDS", "RunEnd", "RunEnds"]

# The run's log lines keep the ingestion actor's logger name.
log = logging.getLogger("ticketd.actors.ingestion")

RETRY_SECONDS = 1.0  # between two tries to write ends the database refused


@attrs.frozen
class RunEnd:
    """The end of a run, as ``Store.finish_job`` writes it (at once, or
    kept by ``RunEnds`` while the database refuses it)."""

    job_id: str
    status: str  # a final job status
    metrics: dict[str, float]  # the run's final report
    error: str | None
    release_lease: bool  # False when the lease was lost (not the run's to release)
    ended_at: datetime  # when the run ended (a sweep after it does not stand)
    # Set once the end is written: the run's own event (``RunAccepted.recorded``).
    recorded: asyncio.Event = attrs.field(eq=False)


class RunEnds:
    """Writes the end of each of a tenant's runs (``record``), and keeps
    those the database refused, to write them later (``keep``, ``flush``,
    ``record_until_done``; see the module doc); true while any is kept.
    Owned by the tenant actor, which runs ``record_until_done`` as a task
    of its own while any is kept, so it does not go idle before they are
    written."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._kept: dict[str, RunEnd] = {}
        self._writing = asyncio.Lock()  # one try at a time per end

    def __bool__(self) -> bool:
        return bool(self._kept)

    def keep(self, end: RunEnd) -> None:
        """Keep ``end`` to be written by the next try."""
        self._kept[end.job_id] = end

    async def record(self, end: RunEnd) -> bool:
        """Write ``end``; False when the database refused it for now
        (``Unavailable``: down, a full disk, a held lock; logged once per
        end), True once done with it. Any other refusal (an end the store
        rejects as it is) cannot succeed later: it is logged as an error
        and not tried again, and the lease then expires on its own (the
        job sweeper ends the record); so is an error that is not the
        database's (a bug)."""
        kept = end.job_id in self._kept
        try:
            await self._store.finish_job(
                end.job_id,
                status=end.status,
                metrics=end.metrics,
                error=end.error,
                release_lease=end.release_lease,
                ended_at=end.ended_at,
            )
        except Unavailable as exc:
            if not kept:
                log.warning(
                    "could not record the end of the job; trying again until the database "
                    "takes writes",
                    extra={"job_id": end.job_id, "error": error_text(exc)},
                )
            return False
        except TicketdError as exc:
            log.error(
                "the database refused the end of the job for good; its lease will expire",
                extra={"job_id": end.job_id, "error": error_text(exc)},
            )
            return True
        except Exception:
            log.exception("could not record the end of the job; its lease will expire")
            return True
        end.recorded.set()
        if kept:
            log.info("recorded the end of the job late", extra={"job_id": end.job_id})
        return True

    async def flush(self) -> None:
        """Try once to write every kept end; those done are forgotten."""
        async with self._writing:
            for end in list(self._kept.values()):
                if await self.record(end):
                    del self._kept[end.job_id]

    async def record_until_done(self) -> None:
        """Try every ``RETRY_SECONDS`` until every kept end is written."""
        while self._kept:
            await self._clock.sleep(RETRY_SECONDS)
            await self.flush()
