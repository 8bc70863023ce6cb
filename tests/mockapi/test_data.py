"""The seeded generator and the ``--data`` loader (src/ticketd/mockapi/data.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from tests.mockapi.helpers import REFERENCE_SEED
from ticketd.domain.ticket import SOURCES, STATUSES, parse_datetime
from ticketd.errors import InvalidInput
from ticketd.mockapi.data import generate_tickets, load_tickets, ticket_id
from ticketd.mockapi.settings import DEFAULT_TENANTS

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_ids_are_zero_padded_to_at_least_three_digits():
    assert [ticket_id(n) for n in (1, 42, 999, 1000, 12345)] == [
        "ext-001",
        "ext-042",
        "ext-999",
        "ext-1000",
        "ext-12345",
    ]


def test_generated_tickets_follow_the_provider_schema():
    data = generate_tickets(200, 42, DEFAULT_TENANTS, NOW)
    assert [t.id for t in data.tickets] == [ticket_id(n) for n in range(1, 201)]
    assert {t.tenant_id for t in data.tickets} == set(DEFAULT_TENANTS)
    for ticket in data.tickets:
        assert ticket.subject.startswith(f"Issue {ticket.id}: ")
        assert ticket.source in SOURCES
        assert ticket.status in STATUSES
        assert ticket.customer_id.startswith("cust-")
        assert ticket.message
        assert TIMESTAMP.match(ticket.created_at) and TIMESTAMP.match(ticket.updated_at)
    assert {t.source for t in data.tickets} == set(SOURCES)
    assert {t.status for t in data.tickets} == set(STATUSES)
    assert data.deleted == frozenset()


def test_timestamps_are_recent_and_updates_come_after_creation():
    data = generate_tickets(300, 1, DEFAULT_TENANTS, NOW)
    created = [parse_datetime(t.created_at) for t in data.tickets]
    assert all(NOW - timedelta(days=30) <= c < NOW for c in created)
    assert created == sorted(created)  # ids follow creation order
    assert max(created) - min(created) > timedelta(days=25)
    modified = [t for t in data.tickets if t.modified]
    assert 0.2 < len(modified) / len(data.tickets) < 0.5
    for ticket in data.tickets:
        updated = parse_datetime(ticket.updated_at)
        assert updated <= NOW
        if ticket.modified:
            assert updated > parse_datetime(ticket.created_at)
        else:
            assert ticket.updated_at == ticket.created_at


def test_customers_repeat_within_a_tenant():
    data = generate_tickets(200, 42, DEFAULT_TENANTS, NOW)
    customers = [t.customer_id for t in data.tickets]
    assert len(set(customers)) < len(customers) / 2


def test_same_seed_same_data_and_time_only_shifts_timestamps():
    first = generate_tickets(150, 9, DEFAULT_TENANTS, NOW)
    assert first == generate_tickets(150, 9, DEFAULT_TENANTS, NOW)
    assert first != generate_tickets(150, 10, DEFAULT_TENANTS, NOW)
    later = generate_tickets(150, 9, DEFAULT_TENANTS, NOW + timedelta(days=2))
    for a, b in zip(first.tickets, later.tickets, strict=True):
        assert (a.id, a.tenant_id, a.subject, a.message, a.status) == (
            b.id,
            b.tenant_id,
            b.subject,
            b.message,
            b.status,
        )
        assert b.created - a.created == timedelta(days=2)


def test_texts_cover_the_categories_the_classifier_needs():
    data = generate_tickets(400, 42, DEFAULT_TENANTS, NOW)
    corpus = " ".join(f"{t.subject} {t.message}" for t in data.tickets).lower()
    for needle in (
        "refund",
        "chargeback",
        "gdpr",
        "lawyer",
        "legal",
        "down",
        "breach",
        "vulnerability",
        "thank",
        "feature request",
        "not urgent",
        "no rush",
        "invoice",
        "how do i",
        "cancel",
    ):
        assert needle in corpus, needle
    assert len({t.subject for t in data.tickets}) > 150


def test_deleted_tickets_are_drawn_from_the_set():
    data = generate_tickets(50, 42, DEFAULT_TENANTS, NOW, deleted=5)
    assert len(data.deleted) == 5
    assert data.deleted <= {t.id for t in data.tickets}


def test_custom_tenants():
    data = generate_tickets(40, 42, ("acme", "globex"), NOW)
    assert {t.tenant_id for t in data.tickets} == {"acme", "globex"}


def test_reference_seed_loads_as_given():
    reference = orjson.loads(REFERENCE_SEED.read_bytes())
    data = load_tickets(REFERENCE_SEED)
    assert len(data.tickets) == len(reference) >= 20
    assert len({t["tenant_id"] for t in reference}) == 4
    for ticket, raw in zip(data.tickets, reference, strict=True):
        assert ticket.to_json() == {**raw, "updated_at": raw["created_at"]}
    assert data.deleted == frozenset()


def test_loader_accepts_a_page_shaped_object(tmp_path):
    path = tmp_path / "page.json"
    path.write_bytes(orjson.dumps({"tickets": orjson.loads(REFERENCE_SEED.read_bytes())}))
    assert load_tickets(path) == load_tickets(REFERENCE_SEED)


GOOD = {
    "id": "ext-001",
    "tenant_id": "t",
    "source": "email",
    "customer_id": "c",
    "subject": "s",
    "message": "m",
    "created_at": "2024-01-01T00:00:00Z",
    "status": "open",
}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{oops", "not valid JSON"),
        (orjson.dumps({"a": 1}), "JSON list"),
        (orjson.dumps([1]), "not a JSON object"),
        (orjson.dumps([{**GOOD, "subject": None}]), "'subject'"),
        (orjson.dumps([{k: v for k, v in GOOD.items() if k != "tenant_id"}]), "'tenant_id'"),
        (orjson.dumps([{**GOOD, "status": "solved"}]), "status"),
        (orjson.dumps([{**GOOD, "created_at": "last tuesday"}]), "ISO 8601"),
        (orjson.dumps([{**GOOD, "updated_at": 5}]), "'updated_at'"),
        (orjson.dumps([{**GOOD, "deleted": "yes"}]), "'deleted'"),
        (orjson.dumps([GOOD, GOOD]), "duplicate ticket id 'ext-001'"),
    ],
)
def test_loader_names_what_is_wrong(tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as caught:
        load_tickets(path)
    assert fragment in caught.value.message
    assert str(path) in caught.value.message


def test_loader_missing_file(tmp_path):
    with pytest.raises(InvalidInput, match="cannot read data file"):
        load_tickets(tmp_path / "missing.json")
