"""What any client can send the server: bad request ids, requests the HTTP
parser rejects, odd page numbers and job ids, idle and slow connections.
A real daemon on a loopback port, spoken to with raw sockets where an
HTTP client library would refuse to send the request."""

from __future__ import annotations

import asyncio
import logging
import re

import orjson
import pytest

KEEPALIVE = 1.0  # seconds, the daemon's http_keepalive_seconds in these tests


@pytest.fixture
async def daemon(start_daemon, provider):
    return await start_daemon(external_url=provider.url, http_keepalive_seconds=KEEPALIVE)


async def _raw(daemon, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` on a fresh connection; read one response until the
    server closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", daemon.daemon.port)
    try:
        writer.write(data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), 10)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


@pytest.mark.parametrize(
    "given",
    ["x" * 65, "has space", "<script>", "caf\u00e9", "-leading-dash", "a/b"],
)
async def test_an_unsafe_request_id_is_replaced(daemon, given):
    async with daemon.session.get(daemon.url + "/health", headers={"X-Request-Id": given}) as resp:
        echoed = resp.headers["X-Request-Id"]
    assert echoed != given
    assert re.fullmatch(r"[0-9a-f]{16}", echoed)


async def test_a_safe_request_id_is_kept(daemon):
    given = "lb-7f3a.42:retry-1"
    async with daemon.session.get(daemon.url + "/health", headers={"X-Request-Id": given}) as resp:
        assert resp.headers["X-Request-Id"] == given


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",  # request line too long
        b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 10_000 + b"\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",  # malformed header
        b"GET /health HTTP/9.9.9\r\nHost: x\r\n\r\n",  # malformed version
    ],
    ids=["long-line", "long-header", "bad-header", "bad-version"],
)
async def test_parser_errors_are_json_and_one_info_line(daemon, request_bytes, caplog):
    caplog.set_level(logging.DEBUG)
    status, headers, body = await _raw(daemon, request_bytes)
    assert status == 400
    assert headers["content-type"].startswith("application/json")
    error = orjson.loads(body)["error"]
    assert error["code"] == "bad_request" and error["message"]
    records = [r for r in caplog.records if r.name.startswith(("aiohttp", "ticketd.http.server"))]
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.INFO, None)], [
        (r.name, r.levelname, r.getMessage()) for r in records
    ]
    assert "\n" not in records[0].getMessage()


_FIXED_PARSER_MESSAGES = {
    "request line or header too long",
    "malformed request line",
    "malformed request target",
    "malformed header",
    "malformed request",
}


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 50,  # a TLS hello
        b"GET /" + b"q" * 10_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"Q" * 10_000 + b"\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\nGARBAGE here\r\n\r\n",
    ],
    ids=["garbage", "bad-version", "tls", "long-line", "long-header", "bad-header"],
)
async def test_parser_errors_carry_a_request_id_and_echo_nothing(daemon, request_bytes, caplog):
    caplog.set_level(logging.INFO)
    status, headers, body = await _raw(daemon, request_bytes)
    assert status == 400
    assert re.fullmatch(r"[0-9a-f]{16}", headers.get("x-request-id", "")), headers
    message = orjson.loads(body)["error"]["message"]
    assert message in _FIXED_PARSER_MESSAGES, message
    logged = [r for r in caplog.records if r.name == "ticketd.http.server"]
    assert [r.request_id for r in logged] == [headers["x-request-id"]]


@pytest.mark.parametrize("page", ["1_0", "+1", " 1", "\u0661", "1 ", "0x1", "1.0"])
async def test_page_numbers_are_ascii_digits_only(daemon, page):
    status, body = await daemon.request(
        "GET", "/tickets", params={"tenant_id": "tenant_a", "page": page}
    )
    assert status == 400, body
    assert "page must be an integer" in body["error"]["message"]


async def test_a_plain_page_number_is_accepted(daemon):
    await daemon.get("/tickets", tenant_id="tenant_a", page="2")


async def test_a_job_id_with_a_trailing_newline_is_rejected(daemon):
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}, status=200
    )
    job_id = accepted["job_id"]
    await daemon.get(f"/ingest/progress/{job_id}")
    for path in (f"/ingest/progress/{job_id}%0A", f"/ingest/{job_id}%0A"):
        method = "GET" if "progress" in path else "DELETE"
        async with daemon.session.request(method, daemon.url + path) as resp:
            assert resp.status == 400, path
            body = await resp.json()
        assert body["error"]["message"] == "job_id must be 32 lower-case hexadecimal characters"


async def test_an_upper_case_job_id_is_400_naming_lower_case(daemon):
    _, accepted = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": "tenant_a", "wait": "true"}, status=200
    )
    status, body = await daemon.request("GET", f"/ingest/progress/{accepted['job_id'].upper()}")
    assert status == 400
    assert body["error"]["message"] == "job_id must be 32 lower-case hexadecimal characters"


@pytest.mark.parametrize("value", ["yes", "1", "TRUE", "no"])
async def test_requires_action_is_exactly_true_or_false(daemon, value):
    status, body = await daemon.request(
        "GET", "/tickets", params={"tenant_id": "tenant_a", "requires_action": value}
    )
    assert status == 400, body
    assert body["error"]["message"] == f"requires_action must be true or false, got {value!r}"


@pytest.mark.parametrize("page", ["-1", "-0"])
async def test_a_negative_page_number_is_400_like_any_non_digit(daemon, page):
    status, body = await daemon.request(
        "GET", "/tickets", params={"tenant_id": "tenant_a", "page": page}
    )
    assert status == 400, body
    assert "page must be an integer" in body["error"]["message"]


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """Everything the server sends until it closes; fails after ``seconds``."""
    return await asyncio.wait_for(reader.read(), seconds)


async def test_an_idle_keep_alive_connection_is_closed(daemon):
    reader, writer = await asyncio.open_connection("127.0.0.1", daemon.daemon.port)
    try:
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        data = await _closed_within(reader, 5 * KEEPALIVE + 5)
    finally:
        writer.close()
    assert data.startswith(b"HTTP/1.1 200")  # answered, kept alive, then closed when idle


async def test_a_connection_that_never_sends_a_request_is_closed(daemon):
    reader, writer = await asyncio.open_connection("127.0.0.1", daemon.daemon.port)
    try:
        assert await _closed_within(reader, 5 * KEEPALIVE + 5) == b""
    finally:
        writer.close()


async def test_trickling_headers_does_not_keep_a_connection_open(daemon):
    """A client sending one header line every 0.2 s never completes its
    request head; the server closes the connection once the time-out for
    reading it has passed, although bytes keep arriving."""
    reader, writer = await asyncio.open_connection("127.0.0.1", daemon.daemon.port)

    async def trickle() -> None:
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        for n in range(200):
            writer.write(f"X-Slow-{n}: y\r\n".encode())
            await writer.drain()
            await asyncio.sleep(0.2)

    sender = asyncio.create_task(trickle())
    try:
        data = await _closed_within(reader, 5 * KEEPALIVE + 5)
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)  # cancelled, or the peer left
        writer.close()
    assert not data.startswith(b"HTTP/1.1 200")
