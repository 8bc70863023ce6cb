"""The process: settings, wiring, signals, sd_notify, and the commands that
run it (serve, ingest, stats, demo)."""

from ticketd.daemon.service import Daemon
from ticketd.daemon.settings import Settings, load_settings

__all__ = ["Daemon", "Settings", "load_settings"]
