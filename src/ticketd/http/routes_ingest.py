"""Ingestion control: start, watch, cancel runs; read the tenant lease."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from ticketd.domain.identifiers import validate_job_id
from ticketd.http import params
from ticketd.http.auth import require_tenant
from ticketd.http.errors import json_response
from ticketd.http.presenters import cancel_json, job_json, lease_json, tenant_state_json
from ticketd.http.state import INGESTION

__all__ = ["setup"]


def _job_id(request: web.Request) -> str:
    return validate_job_id(request.match_info["job_id"])


def _authorizer(request: web.Request) -> Callable[[str], None]:
    """Checks, once the job's tenant is known, that the token covers it."""
    return lambda tenant_id: require_tenant(request, tenant_id)


async def start_run(request: web.Request) -> web.Response:
    """202 with the job id and a Location to poll; with ``wait=true``, 200
    with the final report once the run ends. ``allow_mass_delete=true``
    lifts the mass-deletion guard for this run."""
    tenant_id = params.required_tenant(request.query)
    wait = params.optional_bool(request.query, "wait") or False
    allow_mass_delete = params.optional_bool(request.query, "allow_mass_delete") or False
    accepted = await request.app[INGESTION].start_run(
        tenant_id, allow_mass_delete=allow_mass_delete
    )
    if wait:
        # Shielded: a client hanging up (or the server draining) must not
        # cancel the run's own completion future.
        return json_response(job_json(await asyncio.shield(accepted.finished)))
    location = f"/ingest/progress/{accepted.job_id}"
    body = {"job_id": accepted.job_id, "tenant_id": tenant_id, "status": "running"}
    return json_response(body, status=202, headers={"Location": location})


async def tenant_status(request: web.Request) -> web.Response:
    tenant_id = params.required_tenant(request.query)
    return json_response(tenant_state_json(await request.app[INGESTION].tenant_state(tenant_id)))


async def progress(request: web.Request) -> web.Response:
    """The run's progress; 404 for an unknown job, 403 when the token does
    not cover the job's tenant."""
    job_id = _job_id(request)
    view = await request.app[INGESTION].job_progress(job_id, authorize=_authorizer(request))
    return json_response(job_json(view))


async def cancel(request: web.Request) -> web.Response:
    """202 once the cancel reached the run (or its job record); 409 for a
    finished job."""
    job_id = _job_id(request)
    reply = await request.app[INGESTION].cancel_run(job_id, authorize=_authorizer(request))
    return json_response(cancel_json(reply), status=202)


async def lock(request: web.Request) -> web.Response:
    tenant_id = params.tenant_id(request.match_info["tenant_id"])
    status = await request.app[INGESTION].lease_status(tenant_id)
    return json_response(lease_json(tenant_id, status))


def setup(app: web.Application) -> None:
    app.router.add_post("/ingest/run", start_run)
    app.router.add_get("/ingest/status", tenant_status)
    app.router.add_get("/ingest/progress/{job_id}", progress)
    app.router.add_delete("/ingest/{job_id}", cancel)
    app.router.add_get("/ingest/lock/{tenant_id}", lock)
