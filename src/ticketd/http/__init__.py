"""The HTTP shell: application factory, routes, validation, error mapping."""

from ticketd.http.app import make_app
from ticketd.http.state import SERVICES

__all__ = ["SERVICES", "make_app"]
