"""/healthz, which docker compose and load balancers poll."""

import os
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

# What the image's HEALTHCHECK sends: the container's own address, not the site's name.
CONTAINER_HOST = "127.0.0.1:8000"


def test_healthz_answers_ok_after_asking_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_whatever_the_host_while_other_pages_refuse_it(client, db, settings):
    settings.ALLOWED_HOSTS = ["trygghet.huddinge.se"]
    response = client.get(reverse("healthz"), HTTP_HOST=CONTAINER_HOST)
    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.get(reverse("home"), HTTP_HOST=CONTAINER_HOST).status_code == 400
    assert client.get(reverse("healthz") + "/", HTTP_HOST=CONTAINER_HOST).status_code == 400
    assert client.get(reverse("home"), HTTP_HOST="trygghet.huddinge.se").status_code == 200


def test_healthz_reports_an_unreachable_database():
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="trygghet.huddinge.se",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing",
        DJANGO_SETTINGS_MODULE="huddinge_safety.settings",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.test import Client; "
            f"r = Client().get('/healthz', HTTP_HOST='{CONTAINER_HOST}'); "
            "print(r.status_code, r.content.decode())",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr


def test_healthz_accepts_only_get_and_head(client, db):
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405
