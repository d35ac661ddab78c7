"""manage.py create_demo_users: two demo users for a newcomer, DEBUG only."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse


def create_demo_users():
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def users():
    return [
        (
            user.username,
            user.is_staff,
            list(user.groups.values_list("name", flat=True)),
            user.password,
            user.last_login,
        )
        for user in User.objects.order_by("username")
    ]


def test_an_official_a_coordinator_and_a_publisher_log_in_with_the_printed_password(db, settings):
    settings.DEBUG = True
    output = create_demo_users()
    assert [(name, staff, groups) for name, staff, groups, *_ in users()] == [
        ("publicerare", True, ["Publicerare"]),
        ("samordnare", True, ["Samordnare"]),
        ("tjansteperson", True, ["Tjänsteperson"]),
    ]
    for username in ("tjansteperson", "samordnare", "publicerare"):
        password = output.split(f"{username} / ")[1].split()[0]
        client = Client()
        response = client.post(reverse("admin:login"), {"username": username, "password": password})
        assert response.status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200
    publisher = User.objects.get(username="publicerare")
    assert publisher.has_perm("followups.publish_followup")
    assert not User.objects.get(username="tjansteperson").has_perm("followups.publish_followup")
    assert User.objects.get(username="samordnare").has_perm("followups.coordinate_followup")
    assert User.objects.get(username="samordnare").email == "samordnare@example.invalid"


def test_running_it_again_changes_nothing(db, settings):
    settings.DEBUG = True
    first_output = create_demo_users()
    before = users()
    assert create_demo_users() == first_output
    assert users() == before


def test_refused_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="bara när DEBUG är på"):
        call_command("create_demo_users", stdout=io.StringIO())
    assert not User.objects.exists()
