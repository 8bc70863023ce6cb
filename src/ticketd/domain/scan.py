"""When a scan of the provider's feed may delete tickets by their absence.

Pure logic, no I/O. Two rules, each giving the reason a run records when it
skips deletion (``None`` when deleting is allowed):

- ``ScanCompleteness``: a scan is complete only when its pages advanced one
  by one from page 1 without a jump or repeat, the first page was non-empty
  when ``total_count`` was positive, and the distinct ids seen agree with
  the last ``total_count`` within ``count_tolerance`` (tickets added or
  removed while the scan ran shift a few records between pages).
- ``mass_deletion_problem``: a run may not soft-delete more than a fraction
  of the tenant's live tickets unless the operator allowed it for that run.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["ScanCompleteness", "count_tolerance", "mass_deletion_problem"]


def count_tolerance(total_count: int) -> int:
    """How far the ids seen may be from ``total_count`` (2 %, at least 3)."""
    return max(3, total_count // 50)


@attrs.define
class ScanCompleteness:
    """Watches the pages of one scan, in the order they were fetched."""

    _next_expected: int = 1
    _problem: str | None = None
    _total_count: int | None = None
    _seen: set[str] = attrs.field(factory=set)

    def observe(
        self,
        number: int,
        next_page: int | None,
        total_count: int | None,
        record_ids: Iterable[str],
    ) -> None:
        """Record one fetched page (an empty last page too)."""
        ids = set(record_ids)
        if self._problem is None:
            self._problem = self._page_problem(number, next_page, total_count, ids)
        self._next_expected = number + 1
        if total_count is not None:
            self._total_count = total_count
        self._seen |= ids

    def _page_problem(
        self, number: int, next_page: int | None, total_count: int | None, ids: set[str]
    ) -> str | None:
        if number != self._next_expected:
            return f"page {number} came where page {self._next_expected} was due"
        if next_page is not None and next_page != number + 1:
            return f"page {number} pointed to page {next_page} instead of {number + 1}"
        if number == 1 and not ids and (total_count or 0) > 0:
            return f"page 1 was empty while total_count was {total_count}"
        return None

    @property
    def seen_ids(self) -> set[str]:
        """Every record id the scan saw, other tenants' and bad records' too."""
        return self._seen

    def problem(self) -> str | None:
        """Why the scan cannot be trusted to delete by absence, or None."""
        if self._problem is not None:
            return self._problem
        if self._total_count is None:
            return "the provider sent no total_count to check the scan against"
        seen, total = len(self._seen), self._total_count
        if abs(seen - total) > count_tolerance(total):
            return f"the scan saw {seen} tickets where total_count was {total}"
        return None


def mass_deletion_problem(
    to_delete: int, live: int, *, max_fraction: float, allowed: bool
) -> str | None:
    """Why deleting ``to_delete`` of ``live`` tickets is refused, or None."""
    if allowed or to_delete == 0 or to_delete <= max_fraction * live:
        return None
    return (
        f"would soft-delete {to_delete} of {live} live tickets, more than "
        f"max_delete_fraction {max_fraction:g}; allow_mass_delete=true permits it for one run"
    )
