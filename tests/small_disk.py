"""A small file system of a test's own, to fill for real: a tmpfs mounted
under the test's directory (root only: the test is skipped elsewhere),
unmounted after."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["fill_disk", "small_disk"]


@contextlib.contextmanager
def small_disk(path: Path, size: str = "2m") -> Iterator[Path]:
    """Mount a tmpfs of ``size`` at ``path`` (created); skip the test when
    this process may not mount one."""
    path.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill_disk(directory: Path) -> Path:
    """Write a file in ``directory`` until its file system is full; returns
    the file (delete it to free the space)."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as f:
        for block in (65536, 512):
            with contextlib.suppress(OSError):
                while True:
                    try:
                        f.write(b"\0" * block)
                    except OSError as exc:
                        assert exc.errno == errno.ENOSPC, exc
                        raise
    return filler
