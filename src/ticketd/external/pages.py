"""One page of the provider's ticket feed, and the rules that end a page loop.

``parse_page`` turns a decoded list response into a ``Page``: tickets that
parse strictly, and a ``RejectedRecord`` per record that does not (its id
shown bounded and escaped, its tenant when readable, the reason), so one
bad record never fails a run. ``PageLoopGuard`` decides, page by
page, whether the loop goes on, ends, or must fail because the provider
repeats itself or never ends.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from ticketd.domain.scan import MAX_PAGES_PER_SCAN
from ticketd.domain.ticket import InvalidRecord, ProviderTicket, shown
from ticketd.errors import ProviderError

__all__ = ["Page", "PageLoopGuard", "RejectedRecord", "parse_page"]


@attrs.frozen
class RejectedRecord:
    """A record of a page that failed validation: never stored."""

    page: int  # the page it came on
    position: int  # its place in the page, 1-based
    record_id: str  # its id, shown bounded and escaped ('None' when it has none)
    tenant_id: str | None  # its tenant_id when that is a string, else None
    reason: str  # why it was refused (bounded, without the id)

    @property
    def line(self) -> str:
        """One line naming the record and the reason."""
        return f"page {self.page}, record {self.position}: ticket {self.record_id}: {self.reason}"


@attrs.frozen
class Page:
    """One fetched page of the feed (all tenants' tickets)."""

    number: int  # the page number we asked for, 1-based
    tickets: list[ProviderTicket]  # records that parsed, in feed order
    errors: list[RejectedRecord]  # records that did not parse, in feed order
    next_page: int | None  # the provider's next page, None on the last one
    total_count: int | None  # the provider's total, None when it sent none
    record_ids: tuple[str, ...] = ()  # ids of every record, bad ones too, for loop checks


def _optional_int(body: dict[str, Any], key: str, number: int) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProviderError(f"page {number}: {key} is not a non-negative integer: {value!r}")
    return value


def parse_page(body: Any, number: int) -> Page:
    """Parse the decoded body of ``GET /external/support-tickets?page=number``.

    Raises ``ProviderError`` when the body itself is malformed (not an
    object, no ``tickets`` list, a bad ``next_page`` or ``total_count``);
    bad individual records only land in ``Page.errors``.
    """
    if not isinstance(body, dict) or not isinstance(body.get("tickets"), list):
        raise ProviderError(f"page {number}: response has no 'tickets' list")
    tickets: list[ProviderTicket] = []
    errors: list[RejectedRecord] = []
    record_ids: list[str] = []
    # (tenant, id) -> (position, ticket) of the records kept so far
    kept: dict[tuple[str, str], tuple[int, ProviderTicket]] = {}
    for position, record in enumerate(body["tickets"], 1):
        ident = record.get("id") if isinstance(record, dict) else None
        record_ids.append(str(ident) if ident is not None else f"#{position}")
        try:
            ticket = ProviderTicket.from_provider(record)
        except InvalidRecord as exc:
            tenant = record.get("tenant_id") if isinstance(record, dict) else None
            errors.append(
                RejectedRecord(
                    page=number,
                    position=position,
                    record_id=shown(ident),
                    tenant_id=tenant if isinstance(tenant, str) else None,
                    reason=exc.reason,
                )
            )
            continue
        key = (ticket.tenant_id, ticket.external_id)
        first = kept.get(key)
        if first is None:
            kept[key] = (position, ticket)
            tickets.append(ticket)
        elif first[1] != ticket:
            # The same ticket twice with other content: which one the
            # provider means is unknown; the first is kept, this one named.
            errors.append(
                RejectedRecord(
                    page=number,
                    position=position,
                    record_id=shown(ident),
                    tenant_id=ticket.tenant_id,
                    reason=f"the id of record {first[0]} of this page, with other content "
                    "(the first is kept)",
                )
            )
        # else: the same record again, word for word: kept once
    next_page = _optional_int(body, "next_page", number)
    if next_page == 0:
        raise ProviderError(f"page {number}: next_page is 0")
    return Page(
        number=number,
        tickets=tickets,
        errors=errors,
        next_page=next_page,
        total_count=_optional_int(body, "total_count", number),
        record_ids=tuple(record_ids),
    )


class PageLoopGuard:
    """Stops a page loop that would never end.

    ``check(page)`` raises ``ProviderError`` when the provider points back
    at a page already fetched, sends the same records as the page before,
    or sends more pages than it declared: the first ``total_count`` of the
    loop (a later, larger one does not move the bound, so a feed whose
    count keeps growing cannot go on for ever) in pages of the largest
    page seen, plus a margin of ``max(3, 10 %)`` pages for tickets added
    during the scan; or more than ``max_pages`` in all (the only bound of
    a provider that sends no ``total_count``). Its error says the scan
    stopped early and that what lies past it was neither stored nor
    deleted (the run fails: nothing is deleted).
    """

    def __init__(self, max_pages: int = MAX_PAGES_PER_SCAN) -> None:
        self._max_pages = max_pages
        self._fetched: set[int] = set()
        self._previous_ids: tuple[str, ...] = ()
        self._largest_page = 0
        # (page, total_count) of the first page of the loop that declared one
        self._declared: tuple[int, int] | None = None

    def check(self, page: Page) -> None:
        """Accept ``page`` as the next one of the loop or raise
        ``ProviderError``."""
        self._fetched.add(page.number)
        if len(self._fetched) > self._max_pages:
            raise ProviderError(
                f"the scan stopped early: the feed went on past {self._max_pages} pages, the "
                "most one scan reads (TICKETD_MAX_PAGES_PER_SCAN); tickets past page "
                f"{self._max_pages} were not stored and nothing was deleted"
            )
        if page.record_ids and page.record_ids == self._previous_ids:
            raise ProviderError(f"page {page.number} repeats the previous page")
        self._previous_ids = page.record_ids
        if page.next_page is not None and page.next_page in self._fetched:
            raise ProviderError(
                f"page {page.number} points back to page {page.next_page} already fetched"
            )
        self._largest_page = max(self._largest_page, len(page.record_ids))
        if self._declared is None and page.total_count is not None:
            self._declared = (page.number, page.total_count)
        if self._declared is None:
            return
        declared_on, total = self._declared
        size = max(1, self._largest_page)
        expected = math.ceil(total / size)
        margin = max(3, expected // 10)
        if len(self._fetched) > expected + margin:
            raise ProviderError(
                "the feed did not end within the pages its own total_count allows: "
                f"page {declared_on} declared {total} tickets ({expected} pages of {size}, "
                f"and a margin of {margin}), page {page.number} came"
            )
