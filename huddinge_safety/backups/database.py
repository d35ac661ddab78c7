"""What backup and restore need to know about the database they work on."""

import os

from django.core.management.base import CommandError
from django.db import connection

# Rebuilt by migrate on the empty database before a restore, so left out of
# JSON backups (their natural keys tie the rest to them); the page cache's
# content version is bumped after every restore instead of restored.
DUMPDATA_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "pagecache"]


def is_postgresql():
    if connection.vendor not in ("postgresql", "sqlite"):
        raise CommandError(
            f"Säkerhetskopior fungerar med PostgreSQL och SQLite, inte {connection.vendor}."
        )
    return connection.vendor == "postgresql"


def postgresql_environment():
    """The environment for pg_dump and pg_restore: libpq reads the connection
    from it, which keeps the password off the command line."""
    database = connection.settings_dict
    variables = {"PGHOST": database["HOST"], "PGPORT": database["PORT"],
                 "PGUSER": database["USER"], "PGPASSWORD": database["PASSWORD"],
                 "PGDATABASE": database["NAME"]}
    return {**os.environ, **{name: str(value) for name, value in variables.items() if value}}
