"""ticketd: pulls support tickets from a provider, classifies them, alerts on
the urgent ones and serves per-tenant analytics."""

__version__ = "0.1.0"
__all__ = ["__version__"]
