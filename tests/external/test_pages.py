"""Parsing a feed page and the rules that end a page loop."""

from __future__ import annotations

from typing import Any

import pytest

from ticketd.domain.ticket import MAX_TICKET_TEXT_BYTES
from ticketd.errors import ProviderError
from ticketd.external import PageLoopGuard, parse_page

from .conftest import ticket


def page_body(*numbers: int, next_page: int | None = None, total: Any = 100) -> dict[str, Any]:
    return {"tickets": [ticket(n) for n in numbers], "next_page": next_page, "total_count": total}


def test_parse_page_keeps_good_records_and_names_bad_ones() -> None:
    body = page_body(1, 2, next_page=3)
    body["tickets"][1]["status"] = "??"
    page = parse_page(body, 2)
    assert [t.external_id for t in page.tickets] == ["ext-001"]
    assert [e.line for e in page.errors] == [
        "page 2, record 2: ticket 'ext-002': unknown status '??'"
    ]
    assert page.record_ids == ("ext-001", "ext-002")
    assert (page.number, page.next_page, page.total_count) == (2, 3, 100)


def test_a_second_record_of_the_same_ticket_with_other_content_is_rejected_and_named() -> None:
    """The outside tester: two records with one id and different content on
    one page, the first stored, the second dropped without a word. The
    second is a rejected record (named, counted as an error); the same
    record twice, word for word, is kept once without one; another
    tenant's ticket with the same id is another ticket."""
    body = page_body(1, 2, 1, 1, 3)
    body["tickets"][2]["subject"] = "a different subject"
    body["tickets"][4]["id"] = "ext-001"
    body["tickets"][4]["tenant_id"] = "globex"
    page = parse_page(body, 4)
    assert [(t.tenant_id, t.external_id, t.subject) for t in page.tickets] == [
        ("acme", "ext-001", ticket(1)["subject"]),
        ("acme", "ext-002", ticket(2)["subject"]),
        ("globex", "ext-001", ticket(3)["subject"]),
    ]
    assert [e.line for e in page.errors] == [
        "page 4, record 3: ticket 'ext-001': the id of record 1 of this page, with other "
        "content (the first is kept)"
    ]
    assert page.errors[0].tenant_id == "acme"
    assert page.record_ids == ("ext-001", "ext-002", "ext-001", "ext-001", "ext-001")


def test_an_oversize_ticket_is_refused_and_counted_while_the_page_is_kept() -> None:
    """No ticket reaches a store with more text than a document can hold."""
    body = page_body(1, 2, 3)
    body["tickets"][1]["message"] = "é" * (MAX_TICKET_TEXT_BYTES // 2 + 1)  # 2 bytes each
    body["tickets"][2]["message"] = "x" * (MAX_TICKET_TEXT_BYTES - 100)
    page = parse_page(body, 1)
    assert [t.external_id for t in page.tickets] == ["ext-001", "ext-003"]
    (error,) = page.errors
    assert error.line.startswith("page 1, record 2: ticket 'ext-002': subject and message are ")
    assert page.record_ids == ("ext-001", "ext-002", "ext-003")  # seen: never deleted for it


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"tickets": {}},
        page_body(1, next_page=0),
        page_body(1, next_page="2"),  # type: ignore[arg-type]
        page_body(1, total=-1),
        page_body(1, total=True),
    ],
)
def test_parse_page_rejects_a_malformed_body(body: Any) -> None:
    with pytest.raises(ProviderError):
        parse_page(body, 1)


def test_guard_accepts_a_well_behaved_feed() -> None:
    guard = PageLoopGuard()
    for number in range(1, 11):
        body = page_body(2 * number, 2 * number + 1, next_page=number + 1, total=20)
        guard.check(parse_page(body, number))


def test_guard_allows_a_feed_that_grows_within_the_margin() -> None:
    guard = PageLoopGuard()
    # total_count said 4 pages of 2 at first; tickets were added meanwhile,
    # 3 pages more (the margin of a small feed).
    for number in range(1, 8):
        total = 8 if number == 1 else 14
        next_page = number + 1 if number < 7 else None
        body = page_body(2 * number, 2 * number + 1, next_page=next_page, total=total)
        guard.check(parse_page(body, number))


def test_guard_bounds_a_total_that_keeps_growing_by_the_first_one() -> None:
    """Each page's total_count claims one page more than was served: the
    bound stays what page 1 declared (4 pages of 2, a margin of 3)."""
    guard = PageLoopGuard()
    with pytest.raises(ProviderError, match=r"page 1 declared 8 tickets \(4 pages of 2"):
        for number in range(1, 100):
            total = max(8, 2 * (number + 1))
            body = page_body(2 * number, 2 * number + 1, next_page=number + 1, total=total)
            guard.check(parse_page(body, number))
    assert number == 8


def test_guard_limits_pages_to_the_total_plus_a_margin() -> None:
    guard = PageLoopGuard()
    with pytest.raises(ProviderError, match=r"2 tickets \(2 pages of 1, and a margin of 3"):
        for number in range(1, 100):
            guard.check(parse_page(page_body(number, next_page=number + 1, total=2), number))
    # 2 implied pages + a margin of 3, the 6th fails.
    assert number == 6
