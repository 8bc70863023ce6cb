"""The exceptions ticketd raises on purpose.

Every error a caller can act on is a ``TicketdError``; the HTTP layer maps
each subclass to one status code (``ticketd.http.errors``). Anything else
escaping a handler is a bug and becomes an opaque 500.
"""

from __future__ import annotations

__all__ = [
    "ActorStopped",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "LeaseLost",
    "NotFound",
    "ProviderError",
    "RateLimited",
    "TicketdError",
    "Unauthorized",
    "Unavailable",
    "Unprocessable",
    "error_text",
]


def error_text(exc: BaseException) -> str:
    """What went wrong, for a log line or a message: a ``TicketdError``'s
    message, another exception's text; never empty (an exception without
    text, a bare ``TimeoutError`` of a deadline, is named by its type)."""
    text = exc.message if isinstance(exc, TicketdError) else str(exc)
    return text or type(exc).__name__


class TicketdError(Exception):
    """Base of ticketd's own errors; ``code`` is the stable machine name."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidInput(TicketdError):
    """A request or setting is malformed (HTTP 400)."""

    code = "invalid_input"


class Unprocessable(TicketdError):
    """A request is well formed but a required value is missing or out of
    range (HTTP 422)."""

    code = "unprocessable"


class Unauthorized(TicketdError):
    """No or unknown credentials (HTTP 401)."""

    code = "unauthorized"


class Forbidden(TicketdError):
    """Valid credentials that do not cover the resource (HTTP 403)."""

    code = "forbidden"


class NotFound(TicketdError):
    """The resource does not exist for this caller (HTTP 404)."""

    code = "not_found"


class Conflict(TicketdError):
    """The request conflicts with current state, e.g. a run already active
    (HTTP 409)."""

    code = "conflict"


class RateLimited(TicketdError):
    """Too many requests (HTTP 429); ``retry_after`` in seconds."""

    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(TicketdError):
    """A dependency is down or the service is shutting down (HTTP 503)."""

    code = "unavailable"


class ProviderError(TicketdError):
    """The ticket provider failed in a way retries did not cure;
    ``status``: the HTTP status it answered, None without an answer."""

    code = "provider_error"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message, code=code)
        self.status = status


class LeaseLost(TicketdError):
    """The tenant lease expired or was taken over; the holder must stop
    writing at once."""

    code = "lease_lost"


class ActorStopped(TicketdError):
    """The actor was stopped before it could answer (HTTP 503)."""

    code = "actor_stopped"
