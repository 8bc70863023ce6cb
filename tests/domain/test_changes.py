"""Change detection helpers shared by the store backends."""

from __future__ import annotations

from datetime import UTC, datetime

import attrs

from ticketd.domain.changes import stamped
from ticketd.domain.ticket import Ticket


def test_stamped_carries_every_field_and_sets_the_write_stamp():
    """``stamped`` builds the row field by field (attrs.evolve is slow): a
    field added to Ticket but not to ``stamped`` would be dropped here."""
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    values = {
        "tenant_id": "acme", "external_id": "T-1", "subject": "s", "message": "m",
        "status": "open", "source": "chat", "customer_id": "c", "created_at": at,
        "updated_at": at, "urgency": "high", "sentiment": "negative", "requires_action": True,
        "rules": ("r",), "keywords": ("k",), "ruleset_version": "v9", "ingested_at": at,
        "last_seen_job": "old", "deleted_at": at,
    }  # fmt: skip
    assert set(values) == {field.name for field in attrs.fields(Ticket)}
    row = Ticket(**values)
    later = datetime(2026, 3, 2, tzinfo=UTC)

    assert stamped(row, later, "job-2") == attrs.evolve(
        row, ingested_at=later, last_seen_job="job-2", deleted_at=None
    )
