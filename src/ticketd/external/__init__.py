"""The client for the ticket provider's API: paging, retries, 429 handling."""

from ticketd.external.client import HEALTH_TIMEOUT, NOTIFY_KEY, CallStats, ProviderClient
from ticketd.external.pages import Page, PageLoopGuard, parse_page
from ticketd.external.permits import PermitSource, UnlimitedPermits

__all__ = [
    "HEALTH_TIMEOUT",
    "NOTIFY_KEY",
    "CallStats",
    "Page",
    "PageLoopGuard",
    "PermitSource",
    "ProviderClient",
    "UnlimitedPermits",
    "parse_page",
]
