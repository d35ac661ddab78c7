"""Test helpers for processes that must use the test suite's database server."""

from urllib.parse import quote

from django.db import connection


def database_url(name=None):
    """A DATABASE_URL for the database ``name`` (default: the test database) on the
    server the tests use, for a manage.py or gunicorn started by a test. The
    embedded server listens on a socket, which goes in the URL's ``host`` option."""
    parameters = connection.get_connection_params()
    user = quote(parameters.get("user", ""), safe="")
    if parameters.get("password"):
        user += ":" + quote(parameters["password"], safe="")
    name = name or parameters["dbname"]
    host, port = str(parameters.get("host", "")), parameters.get("port", "")
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}&port={port}"
    return f"postgres://{user}@{host}:{port}/{name}"
