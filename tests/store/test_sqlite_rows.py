"""Conversions of the SQLite backend between tickets and rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs

from ticketd.domain.changes import stamped
from ticketd.domain.ticket import Ticket
from ticketd.store.sqlite_rows import (
    from_ms,
    stamped_to_ms,
    ticket_from_row,
    ticket_params,
    to_ms,
    truncate_to_ms,
)


def _ticket(at: datetime) -> Ticket:
    values = {
        "tenant_id": "acme", "external_id": "T-1", "subject": "s", "message": "m",
        "status": "open", "source": "chat", "customer_id": "c", "created_at": at,
        "updated_at": at + timedelta(microseconds=1999), "urgency": "high",
        "sentiment": "negative", "requires_action": True, "rules": ("r",), "keywords": ("k",),
        "ruleset_version": "v9", "ingested_at": at - timedelta(microseconds=1),
        "last_seen_job": "old", "deleted_at": at + timedelta(microseconds=999),
    }  # fmt: skip
    assert set(values) == {field.name for field in attrs.fields(Ticket)}
    return Ticket(**values)


def test_truncate_to_ms_carries_every_field_and_floors_each_datetime():
    """``truncate_to_ms`` builds the ticket field by field (attrs.evolve is
    slow): a field added to Ticket but not there would be dropped here. Each
    datetime lands on the instant the file stores, also before the epoch."""
    for at in (
        datetime(2026, 3, 1, 12, 0, 0, 123_456, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    ):
        ticket = _ticket(at)
        expected = attrs.evolve(
            ticket,
            created_at=from_ms(to_ms(ticket.created_at)),
            updated_at=from_ms(to_ms(ticket.updated_at)),
            ingested_at=from_ms(to_ms(ticket.ingested_at)),
            deleted_at=from_ms(to_ms(ticket.deleted_at)),
        )
        assert truncate_to_ms(ticket) == expected


def test_truncate_to_ms_returns_a_ticket_already_at_storage_precision():
    ticket = attrs.evolve(
        _ticket(datetime(2026, 3, 1, 12, 0, 0, 123_000, tzinfo=UTC)),
        updated_at=datetime(2026, 3, 1, tzinfo=UTC),
        ingested_at=None,
        deleted_at=None,
    )
    assert truncate_to_ms(ticket) is ticket


def test_stamped_to_ms_is_stamped_at_storage_precision():
    """One construction instead of truncate then stamp: every field carried."""
    ticket = _ticket(datetime(2026, 3, 1, 12, 0, 0, 123_456, tzinfo=UTC))
    now = datetime(2026, 3, 2, 8, 0, 0, 5_000, tzinfo=UTC)
    assert stamped_to_ms(ticket, now, "job-2") == stamped(truncate_to_ms(ticket), now, "job-2")


def test_a_ticket_as_it_is_round_trips_through_its_row_values():
    """``ticket_params`` (the row of a ticket as it is, deleted or not)
    and ``ticket_from_row`` carry every field, at the file's precision."""
    ticket = _ticket(datetime(2026, 3, 1, 12, 0, 0, 123_456, tzinfo=UTC))
    assert ticket_from_row(ticket_params(ticket)) == truncate_to_ms(ticket)
