"""A faithful mock of the ticket provider API (its ticket and notify
endpoints, and a control surface for tests), with
knobs for testing: seeded data, rate limit, notify failures, mutations and
one-shot faults. Start it in-process with ``make_app(MockSettings(...))`` or
as ``ticketd mock-api``; see docs/mock-api.md."""

from ticketd.mockapi.app import make_app
from ticketd.mockapi.data import DataSet, MockTicket, generate_tickets, load_tickets
from ticketd.mockapi.faults import Fault
from ticketd.mockapi.notify import NotificationRecord
from ticketd.mockapi.provider import PROVIDER, MockProvider
from ticketd.mockapi.settings import DEFAULT_TENANTS, MockSettings

__all__ = [
    "DEFAULT_TENANTS",
    "PROVIDER",
    "DataSet",
    "Fault",
    "MockProvider",
    "MockSettings",
    "MockTicket",
    "NotificationRecord",
    "generate_tickets",
    "load_tickets",
    "make_app",
]
