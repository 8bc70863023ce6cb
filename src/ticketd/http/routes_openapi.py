"""``GET /openapi.json``: the OpenAPI 3.1 document of the service API."""

from __future__ import annotations

import orjson
from aiohttp import web

from ticketd.http.openapi import openapi_document

__all__ = ["setup"]

OPENAPI_BODY = web.AppKey("openapi_body", bytes)


async def openapi_json(request: web.Request) -> web.Response:
    return web.Response(body=request.app[OPENAPI_BODY], content_type="application/json")


def setup(app: web.Application) -> None:
    # Serialised once: the document is static for the life of the process.
    app[OPENAPI_BODY] = orjson.dumps(openapi_document())
    app.router.add_get("/openapi.json", openapi_json)
