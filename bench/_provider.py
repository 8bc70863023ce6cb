"""The mock provider as a separate process, for the benchmarks (so it does
not share the measured process's CPU)."""

from __future__ import annotations

import asyncio
import sys

import aiohttp

from ticketd.daemon.listening import free_port

__all__ = ["start_provider"]


async def start_provider(
    *flags: str, startup_seconds: float = 60.0
) -> tuple[asyncio.subprocess.Process, str]:
    """Start ``ticketd mock-api`` with ``flags`` on a free port; returns the
    process and its base URL once ``/health`` answers (a big feed takes a
    while to generate, and a busy machine to import: ``startup_seconds``)."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ticketd", "mock-api", "--port", str(port), *flags,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = asyncio.get_running_loop().time() + startup_seconds
    async with aiohttp.ClientSession() as session:
        while asyncio.get_running_loop().time() < deadline:
            try:
                async with session.get(url + "/health") as resp:
                    if resp.status == 200:
                        return process, url
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
    process.kill()
    raise RuntimeError("the mock provider did not start")
