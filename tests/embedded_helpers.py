"""Helpers for tests that run the embedded PostgreSQL in a private var dir."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path


def stop_leftover_server(pgdata: Path) -> None:
    """Stop a server a failed test left running (fast shutdown of its postmaster), whoever owns it."""
    pid_file = pgdata / "postmaster.pid"
    with suppress(FileNotFoundError, ValueError, ProcessLookupError):
        os.kill(int(pid_file.read_text().splitlines()[0]), signal.SIGINT)
        deadline = time.monotonic() + 30
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)


@contextmanager
def private_dir(prefix: str):
    """A directory outside pytest's temporary directory, which each new pytest session makes private
    again: run as root, PostgreSQL runs as another user, which must traverse the path."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield base
    finally:
        stop_leftover_server(base / "var" / "pgdata")
        shutil.rmtree(base, ignore_errors=True)
