"""The OpenAPI document: valid 3.1, in step with the router, and true of
the live server under schemathesis fuzzing."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from typing import Any

import jsonschema
import pytest
import requests
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import (  # public names, resolved lazily by schemathesis
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ticketd.http import make_app
from ticketd.http.openapi import openapi_document
from ticketd.metrics import Metrics
from ticketd.settings import Settings

ADMIN_TOKEN = "admin-token-0123456789"
TENANT_A_TOKEN = "tenant-a-token-0123456789"
FUZZ_TENANTS = ("tenant_a", "tenant_b")
# Bounded for CI; TICKETD_FUZZ_SCALE=10 runs ten times as many cases.
SCALE = int(os.environ.get("TICKETD_FUZZ_SCALE", "1"))
POSITIVE_EXAMPLES = 40 * SCALE
NEGATIVE_EXAMPLES = 25 * SCALE
SLOW_EXAMPLES = 8 * SCALE  # POST /ingest/run (a run per example, wait=true waits for it)


def documented_routes(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }


def registered_routes(app: web.Application) -> set[tuple[str, str]]:
    """(method, path template) of every route, without aiohttp's implicit
    HEAD twins and static file resources (they are not API)."""
    return {
        (route.method, resource.canonical)
        for resource in app.router.resources()
        if not isinstance(resource, web.StaticResource)
        for route in resource
        if route.method != "HEAD"
    }


def offline_app(**settings: Any) -> web.Application:
    """The application as ``make_app`` builds it; nothing is opened, the
    routes are only listed, never called."""
    return make_app(
        Settings(**settings),
        ingestion=None,
        queries=None,
        notifications=None,
        health=None,
        metrics=Metrics(),
    )


def validator_for(document: dict[str, Any], name: str) -> jsonschema.Validator:
    """A JSON Schema validator of one component, with the document as the
    root so that ``#/components/...`` references resolve."""
    root = {**document, "$ref": f"#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


def test_document_is_valid_openapi_3_1():
    document = openapi_document()

    validate(document)  # raises OpenAPIValidationError

    assert document["openapi"].startswith("3.1")


def test_every_route_is_documented_and_every_documented_route_exists():
    routes = registered_routes(offline_app())
    documented = documented_routes(openapi_document())

    assert routes - documented == set(), "routes missing from the document"
    assert documented - routes == set(), "documented routes the app does not serve"


def test_every_operation_documents_its_error_body_and_auth():
    document = openapi_document()
    public = {("GET", "/health"), ("GET", "/health/live"), ("GET", "/metrics")}
    public |= {("GET", "/openapi.json")}
    public |= {("GET", "/"), ("GET", "/dashboard/{tenant_id}"), ("GET", "/static/{name}")}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            key = (method.upper(), path)
            errors = {s for s in operation["responses"] if s.startswith(("4", "5"))}
            if key in public:
                assert operation["security"] == [], key
            else:
                assert "security" not in operation, key  # the global bearer requirement
                assert {"401", "403"} <= errors, key
            if path.count("{"):
                assert "404" in errors, key  # unroutable path values
            if any(
                p.get("$ref", "").endswith("TenantQuery") for p in operation.get("parameters", [])
            ):
                assert {"400", "422"} <= errors, key


async def test_the_served_document_is_the_built_one_and_is_public(start_daemon, provider):
    daemon = await start_daemon(
        external_url=provider.url,
        auth_tokens=f"{ADMIN_TOKEN}=*,{TENANT_A_TOKEN}=tenant_a",
    )
    document = openapi_document()

    served = await daemon.get("/openapi.json")

    assert served == document


async def test_auth_answers_match_the_document(start_daemon, provider):
    """With tokens configured: 401 carries WWW-Authenticate and the error
    body, 403 the error body; both are documented for the route."""
    daemon = await start_daemon(
        external_url=provider.url,
        auth_tokens=f"{ADMIN_TOKEN}=*,{TENANT_A_TOKEN}=tenant_a",
    )
    document = openapi_document()
    error = validator_for(document, "Error")
    page = validator_for(document, "TicketPage")
    listing = document["paths"]["/tickets"]["get"]["responses"]

    async with daemon.session.get(
        daemon.url + "/tickets", params={"tenant_id": "tenant_a"}
    ) as resp:
        assert resp.status == 401 and "401" in listing
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        error.validate(await resp.json())
    bearer = {"Authorization": f"Bearer {TENANT_A_TOKEN}"}
    async with daemon.session.get(
        daemon.url + "/tickets", params={"tenant_id": "tenant_b"}, headers=bearer
    ) as resp:
        assert resp.status == 403 and "403" in listing
        error.validate(await resp.json())
    async with daemon.session.get(
        daemon.url + "/tickets", params={"tenant_id": "tenant_a"}, headers=bearer
    ) as resp:
        assert resp.status == 200
        page.validate(await resp.json())


# -- schemathesis against the live daemon ------------------------------------

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def documented_parameters(operation: Any) -> dict[str, str]:
    """Name -> location of the operation's own parameters (not the bearer
    header schemathesis derives from the security scheme)."""
    return {p.name: p.location for p in operation.iter_parameters() if p.name != "Authorization"}


def steered(operation: Any, mode: GenerationMode, known: dict[str, list[str]]) -> Any:
    """Cases of ``operation``: fully generated ones, and ones whose tenant,
    ticket or job is a real one (so answers carry data, not only 404s and
    empty pages)."""
    names = documented_parameters(operation)
    fixed = {"generation_mode": mode, "headers": {"Authorization": f"Bearer {ADMIN_TOKEN}"}}
    variants = [operation.as_strategy(**fixed)]
    for tenant in known["tenants"]:
        if names.get("tenant_id") == "query" and "external_id" in names:
            for ticket in known[tenant]:
                variants.append(
                    operation.as_strategy(
                        **fixed,
                        query={"tenant_id": tenant},
                        path_parameters={"external_id": ticket},
                    )
                )
        elif names.get("tenant_id") == "query":
            variants.append(operation.as_strategy(**fixed, query={"tenant_id": tenant}))
        elif names.get("tenant_id") == "path":
            variants.append(operation.as_strategy(**fixed, path_parameters={"tenant_id": tenant}))
    if "name" in names:  # dashboard assets
        for asset in ("dashboard.js", "dashboard.css"):
            variants.append(operation.as_strategy(**fixed, path_parameters={"name": asset}))
    if "job_id" in names:
        for job_id in known["jobs"]:
            variants.append(operation.as_strategy(**fixed, path_parameters={"job_id": job_id}))
    return st.one_of(variants)


def run_cases(strategy: Any, *, examples: int, call: Any) -> Counter[int]:
    """Draw up to ``examples`` cases and ``call`` each; returns how many
    answers of each status came back."""
    statuses: Counter[int] = Counter()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=SCALE == 1,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        statuses[call(case).status_code] += 1

    run()
    return statuses


def fuzz(
    document: dict[str, Any],
    base_url: str,
    served: set[tuple[str, str]],
    known: dict[str, list[str]],
) -> dict[str, Counter[int]]:
    """Run every served operation in positive and negative mode; raise the
    first check failure. Returns the answers' statuses per operation."""
    schema = schemathesis.openapi.from_dict(document)
    ran: dict[str, Counter[int]] = {}
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()
            if (operation.method.upper(), operation.path) not in served:
                continue  # documented, not (yet) registered in this build
            slow = operation.path == "/ingest/run"
            for mode, examples, checks in (
                (GenerationMode.POSITIVE, POSITIVE_EXAMPLES, CHECKS),
                (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES, [*CHECKS, negative_data_rejection]),
            ):
                if mode is GenerationMode.NEGATIVE and not documented_parameters(operation):
                    continue  # nothing to make invalid (the bearer token is fixed)
                label = f"{mode.value} {operation.label}"
                ran[label] = run_cases(
                    steered(operation, mode, known),
                    examples=SLOW_EXAMPLES if slow else examples,
                    call=lambda case, checks=checks: case.call_and_validate(
                        base_url=base_url, session=session, checks=checks
                    ),
                )
    return ran


async def _ingest(daemon: Any, tenant: str) -> str:
    _, view = await daemon.request(
        "POST", "/ingest/run", params={"tenant_id": tenant, "wait": "true"}, status=200
    )
    assert view["status"] == "completed"
    return view["job_id"]


@pytest.mark.timeout(180)
@pytest.mark.slow
async def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(
    start_daemon, provider
):
    """1. Start the daemon against the mock provider; ingest two tenants.
    2. Fuzz every served operation in positive and negative mode, steering
       part of the cases to the real tenants, tickets and jobs.
    3. No 5xx, every status, content type, header and body as documented,
       and every schema-invalid request rejected with a 4xx."""
    # A generous provider budget: every fuzzed POST /ingest/run is a real run.
    daemon = await start_daemon(
        external_url=provider.url, auth_tokens=f"{ADMIN_TOKEN}=*", rate_limit_per_minute=100_000
    )
    daemon.session.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
    known: dict[str, list[str]] = {"tenants": list(FUZZ_TENANTS), "jobs": []}
    for tenant in FUZZ_TENANTS:
        known["jobs"].append(await _ingest(daemon, tenant))
        page = await daemon.get("/tickets", tenant_id=tenant, page_size=3)
        assert page["total"] > 0
        known[tenant] = [t["external_id"] for t in page["tickets"]]
    document = await daemon.get("/openapi.json")

    started = time.monotonic()
    served = registered_routes(offline_app())  # the fixture's daemon serves make_app's routes
    ran = await asyncio.to_thread(fuzz, document, daemon.url, served, known)

    assert all(ran.values()), ran
    # The steered cases reached real data, not only 404s and empty pages.
    for label in ("GET /tickets/{external_id}", "GET /tickets/{external_id}/history"):
        assert ran[f"positive {label}"][200] > 0, ran
    assert ran["positive GET /ingest/progress/{job_id}"][200] > 0, ran
    assert time.monotonic() - started < 150
