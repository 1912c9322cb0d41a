"""PostgreSQL backend for the embedded default: starts the private server on first connection.

Starting lazily keeps commands that never touch the database (``manage.py extract``) from paying
for a server start, while everything else behaves exactly like the stock PostgreSQL backend.
"""

from __future__ import annotations

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        from config.embedded import ensure_server

        host, port = ensure_server(settings.VAR_DIR, settings.EMBEDDED_DATABASE_NAME)
        params = super().get_connection_params()
        params["host"] = host
        params["port"] = port
        return params
