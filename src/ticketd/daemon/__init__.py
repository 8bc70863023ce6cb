"""The process: ``ticketd.daemon.process.Daemon`` wires the store, the
actors, the application layer and the HTTP server (``wiring``,
``listening``), and shuts them down in reverse order (``shutdown``); it
owns signals and sd_notify. The commands that run it live here too
(``cli``: serve; ``ingest_cli``, ``stats_cli``, ``db_cli``, ``demo``)."""
