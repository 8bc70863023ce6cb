"""The mock's tickets: a seeded generator and a loader for ``--data`` files.

Generated timestamps are relative to the ``end`` passed in and
everything else depends only on the seed, so the same seed and end give
the same tickets. The provider passes either its start time or the end of
the current UTC day (``day_anchor``; the tickets after "now" then arrive
over the day), so dashboards fed from the mock show recent data. With the
day anchor the schedule is shaped for a readable 24-hour trend: about a
third of the tickets fall in the last two days before ``end``, more of
them during working hours. A data file is a JSON list of tickets in the
provider's schema and is served as given.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import orjson

from ticketd.domain.ticket import SOURCES, STATUSES, parse_datetime
from ticketd.errors import InvalidInput
from ticketd.mockapi.texts import draw_text

__all__ = [
    "DataSet",
    "MockTicket",
    "customer_for",
    "day_anchor",
    "format_timestamp",
    "generate_tickets",
    "id_number",
    "load_tickets",
    "make_ticket",
    "ticket_id",
]

_REQUIRED = (
    "id",
    "tenant_id",
    "source",
    "customer_id",
    "subject",
    "message",
    "created_at",
    "status",
)
_SERVED = (*_REQUIRED[:7], "updated_at", "status")
_ID_NUMBER = re.compile(r"^ext-(\d+)$")
_SPREAD = timedelta(days=30)
_MODIFIED_SHARE = 0.35
_RECENT = timedelta(days=2)  # the dense part of the schedule, before its end
_RECENT_SHARE = 0.35
# Relative ticket volume per UTC hour of day in the dense part: a working day.
_HOUR_WEIGHTS = tuple(3 if 8 <= hour < 18 else (2 if 6 <= hour < 21 else 1) for hour in range(24))
_SOURCE_WEIGHTS = (4, 3, 2, 1)  # email, web, chat, api


def format_timestamp(value: datetime) -> str:
    """ISO 8601 UTC with a ``Z`` and whole seconds, as the provider writes."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def day_anchor(now: datetime) -> datetime:
    """The end of ``now``'s UTC day: the fixed ``end`` of the generated
    schedule, the same for every start within that day."""
    start = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return start + timedelta(days=1)


def ticket_id(number: int) -> str:
    """``ext-001`` style ids, zero-padded to at least three digits."""
    return f"ext-{number:03d}"


def id_number(ident: str) -> int | None:
    """The number in an ``ext-NNN`` id, or None for other ids."""
    match = _ID_NUMBER.match(ident)
    return int(match.group(1)) if match else None


@attrs.frozen
class MockTicket:
    """One ticket of the feed as the provider serves it."""

    id: str  # e.g. "ext-001"
    tenant_id: str
    source: str  # email, web, chat or api
    customer_id: str
    subject: str
    message: str
    status: str  # open, pending or closed
    created_at: str  # served verbatim
    updated_at: str  # served verbatim
    created: datetime = attrs.field(eq=False)  # created_at parsed, for filters
    updated: datetime = attrs.field(eq=False)  # updated_at parsed, for filters
    extra: Mapping[str, Any] = attrs.field(factory=dict, hash=False)  # other file fields

    @property
    def modified(self) -> bool:
        """Whether the ticket changed after creation (updated_at later)."""
        return self.updated > self.created

    def to_json(self, *, updated_at: str | None = None) -> dict[str, Any]:
        """The provider's JSON shape; ``updated_at`` overrides the stored
        value (the flappy mode re-draws it per request)."""
        body: dict[str, Any] = {
            "id": self.id,
            "tenant_id": self.tenant_id,
            "source": self.source,
            "customer_id": self.customer_id,
            "subject": self.subject,
            "message": self.message,
            "created_at": self.created_at,
            "updated_at": self.updated_at if updated_at is None else updated_at,
            "status": self.status,
        }
        body.update(self.extra)
        return body


@attrs.frozen
class DataSet:
    """Tickets in feed order and the ids that start out deleted."""

    tickets: tuple[MockTicket, ...]
    deleted: frozenset[str] = frozenset()


def make_ticket(
    number: int,
    tenant_id: str,
    customer_id: str,
    rng: random.Random,
    created: datetime,
    updated: datetime | None = None,
) -> MockTicket:
    """A new ticket with drawn text, source and status."""
    ident = ticket_id(number)
    text = draw_text(rng)
    source = rng.choices(SOURCES, weights=_SOURCE_WEIGHTS)[0]
    created = created.replace(microsecond=0)
    updated = created if updated is None else updated.replace(microsecond=0)
    return MockTicket(
        id=ident,
        tenant_id=tenant_id,
        source=source,
        customer_id=customer_id,
        subject=f"Issue {ident}: {text.subject}",
        message=text.message,
        status=text.status,
        created_at=format_timestamp(created),
        updated_at=format_timestamp(updated),
        created=created,
        updated=updated,
    )


def customer_for(rng: random.Random, tenants: Sequence[str], tenant_id: str, pool: int) -> str:
    """A customer of ``tenant_id`` drawn from a pool, so customers repeat."""
    index = tenants.index(tenant_id) + 1 if tenant_id in tenants else 9
    return f"cust-{index * 1000 + rng.randrange(1, pool + 1)}"


def _updated_after(rng: random.Random, created: datetime, now: datetime) -> datetime:
    later = created + timedelta(hours=rng.uniform(1, 48))
    if later < now:
        return later
    # Created within the last two days: pick a moment between creation and now.
    return created + (now - created) * rng.uniform(0.2, 0.9)


def _offset(rng: random.Random, end: datetime, recent_share: float) -> float:
    """Seconds before ``end`` of one ticket's creation (at least 120)."""
    if not recent_share or rng.random() >= recent_share:
        return rng.uniform(120, _SPREAD.total_seconds())
    hours = int(_RECENT.total_seconds() // 3600)
    candidates = [end - timedelta(hours=h + 1) for h in range(hours)]
    weights = [_HOUR_WEIGHTS[c.hour] for c in candidates]
    hour_start = rng.choices(candidates, weights=weights)[0]
    moment = hour_start + timedelta(seconds=rng.uniform(0, 3600))
    return max(120.0, (end - moment).total_seconds())


def generate_tickets(
    count: int,
    seed: int,
    tenants: Sequence[str],
    now: datetime,
    *,
    deleted: int = 0,
    shaped: bool = False,
) -> DataSet:
    """``count`` tickets ``ext-001``.. created over the 30 days before
    ``now`` (the schedule's end), oldest first; ``shaped``: a third of them
    in the last two days, more in working hours (else spread evenly).
    About a third modified later. The same arguments always give the same
    data set; ``deleted`` of them start deleted."""
    rng = random.Random(seed)
    now = now.replace(microsecond=0)
    share = _RECENT_SHARE if shaped else 0.0
    offsets = sorted((_offset(rng, now, share) for _ in range(count)), reverse=True)
    pool = max(3, count // (3 * len(tenants)))
    tickets = []
    for number, offset in enumerate(offsets, start=1):
        tenant_id = rng.choice(tenants)
        customer = customer_for(rng, tenants, tenant_id, pool)
        created = (now - timedelta(seconds=offset)).replace(microsecond=0)
        updated = None
        if rng.random() < _MODIFIED_SHARE:
            updated = _updated_after(rng, created, now)
            if updated.replace(microsecond=0) <= created:
                updated = None
        tickets.append(make_ticket(number, tenant_id, customer, rng, created, updated))
    gone = rng.sample([t.id for t in tickets], min(deleted, len(tickets)))
    return DataSet(tickets=tuple(tickets), deleted=frozenset(gone))


def _parse_one(index: int, obj: Any) -> tuple[MockTicket, bool]:
    if not isinstance(obj, dict):
        raise InvalidInput(f"ticket #{index} is not a JSON object")
    label = f"ticket #{index} ({obj.get('id')!r})"
    for key in _REQUIRED:
        if not isinstance(obj.get(key), str):
            raise InvalidInput(f"{label}: field {key!r} must be a string")
    if not obj["id"]:
        raise InvalidInput(f"{label}: field 'id' is empty")
    if obj["status"] not in STATUSES:
        raise InvalidInput(f"{label}: status must be one of {', '.join(STATUSES)}")
    updated_at = obj.get("updated_at", obj["created_at"])
    if not isinstance(updated_at, str):
        raise InvalidInput(f"{label}: field 'updated_at' must be a string")
    deleted = obj.get("deleted", False)
    if not isinstance(deleted, bool):
        raise InvalidInput(f"{label}: field 'deleted' must be true or false")
    try:
        created = parse_datetime(obj["created_at"])
        updated = parse_datetime(updated_at)
    except InvalidInput as exc:
        raise InvalidInput(f"{label}: {exc.message}") from None
    extra = {k: v for k, v in obj.items() if k not in _SERVED and k != "deleted"}
    ticket = MockTicket(
        id=obj["id"],
        tenant_id=obj["tenant_id"],
        source=obj["source"],
        customer_id=obj["customer_id"],
        subject=obj["subject"],
        message=obj["message"],
        status=obj["status"],
        created_at=obj["created_at"],
        updated_at=updated_at,
        created=created,
        updated=updated,
        extra=extra,
    )
    return ticket, deleted


def load_tickets(path: str | Path) -> DataSet:
    """Load a JSON list of provider tickets (or ``{"tickets": [...]}``).

    Required per ticket: id, tenant_id, source, customer_id, subject,
    message, created_at, status. Optional: updated_at (defaults to
    created_at), ``deleted: true`` (starts deleted); other fields are served
    as given. Raises ``InvalidInput`` naming the file and the bad ticket.
    """
    try:
        raw = orjson.loads(Path(path).read_bytes())
    except OSError as exc:
        raise InvalidInput(f"cannot read data file {path}: {exc.strerror}") from None
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(f"data file {path} is not valid JSON: {exc}") from None
    if isinstance(raw, dict) and isinstance(raw.get("tickets"), list):
        raw = raw["tickets"]
    if not isinstance(raw, list):
        raise InvalidInput(f"data file {path} must hold a JSON list of tickets")
    tickets: list[MockTicket] = []
    deleted: set[str] = set()
    seen: set[str] = set()
    for index, obj in enumerate(raw):
        try:
            ticket, is_deleted = _parse_one(index, obj)
        except InvalidInput as exc:
            raise InvalidInput(f"data file {path}: {exc.message}") from None
        if ticket.id in seen:
            raise InvalidInput(f"data file {path}: duplicate ticket id {ticket.id!r}")
        seen.add(ticket.id)
        tickets.append(ticket)
        if is_deleted:
            deleted.add(ticket.id)
    return DataSet(tickets=tuple(tickets), deleted=frozenset(deleted))
