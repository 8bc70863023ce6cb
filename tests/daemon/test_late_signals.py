"""A stop signal once a command's drain is over does not kill it: `serve`
and `demo` exit 0 after a clean stop, however many SIGTERMs
arrive while the process ends (its event loop closing, the interpreter
tearing its modules down: tenths of a second on a busy machine)."""

from __future__ import annotations

import asyncio
import signal

from ticketd.daemon.listening import free_port


async def _until_refused(port: int) -> None:
    """Return once nothing listens on ``port`` any more (within 60 s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while loop.time() < deadline:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return
        writer.close()
        await writer.wait_closed()
        await asyncio.sleep(0.005)
    raise AssertionError(f"port {port} still accepts connections")


async def _sigterms_until_exit(process: asyncio.subprocess.Process) -> int:
    """SIGTERM after SIGTERM, each a few milliseconds after the last, until
    the process ends; returns its exit code."""
    sent = 0
    while process.returncode is None:
        try:
            process.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            break
        sent += 1
        try:
            await asyncio.wait_for(process.wait(), 0.003)
        except TimeoutError:
            pass
    code = await process.wait()
    assert sent >= 1
    return code


async def _line(stream: asyncio.StreamReader, starts: bytes) -> None:
    while True:
        line = await asyncio.wait_for(stream.readline(), 60)
        assert line, f"the process ended before printing {starts!r}"
        if starts in line:
            return


async def test_serve_ignores_signals_after_its_drain(tmp_path, run_command):
    """1. `ticketd serve`; once ready, SIGTERM.
    2. Once it logs "ticketd stopped", SIGTERM every few ms until it ends.
    3. Exit code 0 (was 143: the loop closed, the signal had its default)."""
    serve = await run_command(
        "serve",
        "--port",
        str(free_port()),
        "--db",
        f"sqlite:///{tmp_path}/t.db",
        env={"TICKETD_LOG_FORMAT": "json"},
    )
    await _line(serve.stderr, b'"ticketd ready"')
    serve.send_signal(signal.SIGTERM)
    await _line(serve.stderr, b'"ticketd stopped"')
    assert await _sigterms_until_exit(serve) == 0


async def test_demo_ignores_signals_after_its_drain(tmp_path, run_command):
    """1. `ticketd demo` on a small data set; once it has ingested, SIGTERM.
    2. Once its mock provider stopped listening (the last step), SIGTERM
       every few ms until it ends.
    3. Exit code 0."""
    provider_port = free_port()
    demo = await run_command(
        "demo",
        "--port",
        str(free_port()),
        "--provider-port",
        str(provider_port),
        "--tickets",
        "20",
        "--db",
        f"sqlite:///{tmp_path}/demo.db",
    )
    await _line(demo.stdout, b"Ctrl-C stops the demo")
    demo.send_signal(signal.SIGTERM)
    await _line(demo.stdout, b"Stopping ...")
    await _until_refused(provider_port)
    assert await _sigterms_until_exit(demo) == 0
