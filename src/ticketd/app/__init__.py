"""The application layer: what the HTTP shell and the commands ask of
ticketd, one call each. Ingestion commands (start, watch, cancel runs), the
tenant read model, notification administration and health checks. It
talks to the actors and the store and returns records, never JSON; the
daemon wires it."""

from ticketd.app.health import HealthChecks
from ticketd.app.ingestion import CancelReply, IngestionCommands, TenantRunState
from ticketd.app.notifications import NotificationAdmin
from ticketd.app.queries import TenantCounts, TenantQueries

__all__ = [
    "CancelReply",
    "HealthChecks",
    "IngestionCommands",
    "NotificationAdmin",
    "TenantCounts",
    "TenantQueries",
    "TenantRunState",
]
