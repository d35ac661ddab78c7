"""Production security: deploy checks, headers, HTTPS, CSP, methods, drafts, error
pages and the admin login's lock-out."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path, reverse

from huddinge_safety.followups.models import FollowUp
from huddinge_safety.programs.models import Program
from huddinge_safety.protocols.models import AgendaItem, Party, Person
from tests.factories import GoalFactory, UserFactory
from tests.public_urls import fill, public_routes

PRODUCTION = {
    "SECRET_KEY": "k3Y-f0r-tests-0nly-8c1f0e7a4b9d2c6e5f3a1b0d9c8e7f6a5b4c3d2e1",
    "ALLOWED_HOSTS": "trygghet.huddinge.se",
}


def run_with(environment, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "SECURE_COOKIES",
            "SECURE_HSTS_SECONDS",
        }
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="huddinge_safety.settings")
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


def security_settings(**environment):
    result = run_with(
        environment,
        "-c",
        (
            "import json, django; from django.conf import settings as s; django.setup(); "
            "print(json.dumps({name: getattr(s, name) for name in ('SECURE_SSL_REDIRECT', "
            "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'DEBUG')}))"
        ),
    )
    return json.loads(result.stdout)


def test_deploy_check_has_no_warnings_with_production_settings():
    result = run_with(PRODUCTION, "manage.py", "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_is_https_only_and_local_development_is_not():
    assert security_settings(**PRODUCTION) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "DEBUG": False,
    }
    # make run: DEBUG on plain http://127.0.0.1:8000
    assert security_settings(DEBUG="true") == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "DEBUG": True,
    }
    # docker compose on http://127.0.0.1:8000
    plain_http = security_settings(
        **PRODUCTION, SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false"
    )
    assert (plain_http["SECURE_SSL_REDIRECT"], plain_http["SESSION_COOKIE_SECURE"]) == (
        False,
        False,
    )


def test_plain_http_is_redirected_to_https_except_the_health_check(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    response = client.get("/sammantraden/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/sammantraden/"
    assert client.get(reverse("healthz")).status_code == 200


def test_security_headers_on_public_pages(client, demo):
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_cookies_are_secure_and_http_only_in_production(client, db):
    response = client.get(reverse("admin:login"), secure=True)
    assert response.cookies["csrftoken"]["secure"] is True
    assert settings.SESSION_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event handler and
    style attributes, style elements."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [
            f"{tag} {name}=" for name in attributes if name == "style" or name.startswith("on")
        ]


def public_pages():
    """A real URL of every kind of public page, from the demo data."""
    follow_up = FollowUp.objects.published().first()
    item = AgendaItem.objects.filter(notes__isnull=False).first()
    return [
        reverse("home"),
        reverse("search") + "?q=trygghet",
        follow_up.program.get_absolute_url(),
        GoalFactory(area=follow_up.program.areas.first()).get_absolute_url(),
        follow_up.get_absolute_url(),
        reverse("protocols:meetings"),
        item.meeting.get_absolute_url(),
        item.meeting.body.get_absolute_url(),
        item.get_absolute_url(),
        Person.objects.first().get_absolute_url(),
        Party.objects.first().get_absolute_url(),
        "/finns-inte/",
    ]


def test_no_page_needs_inline_script_or_style(client, admin_client, demo):
    pages = [(client, url) for url in public_pages()]
    pages += [(client, reverse("admin:login")), (admin_client, reverse("admin:index"))]
    for user_client, url in pages:
        response = user_client.get(url)
        assert response.status_code in (200, 404), url
        finder = InlineCodeFinder()
        finder.feed(response.content.decode())
        assert finder.found == [], url


@pytest.mark.parametrize("route", public_routes())
def test_every_public_url_refuses_to_change_anything(client, demo, route):
    url = fill(route, lambda converter: "1")
    for method in (client.post, client.put, client.delete, client.patch):
        assert method(url).status_code == 405, (method.__name__, url)


@pytest.fixture
def draft(demo):
    program = Program.objects.get()
    return FollowUp.objects.create_for_year(program, 2020, summary="Hemligt utkast.")


@pytest.mark.parametrize("who", ["anonymous", "user", "staff_without_permission"])
def test_drafts_are_not_found_by_anyone_without_permission(client, draft, who):
    if who == "user":
        client.force_login(UserFactory(is_staff=False))
    elif who == "staff_without_permission":
        client.force_login(UserFactory())
    for status in FollowUp.Status.DRAFT, FollowUp.Status.SUBMITTED, FollowUp.Status.APPROVED:
        FollowUp.objects.filter(pk=draft.pk).update(status=status)
        for url in (
            draft.get_absolute_url(),
            reverse("followups:report_pdf", args=[draft.program_id, draft.year]),
        ):
            response = client.get(url)
            assert response.status_code == 404, (status, url)
            assert "Hemligt utkast" not in response.content.decode()
        pdf = client.get(reverse("followups:draft_pdf", args=[draft.pk]))
        assert pdf.status_code in (302, 403)


def test_not_found_page_is_swedish_and_tells_nothing_about_the_request(client, demo):
    program = Program.objects.get()
    response = client.get(reverse("followups:report", args=[program.pk, 2030]) + "?x=<script>")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Sidan finns inte" in text
    assert '<html lang="sv">' in text
    for leak in ("Traceback", "Http404", "No FollowUp", "uppfoljning/2030", "script"):
        assert leak not in text


def broken_view(request):
    raise RuntimeError("hemlig detalj från databasen")


urlpatterns = [path("trasig/", broken_view)]


@pytest.mark.urls(__name__)
def test_server_error_page_is_swedish_and_tells_nothing(db):
    response = Client(raise_request_exception=False).get("/trasig/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Något gick fel" in text
    assert '<html lang="sv">' in text
    assert "hemlig detalj" not in text
    assert "RuntimeError" not in text


def test_server_error_page_renders_without_context_or_database():
    # Without the db fixture any database access here would fail the test.
    assert "Något gick fel" in render_to_string("500.html")


def log_in(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def test_admin_login_locks_out_after_repeated_failures(client, db):
    UserFactory(username="tjansteperson", password="ratt-losenord-123")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "tjansteperson", "fel")
        assert response.status_code == 200
        assert "lösenord för ett personalkonto" in response.content.decode()

    locked = log_in(client, "tjansteperson", "fel")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Inloggningen är tillfälligt spärrad" in text
    assert f"fel användarnamn eller lösenord {settings.AXES_FAILURE_LIMIT} gånger" in text
    assert "Försök igen om 30 minuter" in text

    # Now even the right password is refused from this address.
    assert log_in(client, "tjansteperson", "ratt-losenord-123").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, db):
    UserFactory(username="tjansteperson", password="ratt-losenord-123")
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert log_in(client, "tjansteperson", "fel").status_code == 200
        assert log_in(client, "tjansteperson", "ratt-losenord-123").status_code == 302
        client.logout()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_a_login_with_a_refused_or_missing_next_lands_on_the_admin_index(client, db, next_url):
    UserFactory(username="tjansteperson", password="ratt-losenord-123")
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": "tjansteperson", "password": "ratt-losenord-123", "next": next_url},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert response.status_code == 200
