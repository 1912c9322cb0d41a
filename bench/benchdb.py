"""The benchmarks' own databases: each bench creates its database on first use, beside the developer's."""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg


def database_ensure(url: str) -> bool:
    """Create the database `url` names unless it exists; True when it was created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True
