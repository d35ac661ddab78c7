"""The PostgreSQL client programs backup and restore run, and how they connect."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext

from huddinge_safety import embedded_db


def installed_versions(program):
    """Every ``program`` (pg_dump, pg_restore) found on this machine, by major version:
    the embedded server's, Debian's (one folder per version) and the one on PATH."""
    candidates = [
        embedded_db.POSTGRES_BIN_PATH / program,
        *sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}")),
    ]
    if shutil.which(program):
        candidates.append(Path(shutil.which(program)))
    versions = {}
    for path in candidates:
        if path.is_file():
            # e.g. "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
            output = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
            major = re.search(r"\) (\d+)", output)
            if major:
                versions.setdefault(int(major[1]), path)
    return versions


def client_program(program):
    """The ``program`` of the server's major version, else the oldest newer one:
    pg_dump refuses servers newer than itself, and a pg_restore of a newer major
    version may write commands an older server does not know."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    versions = installed_versions(program)
    suitable = sorted(major for major in versions if major >= server)
    if not suitable:
        message = gettext(
            "%(program)s for PostgreSQL %(version)s is missing; "
            "install PostgreSQL's client programs."
        )
        raise CommandError(message % {"program": program, "version": server})
    return str(versions[suitable[0]])


def postgresql_environment():
    """The environment for pg_dump and pg_restore: libpq reads the connection
    from it, which keeps the password off the command line."""
    parameters = connection.get_connection_params()
    variables = {
        "PGHOST": parameters.get("host"),
        "PGPORT": parameters.get("port"),
        "PGUSER": parameters.get("user"),
        "PGPASSWORD": parameters.get("password"),
        "PGDATABASE": parameters["dbname"],
    }
    return {**os.environ, **{name: str(value) for name, value in variables.items() if value}}
