"""Backup and restore (manage.py backup / restore, behind make backup / restore)."""

import io
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from huddinge_safety.backups.database import client_program
from huddinge_safety.followups.models import FollowUp
from huddinge_safety.pagecache.models import ContentVersion
from huddinge_safety.protocols.models import AgendaItem
from tests.databases import database_url
from tests.factories import UserFactory

CONTENT_APPS = ["protocols", "programs", "goals", "followups", "documents"]


def every_record():
    """Every row of every content model (history and many-to-many tables included)
    and the users with their groups and permissions, by natural key where the
    primary keys of content types and permissions may change."""
    records = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    records["users"] = [
        (
            user.pk,
            user.username,
            user.password,
            user.is_staff,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)),
        )
        for user in User.objects.order_by("pk")
    ]
    records["groups"] = [
        (group.name, sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.order_by("name")
    ]
    return records


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_an_empty_database_has_every_record(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    # A flush by an earlier transactional test removes the groups of the data migration.
    Group.objects.get_or_create(name="Tjänsteperson")
    official = UserFactory(username="tjansteperson", groups=["Tjänsteperson"])
    official.user_permissions.add(Permission.objects.get(codename="publish_followup"))
    item = AgendaItem.objects.order_by("pk").first()
    item.decision = "Ändrat av en tjänsteperson."
    item._history_user = official
    item.save()
    before = every_record()
    assert len(before["followups.HistoricalFollowUp"]) >= 2
    assert ("tjansteperson", ["Tjänsteperson"], ["publish_followup"]) in [
        (username, groups, permissions)
        for _, username, _, _, groups, permissions in before["users"]
    ]
    assert any(
        row["history_user_id"] == official.pk for row in before["protocols.HistoricalAgendaItem"]
    )
    backup = tmp_path / "huddinge.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    assert not FollowUp.history.exists()
    assert not User.objects.exists()
    version = ContentVersion.objects.current()

    out = io.StringIO()
    call_command("restore", str(backup), interactive=False, stdout=out)

    assert "återställd" in out.getvalue()
    after = every_record()
    assert after == before
    # Pages cached before the restore are never served after it.
    assert ContentVersion.objects.current().token != version.token


def test_restore_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("restore", str(tmp_path / "saknas.dump"), interactive=False)


def test_restore_changes_nothing_unless_confirmed(demo, tmp_path, monkeypatch):
    backup = tmp_path / "huddinge.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    before = every_record()
    monkeypatch.setattr("builtins.input", lambda prompt: "nej")
    with pytest.raises(CommandError, match="avbröts"):
        call_command("restore", str(backup))
    assert every_record() == before


def test_backup_is_readable_by_its_owner_only(db, tmp_path):
    """It holds sessions and password hashes; the umask must not loosen that."""
    backup = tmp_path / "huddinge.dump"
    previous = os.umask(0)
    try:
        call_command("backup", output=str(backup), stdout=io.StringIO())
    finally:
        os.umask(previous)
    assert backup.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
@pytest.mark.django_db(transaction=True)
def test_restoring_a_damaged_backup_says_so_in_swedish_and_changes_nothing(tmp_path, damage):
    call_command("load_demo", stdout=io.StringIO())
    backup = tmp_path / "huddinge.dump"
    call_command("backup", output=str(backup), stdout=io.StringIO())
    if damage == "garbage":
        backup.write_bytes(b"inte en s\xc3\xa4kerhetskopia\n" * 100)
    else:
        backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    AgendaItem.objects.update(decision="Ändrat efter säkerhetskopian.")
    before = every_record()

    result = subprocess.run(
        [sys.executable, "manage.py", "restore", "--noinput", str(backup)],
        env={**os.environ, "DATABASE_URL": database_url()},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert result.stderr.startswith(f"CommandError: Säkerhetskopian {backup} gick inte att")
    assert "databasen är oförändrad" in result.stderr
    assert "Traceback" not in result.stderr
    assert every_record() == before


@pytest.mark.parametrize("program", ["pg_dump", "pg_restore"])
def test_client_programs_are_of_the_servers_major_version(db, program):
    """Debian's client is 15; the embedded server is newer and ships its own."""
    path = client_program(program)
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    assert f"(PostgreSQL) {connection.pg_version // 10000}." in version
