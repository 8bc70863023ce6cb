"""Structured logs: one JSON object per line with the context fields."""

from __future__ import annotations

import io
import logging

import orjson
import pytest

from ticketd.logs import JsonFormatter, OutageLog, configure_logging, log_context


@pytest.fixture(autouse=True)
def restore_root_logger():
    """configure_logging replaces the root handlers; put pytest's back."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    return [orjson.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_carry_context_and_extra_fields():
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream)
    log = logging.getLogger("ticketd.test")
    with log_context(tenant_id="acme", job_id="j1"):
        log.info("page stored", extra={"page": 3})
        with log_context(request_id="r1"):
            log.warning("nested")
    log.error("outside")
    first, nested, outside = lines(stream)
    assert first["message"] == "page stored" and first["level"] == "info"
    assert (first["tenant_id"], first["job_id"], first["page"]) == ("acme", "j1", 3)
    assert first["ts"].endswith("+00:00")
    assert nested["request_id"] == "r1" and nested["tenant_id"] == "acme"
    assert "tenant_id" not in outside


def test_exceptions_are_one_json_line():
    stream = io.StringIO()
    configure_logging("INFO", "json", stream)
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("ticketd.test").exception("failed")
    (entry,) = lines(stream)
    assert "ValueError: boom" in entry["exception"]


def test_text_format_for_terminals():
    stream = io.StringIO()
    configure_logging("INFO", "text", stream)
    with log_context(tenant_id="acme"):
        logging.getLogger("ticketd.test").info("hello")
    text = stream.getvalue()
    assert "INFO" in text and "hello" in text and "tenant_id=acme" in text


async def test_requests_get_an_id_in_logs_and_headers(start_daemon, provider):
    daemon = await start_daemon(external_url=provider.url)
    logging.getLogger("ticketd.http.app").setLevel(logging.DEBUG)
    async with daemon.session.get(f"{daemon.url}/health") as resp:
        request_id = resp.headers["X-Request-Id"]
    async with daemon.session.get(
        f"{daemon.url}/health", headers={"X-Request-Id": "caller-chosen"}
    ) as resp:
        assert resp.headers["X-Request-Id"] == "caller-chosen"
    assert len(request_id) == 16
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger("ticketd.http.app").addHandler(handler)
    try:
        await daemon.get("/tickets", tenant_id="acme")
    finally:
        logging.getLogger("ticketd.http.app").removeHandler(handler)
        logging.getLogger("ticketd.http.app").setLevel(logging.NOTSET)
    (entry,) = lines(stream)
    assert entry["path"] == "/tickets" and entry["status"] == 200 and len(entry["request_id"]) == 16


async def test_each_run_logs_the_id_of_the_request_that_started_it(start_daemon, provider):
    """The tenant's actor is spawned by the first request; its runs used to
    log that request's id for ever. Each run logs its own request's id."""
    daemon = await start_daemon(external_url=provider.url)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    ingestion = logging.getLogger("ticketd.actors.ingestion")
    ingestion.addHandler(handler)
    ingestion.setLevel(logging.INFO)
    try:
        jobs = {}
        for request_id in ("first-run-request", "second-run-request"):
            async with daemon.session.post(
                f"{daemon.url}/ingest/run",
                params={"tenant_id": "acme", "wait": "true"},
                headers={"X-Request-Id": request_id},
            ) as resp:
                assert resp.status == 200, await resp.text()
                jobs[(await resp.json())["job_id"]] = request_id
    finally:
        ingestion.removeHandler(handler)
        ingestion.setLevel(logging.NOTSET)
    marks = ("ingestion started", "ingestion finished")
    logged = [e for e in lines(stream) if e["message"] in marks]
    assert sorted({e["job_id"] for e in logged}) == sorted(jobs)
    assert {(e["message"], e["job_id"], e.get("request_id")) for e in logged} == {
        (message, job, request_id) for job, request_id in jobs.items() for message in marks
    }


def _outage(caplog) -> tuple[OutageLog, list[float]]:
    now = [0.0]
    caplog.set_level(logging.INFO, logger="test.outage")
    log = OutageLog(logging.getLogger("test.outage"), "store down", monotonic=lambda: now[0])
    return log, now


def test_an_outage_that_nobody_waited_out_is_not_reported_as_lasting_until_the_next_try(caplog):
    """Every caller gave up after the first failures; a run an hour later
    finds the store back. The log said 'over after 3600 s': the outage's
    end is unknown, so it says how long attempts failed and how long
    nothing was tried (cold review)."""
    outage, now = _outage(caplog)
    outage.failed(error="down")
    now[0] = 20.0
    outage.failed(error="down")
    now[0] = 3620.0
    outage.recovered()
    assert [r.getMessage() for r in caplog.records] == [
        "store down",
        "store down: over; attempts failed for 20 s, then nothing was tried for 3600 s",
    ]


def test_a_failure_after_a_long_untried_gap_ends_the_old_outage_and_starts_a_new_one(caplog):
    """It said 'still, for 3600 s' of an outage that may have ended and
    begun again in between; then two starts and no end of the first
    (cold review): the first ends, its end unknown, before the second.
    The old outage's end line carries its own error and the attempts
    that failed since its last line, not the new failure's error."""
    outage, now = _outage(caplog)
    outage.failed(error="disk full")
    now[0] = 10.0
    outage.failed(error="disk full")
    now[0] = 20.0
    outage.failed(error="disk full")
    now[0] = 3620.0
    outage.failed(error="database locked")
    now[0] = 3630.0
    outage.recovered()
    assert [r.getMessage() for r in caplog.records] == [
        "store down",
        "store down: end unknown; attempts failed for 20 s, then nothing was tried for 3600 s",
        "store down",
        "store down: over after 10 s",
    ]
    ended = caplog.records[1]
    assert (ended.outage_seconds, ended.untried_seconds) == (20.0, 3600.0)
    assert ended.error == "disk full"
    assert ended.failed_attempts == 2  # since the outage's first line
    started = caplog.records[2]
    assert started.error == "database locked"


def test_an_outage_retried_throughout_reports_its_length_and_reminds_once_a_minute(caplog):
    outage, now = _outage(caplog)
    for second in range(0, 130, 2):
        now[0] = float(second)
        outage.failed(error="down")
    outage.recovered()
    assert [r.getMessage() for r in caplog.records] == [
        "store down",
        "store down (still, for 60 s)",
        "store down (still, for 120 s)",
        "store down: over after 128 s",
    ]
