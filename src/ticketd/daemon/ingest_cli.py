"""``ticketd ingest TENANT``: one ingestion run in this process.

Same code path as ``POST /ingest/run`` (the tenant actor, the same lease,
the same rate limiter), without the HTTP listener. Shows a progress bar on
a terminal (saying when the run waits for the call budget, a provider's
``Retry-After`` or a retry) and prints a plain summary otherwise. With
``--json`` stdout carries exactly one JSON document: the final report,
or, when no run took place (another run holds the tenant's lease, a bad
setting, an unusable database), the error in the API's shape,
``{"error": {"code", "message"}}``, besides the usual one line on stderr
and exit code 2. The bar, the summary and logs go to stderr.
Notifications it queues stay in the outbox for the daemon to deliver.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from typing import Any, TextIO

import attrs
import orjson
import uvloop

from ticketd.app.ingestion import IngestionCommands, RunAccepted
from ticketd.daemon.cli import (
    add_common_arguments,
    prepare_database,
    settings_from_args,
    warn_unknown_environment,
)
from ticketd.daemon.early_signals import STOP_SIGNALS, ignore_stop_signals, take_noted
from ticketd.daemon.process import Daemon
from ticketd.domain.identifiers import validate_tenant_id
from ticketd.domain.report import JobView
from ticketd.errors import Conflict, NotFound, TicketdError
from ticketd.http.presenters import job_json
from ticketd.logs import configure_logging
from ticketd.settings import Settings

__all__ = ["configure", "ingest_once", "run"]

_REFRESH_SECONDS = 0.5  # progress bar redraw interval

_WAITING = {
    "budget": "waiting for the call budget",
    "retry_after": "waiting out the provider's Retry-After (429)",
    "backoff": "waiting to retry a failed call",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tenant", help="tenant id to ingest")
    add_common_arguments(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the final report as JSON on stdout, with recorded: whether the run's "
        "end was written in its job record (when no run took place, e.g. "
        'another run holds the lease: {"error": {"code", "message"}}, exit code 2)',
    )
    parser.add_argument(
        "--allow-mass-delete",
        action="store_true",
        help="lift the mass-deletion guard for this run: it may soft-delete more than "
        "TICKETD_MAX_DELETE_FRACTION of the tenant's live tickets",
    )
    parser.epilog = (
        "SIGINT (Ctrl-C) or SIGTERM cancels the run at the next page boundary (exit code "
        "1); a second one stops the command at once (its stop forced, as serve's). One "
        "received before the run started, from ticketd's first line on (while it still "
        "loads), starts none: error 'interrupted', exit code 2; only one in the first "
        "~0.1 s, while the interpreter starts and imports ticketd's command line, has "
        "the system's default effect (the process ends, no run). Once the run is "
        "over, signals are ignored. A run whose end the database refused (frozen, full) "
        "is said not recorded (its record still running, its lease held until its TTL): "
        "exit code 1."
    )


def run(args: argparse.Namespace) -> int:
    # ``ticketd.cli.main`` notes SIGINT and SIGTERM from its first line (so
    # a signal while the command was imported is never fatal nor lost);
    # ingest_once acts on them (no run yet: none is started; else the run
    # is cancelled), then ignores them once it is over.
    try:
        return _run(args)
    except TicketdError as exc:
        if args.json:  # one document for a --json consumer, not an empty stdout
            error = {"error": {"code": exc.code, "message": exc.message}}
            _print_json(error)
        raise  # the one line on stderr and the exit code, as for every command


def _print_json(body: dict[str, Any]) -> None:
    sys.stdout.write(orjson.dumps(body, option=orjson.OPT_INDENT_2).decode() + "\n")
    sys.stdout.flush()


def _run(args: argparse.Namespace) -> int:
    tenant = validate_tenant_id(args.tenant, name="tenant")
    settings = settings_from_args(args)
    warn_unknown_environment("ingest")
    prepare_database("ingest", settings.db, create=True)
    configure_logging("WARNING" if sys.stderr.isatty() else settings.log_level, settings.log_format)
    human = sys.stderr if args.json else sys.stdout
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        outcome = runner.run(
            ingest_once(settings, tenant, out=human, allow_mass_delete=args.allow_mass_delete)
        )
    report = outcome.view
    if args.json:
        _print_json({**job_json(report), "recorded": outcome.recorded})
    note = foreign_feed_note(report)
    if note:
        sys.stderr.write(f"ticketd ingest: note: {note}\n")
    return 0 if report.status == "completed" and outcome.recorded else 1


def foreign_feed_note(view: JobView) -> str | None:
    """A note when a completed run met no ticket of its tenant (a mistyped
    tenant id otherwise looks like a success that skipped the feed)."""
    c = view.report
    if view.status != "completed" or c.fetched > c.skipped:
        return None
    return (
        f"the feed had no ticket of tenant {view.tenant_id} "
        f"({c.skipped} tickets of other tenants skipped); is the tenant id right?"
    )


@attrs.frozen
class IngestOutcome:
    """What ``ingest_once`` ended with."""

    view: JobView  # the run's final progress view, as this process saw it
    recorded: bool  # whether its end was written in its job record


async def ingest_once(
    settings: Settings, tenant: str, *, out: TextIO, allow_mass_delete: bool = False
) -> IngestOutcome:
    """Run one ingestion for ``tenant``; returns its final progress view
    and whether its end was recorded. SIGINT (Ctrl-C) or SIGTERM cancels
    the run gracefully (at the next page boundary; a wait on the provider
    stops at once): it ends ``cancelled``, its lease released, and the
    summary is printed. A second one stops at once, as ``serve``'s does:
    the wait for the run's end is given up and the daemon's stop is forced
    (the run's end is then written only if the database takes it in the
    few seconds that leaves). One received before the run's start was
    asked for (while the daemon starts, or before this was called) starts
    none: raises ``TicketdError`` (code ``interrupted``) once what was
    started is stopped. When the database refused the run's end (a frozen
    database, a full disk), the summary says so: the job record still says
    ``running`` and the tenant's lease runs out after its TTL.
    ``allow_mass_delete`` lifts the mass-deletion guard for this run."""
    loop = asyncio.get_running_loop()
    received: list[int] = []
    starting = False  # the run's start was asked for
    accepted: RunAccepted | None = None
    cancelling: list[asyncio.Task[None]] = []
    stopping = False  # the run ended (or the wait for it was given up)
    forced = asyncio.Event()  # a second signal, or one while stopping: stop now

    def cancel() -> None:
        if accepted is not None and not cancelling:
            cancelling.append(loop.create_task(_cancel(ingestion, accepted.job_id)))

    def on_signal(signum: int) -> None:
        received.append(signum)
        name = signal.Signals(signum).name
        if len(received) > 1 or stopping:
            if not forced.is_set():
                sys.stderr.write(f"ticketd ingest: {name} received: stopping now\n")
            forced.set()
            daemon.force_shutdown()
        elif not starting:
            sys.stderr.write(f"ticketd ingest: {name} received: no run will be started\n")
        else:
            sys.stderr.write(f"ticketd ingest: {name} received: cancelling the run\n")
            cancel()
        sys.stderr.flush()

    daemon = Daemon(settings, serve_http=False, deliver_notifications=False)
    try:
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, on_signal, signum)
        for signum in take_noted():
            on_signal(signum)
        # One received before this was called starts nothing; one while
        # the daemon starts takes effect once it is up (a half-started
        # daemon is not torn down twice).
        if not received:
            await daemon.start()
        ingestion = daemon.ingestion
        if received:
            raise TicketdError(
                f"{signal.Signals(received[0]).name} received before the run started: "
                "no run took place",
                code="interrupted",
            )
        assert ingestion is not None
        starting = True
        accepted = await ingestion.start_run(tenant, allow_mass_delete=allow_mass_delete)
        if received:  # during the start: the run is cancelled at once
            cancel()
        tty = out.isatty()
        stop_waiting = asyncio.ensure_future(forced.wait())
        try:
            while not accepted.finished.done() and not forced.is_set():
                if tty:
                    _draw(out, await ingestion.job_progress(accepted.job_id))
                await asyncio.wait(
                    {accepted.finished, stop_waiting},
                    timeout=_REFRESH_SECONDS,
                    return_when=asyncio.FIRST_COMPLETED,
                )
        finally:
            stop_waiting.cancel()
        if not forced.is_set():
            await asyncio.gather(*cancelling, return_exceptions=True)
    finally:
        stopping = True
        try:
            if daemon.started:
                await daemon.stop()
        finally:
            # A late signal, once stopped, must not kill the process on
            # its way out; the loop's handlers go.
            ignore_stop_signals(loop)
    # A forced stop left the run's end (its try to record it, bounded by
    # the database's deadline) to finish on its own.
    assert accepted is not None
    view = await accepted.finished
    recorded = accepted.recorded.is_set()
    if tty:
        _draw(out, view)
        out.write("\n")
    _summary(out, view)
    if not recorded:
        out.write(
            f"not recorded: the database refused the end of the run, so its job record "
            f"still says running and the lease on {view.tenant_id} is held until it runs "
            f"out (TICKETD_LOCK_TTL_SECONDS, {settings.lock_ttl_seconds:g} s); then a "
            "daemon's sweep ends the record as interrupted\n"
        )
    out.flush()
    return IngestOutcome(view, recorded)


async def _cancel(ingestion: IngestionCommands, job_id: str) -> None:
    """Cancel the run; one that ended meanwhile needs none."""
    with contextlib.suppress(Conflict, NotFound):
        await ingestion.cancel_run(job_id)


def progress_line(view: JobView) -> str:
    """The progress bar's text: bar, pages, counts, and what the run waits
    for when it waits."""
    width = 30
    done = int(width * view.progress / 100)
    counts = view.report
    pages = f"{view.processed_pages}/{view.total_pages or '?'} pages"
    waiting = _WAITING.get(view.waiting or "", "")
    return (
        f"[{'#' * done}{'.' * (width - done)}] {view.progress:5.1f}%  {pages}  "
        f"created {counts.created}  updated {counts.updated}" + (f"  {waiting}" if waiting else "")
    )


def _draw(out: TextIO, view: JobView) -> None:
    # Clear to the end of the line: a shorter line must not leave the
    # tail of a longer one (a waiting note that went away).
    out.write(f"\r{progress_line(view)}\x1b[K")
    out.flush()


def _summary(out: TextIO, view: JobView) -> None:
    c = view.report
    out.write(
        f"{view.tenant_id}: {view.status} in {c.duration_seconds:.1f} s, "
        f"{c.pages} pages, {c.api_calls} calls ({c.retries} retries); "
        f"waited {c.budget_wait_seconds:.1f} s for the call budget, "
        f"{c.throttled_seconds:.1f} s on the provider's 429s; created {c.created}, "
        f"updated {c.updated}, unchanged {c.unchanged}, deleted {c.deleted}, "
        f"restored {c.restored}, skipped {c.skipped}, errors {c.errors}, "
        f"notifications queued {c.notifications_queued}\n"
    )
    if view.error:
        out.write(f"error: {view.error}\n")
