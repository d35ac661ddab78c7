"""What `make bench` and `make loadtest` share: a fresh PostgreSQL database, a
gunicorn on the loopback interface, wrk runs, and worker memory.

Everything here talks to 127.0.0.1 only, and every process it starts is
stopped by its own process id."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def environment(database_url, **extra):
    """Production settings on plain http, for a server on 127.0.0.1."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=os.environ.get("SECRET_KEY") or "benchmark-only-not-a-secret-" + "x" * 30,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DJANGO_SETTINGS_MODULE="huddinge_safety.settings",
        **extra,
    )
    return env


def recreate_database(database_url):
    """Drop and create the database of ``database_url`` (PostgreSQL only)."""
    url = urlsplit(database_url)
    if not url.scheme.startswith("postgres"):
        sys.exit(f"Needs a PostgreSQL database URL, not {database_url}")
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args):
    """Run a management command; returns its standard output."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout


@contextmanager
def gunicorn(env, port, workers=2):
    """A gunicorn with ``workers`` sync workers on 127.0.0.1:``port``, ready to serve."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "huddinge_safety.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("gunicorn did not start")
                time.sleep(0.3)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=60)


def worker_rss_mb(server):
    """Resident memory of each worker (child process) of a gunicorn master, in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if int(fields["PPid"]) == server.pid:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def wrk(url, *, seconds, connections, threads=2, script=None, timeout="30s"):
    """Drive ``url`` with wrk for ``seconds``; returns requests/s and error counts."""
    assert urlsplit(url).hostname == HOST, "benchmarks only ever load the loopback interface"
    # Browsers accept gzip, so the benchmark does too.
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}",
        "-H",
        "Accept-Encoding: gzip, deflate, br",
    ]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], check=True, stdout=subprocess.PIPE, text=True, timeout=seconds + 120
    ).stdout
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "output": output,
    }
