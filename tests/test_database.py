"""The database backend: a missing database is created, an unreachable server is
one line of text (huddinge_safety/database)."""

import os
import socket
import subprocess
import sys
import uuid

from django.conf import settings
from django.db import connection

from tests.databases import database_url


def manage(*args, **environment):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**os.environ, **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def database_exists(name):
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_a_missing_database_is_created(db):
    name = f"huddinge_new_{uuid.uuid4().hex[:8]}"
    assert not database_exists(name)
    try:
        result = manage("migrate", "--plan", DATABASE_URL=database_url(name))
        assert result.returncode == 0, result.stderr
        assert "Create model Program" in result.stdout
        assert database_exists(name)
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_an_unreachable_server_is_one_line_without_traceback():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = manage("migrate", DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/huddinge")
    assert result.returncode == 1
    assert result.stderr.startswith("Kan inte ansluta till PostgreSQL-servern: ")
    assert f"port {port} failed: Connection refused" in result.stderr
    assert len(result.stderr.splitlines()) == 1
