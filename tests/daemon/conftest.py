"""Fixtures for the command-line process tests."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

import pytest

# Nothing of the developer's environment may choose the database or the port.
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("TICKETD_")}


@pytest.fixture
async def run_command(tmp_path):
    """Start ``python -m ticketd ARGS`` in ``tmp_path`` (the working
    directory, so default paths land there); killed at teardown."""
    processes: list[asyncio.subprocess.Process] = []

    async def spawn(
        *args: str, env: dict[str, str] | None = None, stdout: int | None = None, **popen: Any
    ) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "ticketd",
            *args,
            stdout=asyncio.subprocess.PIPE if stdout is None else stdout,
            stderr=asyncio.subprocess.PIPE,
            env={**CLEAN_ENV, **(env or {})},
            cwd=tmp_path,
            **popen,
        )
        processes.append(process)
        return process

    yield spawn
    for process in processes:
        if process.returncode is None:
            process.kill()
            await process.wait()
