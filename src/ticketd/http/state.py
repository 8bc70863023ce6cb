"""Typed application-state keys."""

from __future__ import annotations

from aiohttp import web

from ticketd.daemon.services import Services

__all__ = ["SERVICES"]

SERVICES = web.AppKey("services", Services)
