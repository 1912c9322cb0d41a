"""The embedded default: with no DATABASE_URL the app runs its own PostgreSQL under var/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.embedded_helpers import private_dir

ROOT = Path(__file__).resolve().parent.parent


SETUP = "import django, os, time; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"


def _embedded_python(tmp_path: Path, *code: str) -> dict:
    """subprocess arguments that run ``code`` in a Django process of this environment without a
    DATABASE_URL: the embedded default, its data under tmp_path."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["COUNTERCLAIM_VAR_DIR"] = str(tmp_path / "var")
    return {"args": [sys.executable, "-c", SETUP + "".join(code)], "cwd": ROOT, "env": env, "text": True}


@pytest.mark.slow
def test_embedded_postgres_starts_migrates_and_stops(tmp_path):
    python = _embedded_python(
        tmp_path,
        "from django.core.management import call_command; call_command('migrate', verbosity=0);",
        "from django.db import connection; c = connection.cursor();",
        "c.execute('select version()'); print(c.fetchone()[0]);",
        "c.execute(\"select similarity('Stepanakert', 'Stepanakerd')\"); print(c.fetchone()[0] > 0.5);",
        "from claims.models import Side; print(Side.objects.count())",
    )
    result = subprocess.run(**python, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    version, trigram, sides = result.stdout.strip().splitlines()[-3:]
    assert version.startswith("PostgreSQL 18")
    assert trigram == "True"
    assert sides == "4"
    # The data lives under the var dir, and the server was stopped when the process exited.
    pgdata = tmp_path / "var" / "pgdata"
    assert (pgdata / "PG_VERSION").exists()
    assert not (pgdata / "postmaster.pid").exists()


@pytest.mark.slow
def test_a_terminated_process_still_stops_its_embedded_server(tmp_path):
    """`kill` (SIGTERM) — how process managers stop a server — must not leave PostgreSQL running."""
    # The first connection comes from another thread, as in runserver with its autoreloader.
    python = _embedded_python(
        tmp_path,
        "import threading; from django.db import connection;",
        "t = threading.Thread(target=lambda: connection.cursor().execute('select 1')); t.start(); t.join();",
        "print('connected', flush=True); time.sleep(120)",
    )
    proc = subprocess.Popen(**python, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == "connected", proc.stderr.read()[-2000:]
        pid_file = tmp_path / "var" / "pgdata" / "postmaster.pid"
        assert pid_file.exists()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
    deadline = time.monotonic() + 30
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not pid_file.exists(), "the embedded PostgreSQL is still running after its only user was terminated"


@pytest.fixture
def private_var():
    with private_dir("cc-embedded-") as base:
        yield base


@pytest.mark.slow
def test_a_holder_killed_outright_does_not_keep_the_server_running(private_var):
    """A process SIGKILLed while it held the server (the OOM killer, the autoreloader's parent) stays
    in embedded-postgres's list of holders; the next one to exit must still stop the server."""
    connect = "from django.db import connection; connection.cursor().execute('select 1');"
    python = _embedded_python(private_var, connect, "print('connected', flush=True); time.sleep(120)")
    killed = subprocess.Popen(**python, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert killed.stdout.readline().strip() == "connected", killed.stderr.read()[-2000:]
    finally:
        killed.kill()
        killed.wait(timeout=30)
    pgdata = private_var / "var" / "pgdata"
    assert str(killed.pid) in (pgdata / ".handle_pids.json").read_text()
    assert (pgdata / "postmaster.pid").exists()

    env = _embedded_python(private_var, connect)["env"]
    env.pop("XDG_RUNTIME_DIR", None)
    result = subprocess.run(**(_embedded_python(private_var, connect) | {"env": env}), capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not (pgdata / "postmaster.pid").exists(), "the server outlived its last live holder"
    assert (pgdata / ".handle_pids.json").read_text().strip() == "[]"
    # Nor does a database command warn about the runtime directory it was not given.
    assert "RuntimeDirWarning" not in result.stderr
