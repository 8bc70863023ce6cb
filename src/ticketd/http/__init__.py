"""The HTTP shell: application factory, routes, parameter validation,
JSON presentation, error mapping."""

from ticketd.http.app import make_app

__all__ = ["make_app"]
