"""The error middleware maps our exceptions to statuses and JSON bodies."""

from __future__ import annotations

import pytest
from aiohttp import web

from ticketd import errors
from ticketd.http.errors import error_middleware


def raising(exc: BaseException):
    async def handler(request: web.Request) -> web.Response:
        raise exc

    return handler


@pytest.fixture
async def client(aiohttp_client):
    app = web.Application(middlewares=[error_middleware])
    cases = {
        "invalid": errors.InvalidInput("bad tenant"),
        "unprocessable": errors.Unprocessable("tenant_id is required"),
        "unauthorized": errors.Unauthorized("no token"),
        "forbidden": errors.Forbidden("not yours"),
        "missing": errors.NotFound("no such job"),
        "conflict": errors.Conflict("already running"),
        "limited": errors.RateLimited("slow down", retry_after=2.4),
        "down": errors.Unavailable("database down"),
        "stopped": errors.ActorStopped("actor stopped"),
        "timeout": TimeoutError(),
        "bug": ZeroDivisionError("secret internals"),
        "base": errors.TicketdError("unmapped"),
    }
    for name, exc in cases.items():
        app.router.add_get(f"/{name}", raising(exc))
    return await aiohttp_client(app)


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/invalid", 400, "invalid_input"),
        ("/unprocessable", 422, "unprocessable"),
        ("/unauthorized", 401, "unauthorized"),
        ("/forbidden", 403, "forbidden"),
        ("/missing", 404, "not_found"),
        ("/conflict", 409, "conflict"),
        ("/limited", 429, "rate_limited"),
        ("/down", 503, "unavailable"),
        ("/stopped", 503, "actor_stopped"),
        ("/timeout", 503, "timeout"),
        ("/nowhere", 404, "not_found"),
    ],
)
async def test_error_mapping(client, path, status, code):
    resp = await client.get(path)
    assert resp.status == status
    body = await resp.json()
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


async def test_retry_after_header_on_429(client):
    resp = await client.get("/limited")
    assert resp.headers["Retry-After"] == "2"


async def test_wrong_method_is_405_json(client):
    resp = await client.post("/invalid")
    assert resp.status == 405
    assert (await resp.json())["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/bug", "/base"])
async def test_unexpected_errors_are_opaque_500s(client, path):
    resp = await client.get(path)
    assert resp.status == 500
    text = await resp.text()
    assert "secret internals" not in text and "Traceback" not in text
    assert (await resp.json()) == {"error": {"code": "internal", "message": "internal error"}}
