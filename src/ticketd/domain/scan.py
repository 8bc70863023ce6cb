"""When a scan of the provider's feed may delete tickets by their absence.

Pure logic, no I/O. Two rules, each giving the reason a run records when it
skips deletion (``None`` when deleting is allowed):

- ``ScanCompleteness``: a scan is complete only when its pages advanced one
  by one from page 1 without a jump or repeat, the first page was non-empty
  when ``total_count`` was positive, and the distinct ids seen are at
  least the last ``total_count`` and exceed it by no more than
  ``count_tolerance`` (a feed that changed while the scan ran: a ticket
  seen on an early page and gone by the last one). Fewer ids than
  ``total_count`` means records were missed: never a reason to delete.
- ``mass_deletion_problem``: a run may not soft-delete more than a fraction
  of the tenant's live tickets unless the operator allowed it for that run.

A complete scan still proves nothing about one ticket: a deletion while the
scan ran shifts later records to earlier pages, so one can be skipped while
the counts agree. So the tickets a complete scan did not list are only
candidates (``absence_candidates``), each confirmed with the provider's
single-ticket endpoint before it is deleted (``confirmed_gone``).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ticketd.domain.ticket import ProviderTicket

__all__ = [
    "MAX_PAGES_PER_SCAN",
    "ScanCompleteness",
    "absence_candidates",
    "confirmed_gone",
    "count_tolerance",
    "ids_listed_for",
    "mass_deletion_problem",
]

# The most pages one scan of the feed reads unless configured otherwise
# (``TICKETD_MAX_PAGES_PER_SCAN``): a million tickets at 100 a page. A feed
# longer than that fails its runs (what was read is stored, nothing is
# deleted): the bound of a provider that sends no total_count.
MAX_PAGES_PER_SCAN = 10_000


def count_tolerance(total_count: int) -> int:
    """How many more ids than ``total_count`` a scan may see (the feed
    changed during the scan: 2 %, at least 3)."""
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
        if seen < total or seen - total > count_tolerance(total):
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


def ids_listed_for(
    tenant_id: str, tickets: Iterable[ProviderTicket], record_ids: Iterable[str]
) -> set[str]:
    """The ids one page lists for ``tenant_id``: its parsed tickets of that
    tenant, plus every record that did not parse (its tenant is unknown, so
    it is never taken as absent). A ticket listed under another tenant is
    not listed for this one."""
    parsed = {t.external_id: t.tenant_id for t in tickets}
    return {ident for ident in record_ids if parsed.get(ident, tenant_id) == tenant_id}


def absence_candidates(live: set[str], listed: set[str], listed_deleted: set[str]) -> set[str]:
    """Live tickets a complete scan did not list for the tenant and the
    provider does not list as deleted: each needs a confirmation."""
    return live - listed - listed_deleted


def confirmed_gone(tenant_id: str, ticket: ProviderTicket | None) -> bool:
    """Whether the single-ticket answer confirms an absence: a 404 (None)
    or a ticket that now belongs to another tenant."""
    return ticket is None or ticket.tenant_id != tenant_id
