"""The whole-page cache of public pages (huddinge_safety/pagecache)."""

import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.utils import bulk_update_with_history

from huddinge_safety.followups.models import FollowUp, ReportVersion
from huddinge_safety.pagecache.models import ContentVersion, install_content_triggers
from huddinge_safety.protocols.models import AgendaItem
from tests.databases import database_url
from tests.factories import UserFactory


@pytest.fixture
def report(demo):
    return FollowUp.objects.published().get()


@pytest.fixture
def item(demo):
    return AgendaItem.objects.filter(notes__isnull=False).order_by("pk").first()


def cached_get(client, url, django_assert_num_queries):
    """GET ``url`` twice; the second answer must come from the cache, which costs
    only the content-version lookup."""
    first = client.get(url)
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.content == first.content
    return second


def test_second_anonymous_request_is_served_from_the_cache(
    client, report, django_assert_num_queries
):
    response = cached_get(client, report.get_absolute_url(), django_assert_num_queries)
    assert response.status_code == 200
    assert report.summary[:40] in response.content.decode()


@pytest.mark.parametrize("change", ["save", "queryset_update", "bulk_with_history", "raw_sql"])
def test_any_write_to_published_data_shows_on_the_next_request(
    client, item, django_assert_num_queries, change
):
    url = item.get_absolute_url()
    cached_get(client, url, django_assert_num_queries)
    decision = f"Nytt beslut via {change}."
    if change == "save":
        item.decision = decision
        item.save()
    elif change == "queryset_update":
        AgendaItem.objects.filter(pk=item.pk).update(decision=decision)
    elif change == "bulk_with_history":
        item.decision = decision
        bulk_update_with_history([item], AgendaItem, ["decision"])
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {AgendaItem._meta.db_table} SET decision = %s WHERE id = %s",
                [decision, item.pk],
            )
    assert decision in client.get(url).content.decode()


def test_a_deleted_record_is_gone_on_the_next_request(client, item, django_assert_num_queries):
    note = item.notes.first()
    note.body = "Denna anteckning tas snart bort."
    note.save()
    url = item.get_absolute_url()
    assert note.body in cached_get(client, url, django_assert_num_queries).content.decode()
    note.delete()
    assert note.body not in client.get(url).content.decode()


def correct(follow_up, summary):
    """Issue a correction: the only way a published report changes."""
    content = ReportVersion.objects.freeze(follow_up, None).content
    ReportVersion.objects.freeze(
        follow_up, None, reason="Rättelse.", content={**content, "summary": summary}
    )


def test_a_correction_is_never_served_stale_from_the_cache(
    client, report, django_assert_num_queries
):
    cached_get(client, report.get_absolute_url(), django_assert_num_queries)
    correct(report, "Den rättade sammanfattningen.")
    assert "Den rättade sammanfattningen." in client.get(report.get_absolute_url()).content.decode()


def test_logged_in_users_bypass_the_cache(client, report, django_assert_num_queries):
    url = report.get_absolute_url()
    cached_get(client, url, django_assert_num_queries)
    client.force_login(UserFactory(is_superuser=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) > 2
    assert not response.has_header("ETag")
    ReportVersion.objects.freeze(report, None, reason="Rättad medan en tjänsteperson läste.")
    assert response.content != client.get(url).content


def test_only_gets_are_cached_and_other_methods_are_refused(client, report):
    url = report.get_absolute_url()
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)(url).status_code == 405
    head = client.head(url)
    assert head.status_code == 200
    assert head.has_header("ETag")


def test_admin_and_healthz_are_never_cached(admin_client, db):
    for url in (reverse("admin:index"), reverse("healthz")):
        response = admin_client.get(url)
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("ETag")


def test_conditional_get_answers_304_until_the_page_changes(client, report):
    url = report.get_absolute_url()
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]

    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

    correct(report, "En ny sammanfattning.")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "En ny sammanfattning." in changed.content.decode()


def test_an_unrelated_change_keeps_the_etag_of_an_unchanged_page(client, report):
    url = report.get_absolute_url()
    etag = client.get(url)["ETag"]
    ContentVersion.objects.bump()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_pdf_is_served_from_the_page_cache_with_its_own_etag(
    client, report, django_assert_num_queries
):
    url = reverse("followups:report_pdf", args=[report.program_id, report.year])
    first = client.get(url)
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second.content == first.content
    assert second.content.startswith(b"%PDF")
    for header in ("ETag", "Last-Modified", "Content-Disposition", "Content-Type"):
        assert second[header] == first[header]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    # After an unrelated change the PDF view itself answers from its own version.
    ContentVersion.objects.bump()
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_text_is_served_gzipped_to_clients_that_accept_it(client, report):
    url = report.get_absolute_url()
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in plain["Vary"]
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["ETag"] == "W/" + plain["ETag"]
    for etag in plain["ETag"], packed["ETag"]:
        for encoding in "gzip", "identity":
            assert (
                client.get(
                    url, headers={"If-None-Match": etag, "Accept-Encoding": encoding}
                ).status_code
                == 304
            )
    pdf = client.get(
        reverse("followups:report_pdf", args=[report.program_id, report.year]),
        headers={"Accept-Encoding": "gzip"},
    )
    assert "Content-Encoding" not in pdf
    assert pdf.content.startswith(b"%PDF")


def test_not_found_answers_are_not_cached(client, db):
    url = reverse("followups:program", args=[999999])
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 404
        assert len(queries) > 1


def test_migrate_bumps_the_version_so_a_deploy_never_shows_old_templates(db):
    before = ContentVersion.objects.current()
    install_content_triggers(using="default")
    after = ContentVersion.objects.current()
    assert after.version == before.version + 1
    assert after.token != before.token


def cache_settings(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "REDIS_URL", "DEBUG"}
    }
    env.update(environment, SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="huddinge_safety.settings")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; from django.conf import settings; "
            "django.setup(); print(json.dumps(settings.CACHES['default']))",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return json.loads(result.stdout)


def test_cache_is_local_memory_by_default():
    assert cache_settings()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_cache_is_djangos_redis_cache_when_a_redis_url_is_set(variable):
    config = cache_settings(**{variable: "redis://127.0.0.1:6379/3"})
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://127.0.0.1:6379/3"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_gunicorn_worker_sees_an_edit_on_the_next_request(transactional_db):
    """Two real gunicorn workers, each with its own local-memory cache; the edit
    is made by another process, as an official's save in the admin would be."""
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "CACHE_URL"}}
    env.update(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(),
        REDIS_URL="",
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout

    manage("migrate", "--noinput")
    manage("load_demo")
    item_id = manage(
        "shell",
        "-c",
        "from huddinge_safety.protocols.models import AgendaItem; "
        "print(AgendaItem.objects.order_by('pk').first().pk)",
    ).split()[-1]
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "huddinge_safety.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        url = f"{base}/arenden/{item_id}/"
        pages = [urllib.request.urlopen(url, timeout=10).read().decode() for _ in range(20)]
        assert all("Beslutet har ändrats" not in page for page in pages)
        manage(
            "shell",
            "-c",
            "from huddinge_safety.protocols.models import AgendaItem; "
            f"AgendaItem.objects.filter(pk={item_id}).update(decision='Beslutet har ändrats.')",
        )
        pages = [urllib.request.urlopen(url, timeout=10).read().decode() for _ in range(20)]
        assert all("Beslutet har ändrats." in page for page in pages)
    finally:
        server.terminate()
        server.wait(timeout=30)
