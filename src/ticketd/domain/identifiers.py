"""Identifiers the API, the CLI and the settings accept: tenant ids and
job ids. One rule each, so a command line, a query parameter and a
settings file accept and refuse the same values (the settings word their
own messages, naming the setting).

A missing value raises ``Unprocessable`` (the API answers 422); a value
that does not match raises ``InvalidInput`` (400). Ticket ids have their
own rule, ``ticketd.domain.ticket.external_id_problem``.
"""

from __future__ import annotations

import re

from ticketd.errors import InvalidInput, Unprocessable

__all__ = ["JOB_ID_PATTERN", "TENANT_ID_PATTERN", "validate_job_id", "validate_tenant_id"]

TENANT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
JOB_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")  # uuid4().hex


def validate_tenant_id(value: str | None, *, name: str = "tenant_id") -> str:
    """``value`` if it is a tenant id; ``name`` is what the message calls it
    (``tenant`` on the command line)."""
    if value is None or value == "":
        raise Unprocessable(f"{name} is required")
    # fullmatch: with match, "$" would also accept a trailing newline.
    if not TENANT_ID_PATTERN.fullmatch(value):
        raise InvalidInput(f"{name} must match {TENANT_ID_PATTERN.pattern}")
    return value


def validate_job_id(value: str) -> str:
    """``value`` if it is a job id: 32 lower-case hexadecimal characters."""
    if not JOB_ID_PATTERN.fullmatch(value):
        raise InvalidInput("job_id must be 32 lower-case hexadecimal characters")
    return value
