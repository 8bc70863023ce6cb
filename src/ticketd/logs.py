"""Structured logging: one JSON object per line, carrying the tenant, job
and request in context; plain text when attached to a terminal.

Context travels in ``contextvars`` so every log line written while handling
a request or running a job names them without threading arguments around:

    with log_context(tenant_id="acme", job_id=job_id):
        log.info("page stored", extra={"page": 3})
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson

__all__ = [
    "JsonFormatter",
    "OutageLog",
    "TextFormatter",
    "configure_logging",
    "context_logging",
    "log_context",
    "log_fields",
]

_CONTEXT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "ticketd_log_context", default=None
)
# Attributes every LogRecord has; anything else came in through ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


@contextlib.contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Add ``fields`` to every log line written inside the block."""
    token = _CONTEXT.set(
        {**(_CONTEXT.get() or {}), **{k: v for k, v in fields.items() if v is not None}}
    )
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def log_fields() -> dict[str, Any]:
    """The context fields in force here (to carry them to another task)."""
    return dict(_CONTEXT.get() or {})


def context_logging(fields: Mapping[str, Any]) -> contextvars.Context:
    """A fresh context (for a new task) whose log lines carry ``fields``
    and nothing of the context it is created in."""
    context = contextvars.Context()
    context.run(_CONTEXT.set, {k: v for k, v in fields.items() if v is not None})
    return context


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    out = dict(_CONTEXT.get() or {})
    for key, value in vars(record).items():
        if key not in _STANDARD and not key.startswith("_"):
            out[key] = value
    return out


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "message", ...context, ...extra}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """Human-readable lines for a terminal: time, level, message, fields."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        extra = " ".join(f"{k}={v}" for k, v in _fields(record).items())
        line = f"{stamp} {record.levelname:<7} {record.getMessage()}"
        if extra:
            line = f"{line}  [{extra}]"
        if record.exc_info:
            line = f"{line}\n{self.formatException(record.exc_info)}"
        return line


def configure_logging(level: str = "INFO", fmt: str = "auto", stream: TextIO | None = None) -> None:
    """Send ticketd's logs to ``stream`` (stderr) as JSON or text.

    ``fmt="auto"`` picks text on a terminal and JSON otherwise (systemd's
    journal, files, pipes).
    """
    stream = stream or sys.stderr
    if fmt == "auto":
        fmt = "text" if stream.isatty() else "json"
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # aiohttp's access log duplicates our own request log line.
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


class OutageLog:
    """The log of a failure that a loop retries every second or so: the
    first failure as a warning, then a reminder at most every
    ``every_seconds`` (with the failed attempts since the last line), and
    the recovery once, with how long it lasted; never a line per attempt.
    When nothing was tried for longer than ``every_seconds`` (every caller
    gave up), the outage's end is unknown: the recovery says how long the
    attempts failed and how long nothing was tried, and a failure after
    such a gap first ends the old outage in the log the same way (its end
    unknown, with its own last failure's fields and the failed attempts
    since its last line), then starts a new one. ``monotonic`` is the
    caller's clock."""

    def __init__(
        self,
        logger: logging.Logger,
        message: str,
        *,
        monotonic: Callable[[], float],
        every_seconds: float = 60.0,
    ) -> None:
        self._log = logger
        self._message = message
        self._monotonic = monotonic
        self._every = every_seconds
        self._since: float | None = None  # the outage began
        self._failed = 0.0  # its last failed attempt
        self._logged = 0.0  # its last line
        self._unlogged = 0  # failed attempts since that line
        self._fields: dict[str, Any] = {}  # its last failed attempt's fields

    def failed(self, **fields: Any) -> None:
        """One attempt failed; ``fields`` (the error) go into its line."""
        now = self._monotonic()
        if self._since is not None and now - self._failed > self._every:
            # Nothing tried for a while: a new outage, after the old one's
            # end, logged with the old outage's own fields.
            self._untried_end("end unknown", self._since, now, self._fields)
        self._failed, self._fields = now, fields
        if self._since is None:
            self._since, self._logged, self._unlogged = now, now, 0
            self._log.warning(self._message, extra=fields)
            return
        self._unlogged += 1
        if now - self._logged >= self._every:
            self._log.warning(
                f"{self._message} (still, for {now - self._since:.0f} s)",
                extra={**fields, "failed_attempts": self._unlogged},
            )
            self._logged, self._unlogged = now, 0

    def recovered(self, **fields: Any) -> None:
        """An attempt succeeded: log the end of an outage, if one was on."""
        if self._since is None:
            return
        now, since = self._monotonic(), self._since
        if now - self._failed > self._every:
            self._untried_end("over", since, now, fields)
            return
        self._since = None
        self._log.info(
            f"{self._message}: over after {now - since:.0f} s",
            extra={**fields, "outage_seconds": now - since},
        )

    def _untried_end(self, how: str, since: float, now: float, fields: dict[str, Any]) -> None:
        """End the outage that began at ``since`` after a gap in which
        nothing was tried: how long the attempts failed, how long nothing
        was tried since, and the failed attempts not yet logged."""
        failing, idle = self._failed - since, now - self._failed
        self._since = None
        self._log.info(
            f"{self._message}: {how}; attempts failed for {failing:.0f} s, "
            f"then nothing was tried for {idle:.0f} s",
            extra={
                **fields,
                "outage_seconds": failing,
                "untried_seconds": idle,
                "failed_attempts": self._unlogged,
            },
        )
