"""Pure logic, no I/O: the ticket model, classification, change detection,
the circuit breaker, backoff and rate-limit math, identifier rules, the
run report and progress view."""

from ticketd.domain.backoff import Backoff
from ticketd.domain.breaker import BreakerSnapshot, CircuitBreaker
from ticketd.domain.changes import Change, idempotency_key, plan_change
from ticketd.domain.classifier import RULESET_VERSION, classify
from ticketd.domain.ratelimit import SlidingWindow
from ticketd.domain.report import JobView, RunReport, job_view
from ticketd.domain.ticket import Classification, ProviderTicket, Ticket

__all__ = [
    "RULESET_VERSION",
    "Backoff",
    "BreakerSnapshot",
    "Change",
    "CircuitBreaker",
    "Classification",
    "JobView",
    "ProviderTicket",
    "RunReport",
    "SlidingWindow",
    "Ticket",
    "classify",
    "idempotency_key",
    "job_view",
    "plan_change",
]
