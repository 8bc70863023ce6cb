"""Strict parsing of provider tickets: which ids and texts are refused."""

from __future__ import annotations

import json

import pytest

from ticketd.domain.ticket import ProviderTicket, external_id_problem
from ticketd.errors import InvalidInput


def _record(**fields):
    return {
        "id": "ext-1",
        "tenant_id": "acme",
        "status": "open",
        "created_at": "2026-01-01T10:00:00Z",
        **fields,
    }


@pytest.mark.parametrize(
    "external_id", ["a b", "a/b", "q?x", "h#1", "ünï", "😀", "100%", "-a", "...", "x" * 256]
)
def test_any_printable_id_up_to_256_characters_is_accepted(external_id):
    assert external_id_problem(external_id) is None
    assert ProviderTicket.from_provider(_record(id=external_id)).external_id == external_id


@pytest.mark.parametrize(
    ("external_id", "problem"),
    [
        ("", "is empty"),
        ("x" * 257, "is longer than 256 characters"),
        ("a\x00b", "contains control characters"),
        ("a\nb", "contains control characters"),
        ("a\x85b", "contains control characters"),
        ("urgent", "'urgent' cannot be a path segment of /tickets/{id}"),
        ("..", "'..' cannot be a path segment of /tickets/{id}"),
    ],
)
def test_unaddressable_ids_are_refused(external_id, problem):
    assert external_id_problem(external_id) == problem
    with pytest.raises(InvalidInput, match="field 'id'"):
        ProviderTicket.from_provider(_record(id=external_id))


def test_a_lone_surrogate_in_any_text_is_refused():
    record = json.loads('{"subject": "broken \\ud800 text"}')
    with pytest.raises(InvalidInput, match="'subject' is not valid Unicode"):
        ProviderTicket.from_provider(_record(**record))
    assert ProviderTicket.from_provider(_record(subject="fine 😀")).subject == "fine 😀"


@pytest.mark.parametrize("field", ["subject", "message", "customer_id"])
def test_a_text_sent_as_null_is_refused_and_one_left_out_is_empty(field):
    with pytest.raises(InvalidInput, match=f"field '{field}' must be a string, got null"):
        ProviderTicket.from_provider(_record(**{field: None}))
    assert getattr(ProviderTicket.from_provider(_record()), field) == ""


def test_a_source_left_out_or_null_is_unknown():
    assert ProviderTicket.from_provider(_record()).source == "unknown"
    assert ProviderTicket.from_provider(_record(source=None)).source == "unknown"
