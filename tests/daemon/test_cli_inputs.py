"""What an operator mistypes reaches them as one clear line: a file that
is not a database, a tenant the store or the feed does not know."""

from __future__ import annotations

import asyncio

import pytest

from ticketd.daemon.service import free_port


async def _finish(process, timeout: float = 60) -> tuple[str, str]:
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    return (stdout or b"").decode(), stderr.decode()


@pytest.mark.parametrize("content", [b"x", b"\n", b"my notes, not a database\n"])
@pytest.mark.parametrize("command", ["serve", "ingest", "stats"])
async def test_a_file_that_is_not_a_database_is_refused_untouched(
    tmp_path, run_command, command, content
):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    args = {
        "serve": ["serve", "--port", str(free_port())],
        "ingest": ["ingest", "tenant_a", "--external-url", f"http://127.0.0.1:{free_port()}"],
        "stats": ["stats", "tenant_a"],
    }[command]
    process = await run_command(*args, "--db", f"sqlite:///{notes}")
    stdout, stderr = await _finish(process)
    assert process.returncode == 2, stderr
    assert stdout == ""
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert f"{notes}: is not a SQLite database" in last and "--db" in last, stderr
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("TICKETD_DB_TIMEOUT_SECONDS", "inf"),
        ("TICKETD_DB_TIMEOUT_SECONDS", "nan"),
        ("TICKETD_SHUTDOWN_TIMEOUT_SECONDS", "nan"),
        ("TICKETD_RATE_LIMIT_WINDOW_SECONDS", "nan"),
    ],
)
async def test_a_setting_that_is_not_finite_is_one_line_and_exit_code_2(
    tmp_path, run_command, variable, raw
):
    for args in (["stats", "tenant_a"], ["serve", "--port", str(free_port())]):
        process = await run_command(*args, env={variable: raw})
        _, stderr = await _finish(process)
        assert process.returncode == 2, stderr
        assert "Traceback" not in stderr
        name = variable.removeprefix("TICKETD_").lower()
        assert (
            stderr.strip()
            .splitlines()[-1]
            .endswith(f"setting {name}: must be a finite number, got {raw!r}")
        ), stderr
