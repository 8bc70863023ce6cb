"""When a scan may delete by absence: completeness and the mass-deletion
guard."""

from __future__ import annotations

import pytest

from ticketd.domain.scan import (
    ScanCompleteness,
    absence_candidates,
    confirmed_gone,
    count_tolerance,
    ids_listed_for,
    mass_deletion_problem,
)
from ticketd.domain.ticket import ProviderTicket


def _ids(start: int, count: int) -> list[str]:
    return [f"ext-{n:04d}" for n in range(start, start + count)]


def _scan(*pages: tuple[int, int | None, int | None, list[str]]) -> ScanCompleteness:
    scan = ScanCompleteness()
    for number, next_page, total, ids in pages:
        scan.observe(number, next_page, total, ids)
    return scan


def test_pages_one_by_one_agreeing_with_total_count_are_complete():
    scan = _scan(
        (1, 2, 250, _ids(0, 100)), (2, 3, 250, _ids(100, 100)), (3, None, 250, _ids(200, 50))
    )
    assert scan.problem() is None
    assert scan.seen_ids == set(_ids(0, 250))


def test_a_feed_ending_on_an_empty_page_is_complete():
    scan = _scan((1, 2, 100, _ids(0, 100)), (2, 3, 100, []))
    assert scan.problem() is None


def test_an_empty_feed_with_no_tickets_is_complete():
    assert _scan((1, None, 0, [])).problem() is None


def test_an_empty_first_page_of_a_feed_that_claims_tickets_is_incomplete():
    assert _scan((1, 2, 200, [])).problem() == "page 1 was empty while total_count was 200"


def test_a_jump_in_next_page_is_incomplete():
    scan = _scan((1, 9999, 200, _ids(0, 100)), (9999, None, 200, []))
    assert scan.problem() == "page 1 pointed to page 9999 instead of 2"


def test_a_page_out_of_order_is_incomplete():
    scan = _scan((2, 3, 200, _ids(0, 100)))
    assert scan.problem() == "page 2 came where page 1 was due"


def test_the_first_problem_is_the_one_reported():
    scan = _scan((1, 3, 300, _ids(0, 100)), (3, 9, 300, _ids(200, 100)))
    assert scan.problem() == "page 1 pointed to page 3 instead of 2"


@pytest.mark.parametrize(
    ("seen", "total", "complete"),
    [
        (100, 100, True),
        (103, 100, True),
        (104, 100, False),
        (1020, 1000, True),
        (1021, 1000, False),
        (99, 100, False),
        (1019, 1020, False),
    ],
)
def test_ids_seen_may_exceed_total_count_within_the_tolerance_never_fall_short(
    seen, total, complete
):
    scan = _scan((1, None, total, _ids(0, seen)))
    assert (scan.problem() is None) is complete
    if not complete:
        assert scan.problem() == f"the scan saw {seen} tickets where total_count was {total}"


def test_the_last_total_count_is_the_one_checked():
    # tickets were added while the scan ran: the later total is the truth
    scan = _scan((1, 2, 100, _ids(0, 100)), (2, None, 110, _ids(100, 10)))
    assert scan.problem() is None


def test_a_repeated_id_counts_once():
    scan = _scan((1, 2, 200, _ids(0, 100)), (2, None, 200, _ids(0, 100)))
    assert scan.problem() == "the scan saw 100 tickets where total_count was 200"


def test_no_total_count_cannot_be_checked():
    assert _scan((1, None, None, _ids(0, 5))).problem() is not None


def test_tolerance_is_two_percent_at_least_three():
    assert [count_tolerance(n) for n in (0, 10, 150, 200, 1000)] == [3, 3, 3, 4, 20]


@pytest.mark.parametrize(
    ("to_delete", "live", "allowed", "refused"),
    [
        (0, 0, False, False),
        (20, 100, False, False),
        (21, 100, False, True),
        (21, 100, True, False),
        (1, 1, False, True),
        (100, 100, True, False),
    ],
)
def test_mass_deletion_guard(to_delete, live, allowed, refused):
    problem = mass_deletion_problem(to_delete, live, max_fraction=0.2, allowed=allowed)
    assert (problem is not None) is refused
    if refused:
        assert f"{to_delete} of {live}" in problem and "allow_mass_delete=true" in problem


def _ticket(external_id: str, tenant_id: str) -> ProviderTicket:
    return ProviderTicket.from_provider(
        {
            "id": external_id,
            "tenant_id": tenant_id,
            "source": "email",
            "customer_id": "c1",
            "subject": "s",
            "message": "m",
            "created_at": "2026-01-01T10:00:00Z",
            "updated_at": "2026-01-01T10:00:00Z",
            "status": "open",
        }
    )


def test_ids_listed_for_a_tenant_are_its_own_and_the_unparsable():
    tickets = [_ticket("a-1", "acme"), _ticket("b-1", "beta"), _ticket("a-2", "acme")]
    record_ids = ["a-1", "b-1", "bad-1", "a-2"]
    assert ids_listed_for("acme", tickets, record_ids) == {"a-1", "bad-1", "a-2"}
    assert ids_listed_for("beta", tickets, record_ids) == {"b-1", "bad-1"}


def test_absence_candidates_leave_out_the_listed_and_the_listed_as_deleted():
    live = {"a", "b", "c", "d"}
    assert absence_candidates(live, {"a"}, {"b", "zz"}) == {"c", "d"}


def test_an_absence_is_confirmed_by_a_404_or_another_tenant():
    assert confirmed_gone("acme", None)
    assert confirmed_gone("acme", _ticket("a-1", "beta"))
    assert not confirmed_gone("acme", _ticket("a-1", "acme"))
