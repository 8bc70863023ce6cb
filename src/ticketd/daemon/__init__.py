"""The process: settings, wiring (``ticketd.daemon.service.Daemon``),
signals, sd_notify, and the commands that run it (serve, ingest, stats,
demo). Only the settings are re-exported here, so that importing them does
not pull in the whole service."""

from ticketd.daemon.settings import Settings, TokenGrant, load_settings

__all__ = ["Settings", "TokenGrant", "load_settings"]
