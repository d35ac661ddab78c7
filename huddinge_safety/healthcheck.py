"""The container's health check (the image's HEALTHCHECK): GET /healthz, exit 0
if it answers 200.

It names the site as its Host, the first of ``ALLOWED_HOSTS``, since Django
answers any other host with 400; run inside the container, it reaches the
server by its local address. Plain Python, so that it starts fast and needs
no settings."""

import os
import sys
import urllib.request

URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def allowed_host(allowed_hosts):
    """A host name that the comma-separated ``allowed_hosts`` admits."""
    first = allowed_hosts.split(",")[0].strip()
    # ".example.se" admits example.se; "*" admits any.
    return first.lstrip(".") if first not in ("", "*") else "localhost"


def main():
    host = allowed_host(os.environ.get("ALLOWED_HOSTS", ""))
    # Our own server's http URL, from the image or the tests.
    request = urllib.request.Request(URL, headers={"Host": host})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"{URL} as {host}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
