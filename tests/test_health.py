"""/healthz, which docker compose and load balancers poll."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

SITE = "trygghet.huddinge.se"


def test_healthz_answers_ok_after_asking_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def health_check(url, allowed_hosts):
    """The image's HEALTHCHECK command, run as the container runs it."""
    env = {**os.environ, "HEALTHCHECK_URL": url, "ALLOWED_HOSTS": allowed_hosts}
    return subprocess.run(
        [sys.executable, "-m", "huddinge_safety.healthcheck"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=30,
    )


@pytest.mark.parametrize("allowed_hosts", [SITE, f"{SITE},www.{SITE}", f".{SITE}", "*"])
def test_the_image_health_check_passes_whatever_allowed_hosts_holds(
    live_server, settings, allowed_hosts
):
    settings.ALLOWED_HOSTS = allowed_hosts.split(",")
    assert health_check(f"{live_server.url}/healthz", allowed_hosts).returncode == 0


def test_the_image_health_check_fails_when_the_site_does_not_answer(live_server, settings):
    settings.ALLOWED_HOSTS = [SITE]
    assert health_check(f"{live_server.url}/healthz-not-here", SITE).returncode == 1
    # Under another name than the site's, Django refuses even /healthz.
    assert health_check(f"{live_server.url}/healthz", "127.0.0.1").returncode == 1


def test_healthz_reports_an_unreachable_database():
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS=SITE,
        DATABASE_URL="postgres://nobody@127.0.0.1:9/nothing",
        DJANGO_SETTINGS_MODULE="huddinge_safety.settings",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.test import Client; "
            f"r = Client().get('/healthz', HTTP_HOST='{SITE}'); "
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
