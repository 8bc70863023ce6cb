"""The testing surface of the mock: the notification record, counters,
mutations, reset and fault injection. Never rate limited, never counted."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ticketd.errors import Unprocessable
from ticketd.mockapi.provider import PROVIDER
from ticketd.mockapi.responses import json_response, read_json, text_param

__all__ = ["control_routes"]

_MUTATION_KEYS = {"modify", "delete", "restore", "add"}
_MAX_ADD = 100_000

control_routes = web.RouteTableDef()


@control_routes.get("/notifications")
async def notifications(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    records = provider.notify.records(
        tenant_id=text_param(request, "tenant_id"), ticket_id=text_param(request, "ticket_id")
    )
    return json_response({"notifications": [r.to_json() for r in records]})


@control_routes.get("/_control/stats")
async def stats(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    body = provider.counters.to_json()
    body["notify_outage_seconds_left"] = provider.notify.outage_remaining()
    body["faults_armed"] = len(provider.faults.armed())
    return json_response(body)


def _id_list(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise Unprocessable(f"{key!r} must be a list of ticket ids")
    return value


@control_routes.post("/_control/mutate")
async def mutate(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    body = await read_json(request, empty={})
    if not isinstance(body, dict):
        raise Unprocessable("body must be a JSON object")
    unknown = sorted(set(body) - _MUTATION_KEYS)
    if unknown:
        raise Unprocessable(
            f"unknown field(s) {', '.join(unknown)}; expected {', '.join(sorted(_MUTATION_KEYS))}"
        )
    modify = body.get("modify", [])
    if not isinstance(modify, list):
        raise Unprocessable("'modify' must be a list of ticket ids or objects")
    add = body.get("add", 0)
    if isinstance(add, bool) or not isinstance(add, int) or not 0 <= add <= _MAX_ADD:
        raise Unprocessable(f"'add' must be an integer in 0..{_MAX_ADD}")
    result = provider.feed.mutate(
        modify=modify, delete=_id_list(body, "delete"), restore=_id_list(body, "restore"), add=add
    )
    return json_response(result.to_json())


@control_routes.post("/_control/reset")
async def reset(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    body = await read_json(request, empty={})
    if not isinstance(body, dict) or not isinstance(body.get("data", False), bool):
        raise Unprocessable('body must be empty or {"data": true|false}')
    provider.reset(data=body.get("data", False))
    return json_response({"status": "reset"})


@control_routes.post("/_control/faults")
async def arm_faults(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    body = await read_json(request)
    if isinstance(body, dict) and "faults" in body:
        body = body["faults"]
    specs = body if isinstance(body, list) else [body]
    armed = provider.faults.arm(specs)
    return json_response({"armed": [f.to_json() for f in armed]}, status=201)


@control_routes.get("/_control/faults")
async def list_faults(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    return json_response({"faults": [f.to_json() for f in provider.faults.armed()]})


@control_routes.delete("/_control/faults")
async def clear_faults(request: web.Request) -> web.Response:
    provider = request.app[PROVIDER]
    cleared = len(provider.faults.armed())
    provider.faults.clear()
    return json_response({"cleared": cleared})
