"""The feed: the provider's current tickets, how they page, and how they
change over time (control mutations and the optional timed evolution).

Pure state and logic driven by an injected clock; the HTTP layer only
parses requests and formats what this returns.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from ticketd.clock import Clock
from ticketd.domain.ticket import SOURCES, STATUSES, parse_datetime
from ticketd.errors import Unprocessable
from ticketd.mockapi.data import (
    DataSet,
    MockTicket,
    customer_for,
    format_timestamp,
    id_number,
    make_ticket,
)

__all__ = ["FeedPage", "MutationResult", "TicketFeed", "UnknownTickets"]

_NEXT_STATUS = {"open": "pending", "pending": "closed", "closed": "open"}
_FOLLOW_UPS = (
    "Update: still waiting for an answer on this.",
    "Follow-up: any news? We are still affected.",
    "Update: this has become urgent for us, production is impacted now.",
    "Update: resolved on our side, thanks for the help.",
    "Follow-up: adding my colleague in copy, no rush.",
    "Update: we will request a refund if this is not fixed this week.",
)
_EDITABLE = {"subject", "message", "status", "source", "customer_id", "tenant_id"}
_MAX_EVOLUTION_STEPS = 1000  # per request, so a tiny interval cannot stall a request


class UnknownTickets(Unprocessable):
    """A mutation named ticket ids the feed does not hold (HTTP 422)."""

    code = "unknown_ticket"

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(f"unknown ticket ids: {', '.join(ids)}")
        self.ids = tuple(ids)


@attrs.frozen
class FeedPage:
    """One page of the list endpoint."""

    tickets: list[dict[str, Any]]  # provider JSON objects
    next_page: int | None  # None on the last page
    total_count: int  # tickets matching the filters, over all pages


@attrs.frozen
class MutationResult:
    """The ids a mutation affected, per kind."""

    modified: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in attrs.asdict(self, recurse=False).items()}


class TicketFeed:
    """All tickets the provider knows, in feed order, and which are deleted.

    ``flappy`` re-draws ``updated_at`` of modified tickets on every read (1
    to 48 hours after ``created_at``), like the reference provider.
    ``evolve_every`` > 0 applies one random change (modify, add, delete or
    restore) per that many seconds of clock time, caught up lazily on reads.
    ``arrivals`` holds back tickets created after the clock's now: each
    joins the feed (at its end) once its ``created_at`` has passed, and a
    modification dated in the future is served only once its time has
    come (until then ``updated_at`` is ``created_at``).

    A page costs time in proportion to the page, not to the feed: the ids
    of each view (live or all, one tenant or all) are listed once and kept
    until the feed changes (a mutation, an arrival, an evolution step),
    which lists them again. ``rows_examined`` counts the tickets reads have
    looked at, so tests can check that without timing. (``updated_since``
    filters on what is served, which the flappy mode re-draws on every
    read, so that filter still reads the whole view.)
    """

    def __init__(
        self,
        data: DataSet,
        *,
        clock: Clock,
        tenants: Sequence[str],
        seed: int,
        flappy: bool = False,
        evolve_every: float = 0.0,
        arrivals: bool = False,
    ) -> None:
        self._initial = data
        self._clock = clock
        self._tenants = tuple(tenants)
        self._seed = seed
        self._flappy = flappy
        self._evolve_every = evolve_every
        self._arrivals = arrivals
        self._load(data)

    def _load(self, data: DataSet) -> None:
        now = self._clock.now()
        arrived = [t for t in data.tickets if not self._arrivals or t.created <= now]
        # Not yet created: oldest last, so arrivals pop from the end.
        self._scheduled = sorted(
            (t for t in data.tickets if self._arrivals and t.created > now),
            key=lambda t: t.created,
            reverse=True,
        )
        self._tickets: dict[str, MockTicket] = {t.id: t for t in arrived}
        # Modified through the control API: that modification has happened
        # whatever its date (several in one second are dated a second apart).
        self._modified_by_control: set[str] = set()
        self._deleted: dict[str, None] = dict.fromkeys(
            t.id for t in arrived if t.id in data.deleted
        )
        numbers = [id_number(t.id) or 0 for t in data.tickets]
        self._next_number = max(numbers, default=0) + 1
        self._pool = max(3, len(self._tickets) // (3 * len(self._tenants)))
        self._rng = random.Random(f"{self._seed}:mutations")
        self._flappy_rng = random.Random(f"{self._seed}:flappy")
        self._evolve_rng = random.Random(f"{self._seed}:evolution")
        self._evolve_start = self._clock.monotonic()
        self._evolve_steps = 0
        self._views: dict[tuple[bool, str | None], list[str]] = {}
        self._rows_examined = 0

    def reset(self) -> None:
        """Back to the data set the feed started with."""
        self._load(self._initial)

    @property
    def rows_examined(self) -> int:
        """Tickets looked at by reads since the feed was loaded or reset."""
        return self._rows_examined

    def _changed(self) -> None:
        self._views.clear()

    def _view(self, include_deleted: bool, tenant_id: str | None) -> list[str]:
        """Ids in feed order of the tickets a read with these filters sees."""
        key = (include_deleted, tenant_id)
        view = self._views.get(key)
        if view is None:
            self._rows_examined += len(self._tickets)
            view = self._views[key] = [
                ident
                for ident, ticket in self._tickets.items()
                if (include_deleted or ident not in self._deleted)
                and (tenant_id is None or ticket.tenant_id == tenant_id)
            ]
        return view

    @property
    def size(self) -> int:
        """Tickets not deleted."""
        return len(self._tickets) - len(self._deleted)

    # Reads -----------------------------------------------------------------

    def _pending(self, ticket: MockTicket, now: datetime) -> bool:
        """Whether the ticket's generated modification is dated after now
        (not served yet)."""
        return (
            self._arrivals and ticket.updated > now and ticket.id not in self._modified_by_control
        )

    def _served(self, ticket: MockTicket, deleted: bool = False) -> dict[str, Any]:
        updated_at = None
        if self._pending(ticket, self._clock.now()):
            updated_at = ticket.created_at  # the modification has not happened yet
        elif self._flappy and ticket.modified:
            drawn = ticket.created + timedelta(hours=self._flappy_rng.uniform(1, 48))
            updated_at = format_timestamp(drawn)
        body = ticket.to_json(updated_at=updated_at)
        if deleted:
            body["deleted"] = True
        return body

    def page(
        self,
        page: int,
        page_size: int,
        *,
        include_deleted: bool = False,
        tenant_id: str | None = None,
        updated_since: datetime | None = None,
    ) -> FeedPage:
        """Page ``page`` (from 1) of the tickets matching the filters."""
        self.catch_up()
        view = self._view(include_deleted, tenant_id)
        start = (page - 1) * page_size
        if updated_since is None:
            total = len(view)
            window = view[start : start + page_size]
            self._rows_examined += len(window)
            served = [self._served(self._tickets[i], i in self._deleted) for i in window]
        else:
            # Filter on what is served, which the flappy mode re-draws.
            self._rows_examined += len(view)
            matching = [
                body
                for body in (self._served(self._tickets[i], i in self._deleted) for i in view)
                if _served_updated(body) >= updated_since
            ]
            total = len(matching)
            served = matching[start : start + page_size]
        next_page = page + 1 if start + page_size < total else None
        return FeedPage(tickets=served, next_page=next_page, total_count=total)

    def get(self, ident: str) -> dict[str, Any] | None:
        """One ticket, or None when unknown or deleted."""
        self.catch_up()
        ticket = self._tickets.get(ident)
        if ticket is None or ident in self._deleted:
            return None
        return self._served(ticket)

    def deleted_ids(self) -> list[str]:
        """Ids of deleted tickets, in the order they were deleted."""
        self.catch_up()
        return list(self._deleted)

    # Changes ---------------------------------------------------------------

    def mutate(
        self,
        *,
        modify: Sequence[str | dict[str, Any]] = (),
        delete: Sequence[str] = (),
        restore: Sequence[str] = (),
        add: int = 0,
    ) -> MutationResult:
        """Apply a control mutation atomically: every id is checked first.

        ``modify`` items are ids (status moves on, a follow-up line is
        appended) or objects ``{"id": ..., field: value}`` setting subject,
        message, status, source, customer_id or tenant_id. Each modified
        ticket gets ``updated_at`` = now (strictly later than before).
        Deleting a deleted ticket or restoring a live one changes nothing
        and is not reported. Raises ``UnknownTickets`` or ``Unprocessable``.
        """
        edits = [_edit_of(item) for item in modify]
        named = [ident for ident, _ in edits] + list(delete) + list(restore)
        unknown = sorted({ident for ident in named if ident not in self._tickets})
        if unknown:
            raise UnknownTickets(unknown)
        now = self._clock.now()
        self._changed()
        modified = tuple(self._modify(ident, fields, now) for ident, fields in edits)
        deleted = tuple(self._delete(ident) for ident in delete if ident not in self._deleted)
        restored = tuple(self._restore(ident) for ident in restore if ident in self._deleted)
        added = tuple(self._add(now) for _ in range(add))
        return MutationResult(modified=modified, deleted=deleted, restored=restored, added=added)

    def _modify(self, ident: str, fields: dict[str, str] | None, now: datetime) -> str:
        ticket = self._tickets[ident]
        if fields is None:
            follow_up = self._rng.choice(_FOLLOW_UPS)
            fields = {
                "status": _NEXT_STATUS.get(ticket.status, "open"),
                "message": f"{ticket.message}\n\n{follow_up}",
            }
        # Later than what was served: a modification dated after now (the
        # day-anchored feed) has not happened, so it is not the floor.
        served = ticket.created if self._pending(ticket, now) else ticket.updated
        floor = max(served, ticket.created) + timedelta(seconds=1)
        updated = max(now.replace(microsecond=0), floor)
        self._tickets[ident] = attrs.evolve(
            ticket, **fields, updated_at=format_timestamp(updated), updated=updated
        )
        self._modified_by_control.add(ident)
        return ident

    def _delete(self, ident: str) -> str:
        self._deleted[ident] = None
        return ident

    def _restore(self, ident: str) -> str:
        del self._deleted[ident]
        return ident

    def _add(self, now: datetime) -> str:
        tenant_id = self._rng.choice(self._tenants)
        customer = customer_for(self._rng, self._tenants, tenant_id, self._pool)
        ticket = make_ticket(self._next_number, tenant_id, customer, self._rng, now)
        self._next_number += 1
        self._tickets[ticket.id] = ticket
        return ticket.id

    def catch_up(self) -> None:
        """Let the tickets whose time has come arrive, then apply the timed
        evolution steps that are due (no-op when both are off)."""
        if self._scheduled:
            now = self._clock.now()
            while self._scheduled and self._scheduled[-1].created <= now:
                self._changed()
                ticket = self._scheduled.pop()
                self._tickets[ticket.id] = ticket
                if ticket.id in self._initial.deleted:
                    self._deleted[ticket.id] = None
        if self._evolve_every <= 0:
            return
        elapsed = self._clock.monotonic() - self._evolve_start
        due = int(elapsed // self._evolve_every) - self._evolve_steps
        for _ in range(min(due, _MAX_EVOLUTION_STEPS)):
            self._evolve_one()
        self._evolve_steps += max(due, 0)

    def _evolve_one(self) -> None:
        rng = self._evolve_rng
        kind = rng.choices(("modify", "add", "delete", "restore"), weights=(6, 2, 1, 1))[0]
        live = list(self._view(False, None))
        if kind == "restore" and self._deleted:
            self.mutate(restore=[rng.choice(list(self._deleted))])
        elif kind == "delete" and len(live) > 1:
            self.mutate(delete=[rng.choice(live)])
        elif kind == "add" or not live:
            self.mutate(add=1)
        else:
            self.mutate(modify=[rng.choice(live)])


def _served_updated(body: dict[str, Any]) -> datetime:
    return parse_datetime(body["updated_at"])


def _edit_of(item: Any) -> tuple[str, dict[str, str] | None]:
    if isinstance(item, str) and item:
        return item, None
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise Unprocessable("modify items must be ticket ids or objects with an 'id'")
    fields = {k: v for k, v in item.items() if k != "id"}
    bad = sorted(set(fields) - _EDITABLE)
    if bad:
        raise Unprocessable(
            f"cannot modify field(s) {', '.join(bad)}; editable: {', '.join(sorted(_EDITABLE))}"
        )
    for key, value in fields.items():
        if not isinstance(value, str):
            raise Unprocessable(f"modify: field {key!r} must be a string")
    if "status" in fields and fields["status"] not in STATUSES:
        raise Unprocessable(f"modify: status must be one of {', '.join(STATUSES)}")
    if "source" in fields and fields["source"] not in SOURCES:
        raise Unprocessable(f"modify: source must be one of {', '.join(SOURCES)}")
    return item["id"], fields
