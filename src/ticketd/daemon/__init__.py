"""The process: wiring (``ticketd.daemon.service.Daemon``), signals,
sd_notify, and the commands that run it (serve, ingest, stats, demo,
db rebuild-rollups)."""
