"""Django's PostgreSQL backend with two conveniences for a new checkout or server:

- the database is created when the server has none of that name yet, so that
  ``DATABASE_URL=postgres://…/newdb make run`` works on an empty server;
- a server that cannot be reached at all raises ``ServerUnreachable``, whose
  message is one line (manage.py prints just that line).
"""

import contextlib

from django.db.backends.postgresql import base
from django.db.utils import OperationalError
from django.utils.translation import gettext
from psycopg import errors, sql


class ServerUnreachable(OperationalError):
    """The PostgreSQL server refused or never answered a connection."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason

    def __str__(self):
        # Translated when shown, not when raised: migrate and other commands run with
        # translations deactivated, and manage.py shows the message after they end.
        return gettext("Cannot connect to the PostgreSQL server: %(reason)s") % {
            "reason": self.reason
        }


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except self.Database.OperationalError as error:
            if not self.create_missing_database(conn_params, error):
                raise
        return super().get_new_connection(conn_params)

    def create_missing_database(self, conn_params, error):
        """Creates the database of ``conn_params`` if the server answers and has none
        of that name. Returns whether it did; raises ``ServerUnreachable`` when the
        server cannot be reached."""
        name = conn_params["dbname"]
        try:
            # The maintenance database every PostgreSQL server has.
            server = self.Database.connect(**{**conn_params, "dbname": "postgres"}, autocommit=True)
        except self.Database.OperationalError as unreachable:
            # psycopg's first line says where and why, e.g. "Connection refused".
            reason = str(unreachable).splitlines()[0]
            raise ServerUnreachable(reason) from error
        with server:
            if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                return False
            # Another process may create it in the meantime.
            with contextlib.suppress(errors.DuplicateDatabase):
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True
