"""A provider that misbehaves on purpose, for the data-safety scenarios.

A minimal HTTP/1.1 server on ``asyncio.start_server`` (not aiohttp, so it
can answer with bytes no HTTP library would produce: a lone surrogate
escape inside a JSON body, or no HTTP at all). It serves the provider
contract ticketd consumes (the paged feed, single tickets, deleted ids,
health, notify) from ``tickets``, and each fault is a field a test sets:

- ``empty_first_page``: page 1 lists nothing while ``total_count`` is right;
- ``jump_to``: page 1's ``next_page`` points there instead of 2;
- ``claimed_total``: the ``total_count`` sent, whatever the feed holds;
- ``sends_total``: False leaves ``total_count`` out of every page;
- ``endless``: past the feed's own tickets, every page is full of new
  tickets and points to the next one, and ``total_count`` always claims
  one page more than was served: a feed that never ends;
- ``feed_omits``: ids the feed leaves out (later records move up) while
  ``total_count`` and the single-ticket endpoint still have them;
- ``retry_after``: feed requests get 429 with this ``Retry-After``
  (``throttled`` is set when one was sent);
- ``raw_records``: JSON text spliced verbatim into page 1's ticket list;
- ``garbage_answers``: this many feed requests get bytes that are not HTTP;
- ``page_served`` is set when a feed page was answered;
- ``single_answers``: the single-ticket endpoint answers a request for one
  of its ids with the record given there instead of the ticket asked for;
- ``hold_single``: a single-ticket request for one of its ids sets the
  first event of its pair and waits for the second before it is answered;
- ``hold_page``: the first feed request for that page waits until
  ``release`` is set (``held`` is set when it arrives), then gets the page
  as it was when asked for.

Every request is recorded in ``requests`` as (method, path, query).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs
import orjson
import pytest

__all__ = ["HostileProvider", "hostile_provider", "provider_ticket"]

_GARBAGE = b"\x00\x17 this is not an HTTP answer \xff\xfe\r\n\r\n"


def provider_ticket(external_id: str, tenant_id: str = "acme", **fields: Any) -> dict[str, Any]:
    """A well-formed provider ticket (calm, open, from 2026-01-01)."""
    return {
        "id": external_id,
        "tenant_id": tenant_id,
        "source": "email",
        "customer_id": "cust-1",
        "subject": f"question {external_id}",
        "message": "how do I change my address",
        "created_at": "2026-01-01T10:00:00Z",
        "updated_at": "2026-01-01T10:00:00Z",
        "status": "open",
        **fields,
    }


@attrs.define
class HostileProvider:
    tickets: list[dict[str, Any]] = attrs.field(factory=list)
    deleted_ids: list[str] = attrs.field(factory=list)
    empty_first_page: bool = False
    jump_to: int | None = None
    claimed_total: int | None = None
    sends_total: bool = True
    endless: bool = False
    feed_omits: set[str] = attrs.field(factory=set)
    retry_after: int | None = None
    throttled: asyncio.Event = attrs.field(factory=asyncio.Event)
    raw_records: list[bytes] = attrs.field(factory=list)
    garbage_answers: int = 0
    page_served: asyncio.Event = attrs.field(factory=asyncio.Event)
    hold_page: int | None = None
    held: asyncio.Event = attrs.field(factory=asyncio.Event)
    release: asyncio.Event = attrs.field(factory=asyncio.Event)
    single_answers: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    hold_single: dict[str, tuple[asyncio.Event, asyncio.Event]] = attrs.field(factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = attrs.field(factory=list)
    url: str = ""

    def feed_calls(self) -> int:
        return sum(1 for _, path, _ in self.requests if path == "/external/support-tickets")

    async def _answer(self, method: str, path: str, query: dict[str, str]) -> bytes:
        if path == "/health":
            return _json(200, {"status": "ok"})
        if path == "/external/deleted-tickets":
            return _json(200, {"deleted_ids": self.deleted_ids})
        if path == "/notify" and method == "POST":
            return _json(200, {"status": "accepted"})
        if path.startswith("/external/support-tickets/"):
            external_id = unquote(path.removeprefix("/external/support-tickets/"))
            arrived, release = self.hold_single.get(external_id, (None, None))
            if arrived is not None and release is not None and not arrived.is_set():
                arrived.set()  # only the first request for it waits
                await release.wait()
            return self._single(external_id)
        if path != "/external/support-tickets":
            return _json(404, {"error": "not found"})
        if self.retry_after is not None:
            self.throttled.set()
            return _response(429, b"{}", f"Retry-After: {self.retry_after}\r\n")
        if self.garbage_answers > 0:
            self.garbage_answers -= 1
            return _GARBAGE
        page, size = int(query.get("page", "1")), int(query.get("page_size", "50"))
        answer = self._page(page, size)  # the feed as it is now, sent however late
        if page == self.hold_page:
            self.hold_page = None  # only the first request for it waits
            self.held.set()
            await self.release.wait()
        self.page_served.set()
        return answer

    def _single(self, external_id: str) -> bytes:
        if external_id in self.single_answers:
            return _json(200, self.single_answers[external_id])
        for ticket in self.tickets:
            if ticket["id"] == external_id:
                return _json(200, ticket)
        return _json(404, {"error": "not found"})

    def _page(self, page: int, size: int) -> bytes:
        total = len(self.tickets) + len(self.raw_records)
        if self.claimed_total is not None:
            total = self.claimed_total
        feed = [t for t in self.tickets if t["id"] not in self.feed_omits]
        chunk = feed[(page - 1) * size : page * size]
        next_page: int | None = page + 1 if page * size < len(feed) else None
        if self.endless:
            start = max(0, (page - 1) * size - len(feed))
            made = [provider_ticket(f"new-{n:06d}") for n in range(start, start + size)]
            chunk = (chunk + made)[:size]
            next_page, total = page + 1, (page + 1) * size
        if page == 1 and self.jump_to is not None:
            next_page = self.jump_to
        if page == 1 and self.empty_first_page:
            chunk, next_page = [], 2
        records = [orjson.dumps(t) for t in chunk]
        if page == 1:
            records = self.raw_records + records
        count = b', "total_count": ' + str(total).encode() if self.sends_total else b""
        body = (
            b'{"tickets": ['
            + b", ".join(records)
            + b'], "next_page": '
            + orjson.dumps(next_page)
            + count
            + b"}"
        )
        return _response(200, body)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            method, target, _ = request_line.split(" ", 2)
            headers = dict(line.split(":", 1) for line in header_lines if ":" in line)
            length = int(headers.get("Content-Length", headers.get("content-length", "0")))
            if length:
                await reader.readexactly(length)
            parts = urlsplit(target)
            query = dict(parse_qsl(parts.query))
            self.requests.append((method, parts.path, query))
            writer.write(await self._answer(method, parts.path, query))
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def _response(status: int, body: bytes, headers: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{headers}"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


def _json(status: int, body: Any) -> bytes:
    return _response(status, orjson.dumps(body))


@pytest.fixture
async def hostile_provider() -> AsyncIterator[HostileProvider]:
    """A started ``HostileProvider`` on a loopback port, closed after."""
    provider = HostileProvider()
    server = await asyncio.start_server(provider._serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    provider.url = f"http://127.0.0.1:{port}"
    try:
        yield provider
    finally:
        for _, release in provider.hold_single.values():
            release.set()
        provider.release.set()
        server.close()
        await server.wait_closed()
