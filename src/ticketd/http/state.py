"""Typed application-state keys: the settings and the application-layer
objects the handlers call."""

from __future__ import annotations

from aiohttp import web

from ticketd.app import HealthChecks, IngestionCommands, NotificationAdmin, TenantQueries
from ticketd.metrics import Metrics
from ticketd.settings import Settings

__all__ = ["HEALTH", "INGESTION", "METRICS", "NOTIFICATIONS", "QUERIES", "SETTINGS"]

SETTINGS = web.AppKey("settings", Settings)
INGESTION = web.AppKey("ingestion", IngestionCommands)
QUERIES = web.AppKey("queries", TenantQueries)
NOTIFICATIONS = web.AppKey("notifications", NotificationAdmin)
HEALTH = web.AppKey("health", HealthChecks)
METRICS = web.AppKey("metrics", Metrics)
