"""What an operator mistypes reaches them as one clear line: a file that
is not a database, a tenant the store or the feed does not know."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from datetime import UTC, datetime

import orjson
import pytest

from ticketd.daemon.listening import free_port


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


def _other_programs_database(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["empty file", "another program's database"])
@pytest.mark.parametrize("command", [["stats", "tenant_a"], ["db", "rebuild-rollups"]])
async def test_a_command_reading_a_database_refuses_one_without_ticketd_tables_untouched(
    tmp_path, run_command, command, kind
):
    """An empty file (0 bytes) or a SQLite database of another program is
    not ticketd's: a command that reads an existing database refuses it
    with one line, exit code 2, and writes no schema into it."""
    path = tmp_path / "empty.db"
    if kind == "empty file":
        path.write_bytes(b"")
    else:
        _other_programs_database(path)
    before = path.read_bytes()
    process = await run_command(*command, "--db", f"sqlite:///{path}")
    stdout, stderr = await _finish(process)
    assert process.returncode == 2, stderr
    assert stdout == "" and "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert f"{path}: is not a ticketd database" in last and "--db" in last, stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


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
            .endswith(f"setting {name} ({variable}): must be a finite number, got {raw!r}")
        ), stderr


@pytest.fixture
async def ingested_database(tmp_path, run_command):
    """A mock provider (60 tickets) and a database holding tenant_a's;
    yields the provider URL and the database URL."""
    provider_port = free_port()
    provider = await run_command("mock-api", "--port", str(provider_port), "--tickets", "60")
    await asyncio.wait_for(provider.stdout.readline(), 30)  # listening
    url = f"http://127.0.0.1:{provider_port}"
    db = f"sqlite:///{tmp_path}/t.db"
    ingest = await run_command("ingest", "tenant_a", "--external-url", url, "--db", db)
    _, stderr = await _finish(ingest)
    assert ingest.returncode == 0, stderr
    assert "note:" not in stderr
    return url, db


async def test_a_mistyped_tenant_is_noted_by_ingest_and_stats(
    tmp_path, run_command, ingested_database
):
    url, db = ingested_database
    ingest = await run_command("ingest", "tenant_zz", "--external-url", url, "--db", db, "--json")
    stdout, stderr = await _finish(ingest)
    assert ingest.returncode == 0, stderr
    report = orjson.loads(stdout)
    assert report["status"] == "completed" and report["counts"]["skipped"] > 0
    assert (
        "ticketd ingest: note: the feed had no ticket of tenant tenant_zz "
        f"({report['counts']['skipped']} tickets of other tenants skipped)"
    ) in stderr

    stats = await run_command("stats", "tenant_aa", "--db", db)
    stdout, stderr = await _finish(stats)
    assert stats.returncode == 0, stderr
    assert "tenant tenant_aa: 0 tickets" in stdout
    assert (
        "ticketd stats: note: the store has no tickets for tenant tenant_aa; "
        "did you mean tenant_a?\n"
    ) in stderr

    stats = await run_command("stats", "tenant_a", "--db", db)
    _, stderr = await _finish(stats)
    assert stats.returncode == 0 and "note:" not in stderr, stderr


async def test_a_date_alone_as_to_date_is_the_whole_day(tmp_path, run_command, ingested_database):
    """--from-date D --to-date D counts every ticket of tenant_a created on
    the UTC day D (read from the database itself)."""
    _, db = ingested_database
    with sqlite3.connect(tmp_path / "t.db") as conn:
        rows = conn.execute(
            "SELECT created_at FROM tickets WHERE tenant_id = 'tenant_a' AND deleted_at IS NULL"
        ).fetchall()
    days = Counter(datetime.fromtimestamp(ms / 1000, UTC).date().isoformat() for (ms,) in rows)
    day, count = days.most_common(1)[0]
    stats = await run_command(
        "stats", "tenant_a", "--db", db, "--from-date", day, "--to-date", day, "--json"
    )
    stdout, stderr = await _finish(stats)
    assert stats.returncode == 0, stderr
    body = orjson.loads(stdout)
    assert body["total_tickets"] == count, (days, body["to_date"])
    assert body["to_date"] == f"{day}T23:59:59.999Z"
